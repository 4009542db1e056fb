#pragma once

#include <cstdint>
#include <vector>

#include "surgesim/engine/quantile_sketch.hpp"
#include "surgesim/engine/tally.hpp"

namespace surgesim::care {

/// What one clinic saw on one day.
struct ClinicDayStats {
  std::uint64_t arrivals = 0;      ///< patients arriving (including returns after closing)
  std::uint64_t served = 0;        ///< consultations completed
  std::uint64_t balked = 0;        ///< turned away by a full queue
  std::uint64_t reneged = 0;       ///< left unseen after waiting too long
  std::uint64_t sent_home = 0;     ///< still waiting at closing, told to come back
  std::uint64_t referred_up = 0;   ///< needed tests this clinic cannot do
  std::uint64_t without_drug = 0;  ///< needed a drug and got none of it (online included)
  std::uint64_t online = 0;        ///< consulted online: dispensed to without a visit
  std::int64_t tablets_dispensed = 0;
  std::int64_t tablets_on_hand = 0;  ///< all drugs, at the end of the day
  double wait_sum_min = 0;           ///< of patients whose consultation began this day
  std::uint64_t waits = 0;
  std::uint32_t queue_peak = 0;
  std::uint32_t queue_end = 0;  ///< still waiting at midnight
  int doctors_on_duty = 0;
  bool stockout = false;  ///< a patient got less of a drug than the rule gives
};

/// Measurements shared by all clinics of one replication.
struct CareTotals {
  engine::Tally waits_min;
  engine::QuantileSketch wait_quantiles_min{0.005};
  std::uint32_t queue_peak = 0;
};

}  // namespace surgesim::care
