#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "surgesim/care/fever_clinic.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::care {

/// Splits `total` tablets in proportion to `weights` (equal shares when all are zero) into whole
/// tablets: floors first, then one more to the largest remainders (ties to the lower index), so
/// the shares always add up to `total` and never depend on thread or iteration order.
std::vector<std::int64_t> share_out(std::int64_t total, const std::vector<double>& weights);

/// Each day at 00:00, delivers each drug's city supply to the clinics that stock it.
class CityDrugSupply {
 public:
  CityDrugSupply(engine::Simulation& sim, const std::vector<DrugInfo>& drugs,
                 const std::vector<std::unique_ptr<FeverClinic>>& clinics, int days);
  void start();
  std::int64_t delivered() const noexcept { return delivered_; }

 private:
  void deliver_day(int day);
  engine::Simulation& sim_;
  const std::vector<DrugInfo>& drugs_;
  const std::vector<std::unique_ptr<FeverClinic>>& clinics_;
  int days_;
  std::int64_t delivered_ = 0;
};

}  // namespace surgesim::care
