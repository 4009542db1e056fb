#pragma once

#include <array>
#include <vector>

#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/sim_time.hpp"

namespace surgesim::care {

/// A non-homogeneous Poisson process whose rate is constant within each hour: visits per day
/// times that hour's share of the day. next() inverts the cumulative rate exactly (no thinning).
class ArrivalProcess {
 public:
  /// visits_per_day[d] for day d (the last value repeats); hourly weights are normalised to 1.
  ArrivalProcess(std::vector<double> visits_per_day, const std::array<double, 24>& hourly_weights,
                 engine::SimTime horizon_min);
  /// The first arrival after t, or kForever when none falls before the horizon.
  engine::SimTime next(engine::SimTime t, engine::Rng& rng) const;
  /// Expected arrivals in [0, horizon).
  double expected_total() const;

 private:
  double rate_per_min(long hour_index) const;
  std::vector<double> per_day_;
  std::array<double, 24> share_{};
  engine::SimTime horizon_;
};

}  // namespace surgesim::care
