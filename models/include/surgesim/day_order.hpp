#pragma once

#include "surgesim/engine/sim_time.hpp"

// The order of what happens at one instant of a day boundary (midnight) and within the hour, for
// every model: higher runs first. One table, so that a policy decided at the end of a day is in
// place before any model reads its levers for the next one.
namespace surgesim::day_order {

/// The day that ends: each day's hospital peaks start from the beds in use at midnight, then the
/// metrics board is published and the policies act on it.
inline constexpr int kHospitalPeaks = engine::kPriorityMax;
inline constexpr int kDayEnd = engine::kPriorityMax - 1;
/// Staff absent from the epidemic take effect before the clinics' own day start.
inline constexpr int kStaffing = 200;
/// Beds, crews, vehicles and dispatcher seats of the new day (levers read here).
inline constexpr int kBeds = 150;
inline constexpr int kCrews = 150;
/// The clinics' day start (doctors on duty, the day's books), then their opening and closing.
inline constexpr int kClinicDayStart = 100;
/// The city's drug deliveries, after the clinics' day start has counted the stock left.
inline constexpr int kCitySupply = 90;
inline constexpr int kClinicHours = 50;

}  // namespace surgesim::day_order
