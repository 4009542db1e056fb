#pragma once

#include <cstdint>

namespace surgesim::scenario {

/// Upper bounds on scenario values (scenarios/README.md lists them). Past them a value is a typing
/// error, and would make a run exhaust memory or time instead of failing at once.
inline constexpr double kMaxMinutes = 525600;  ///< a duration in minutes: one year
inline constexpr double kMaxHours = 8760;      ///< a duration in hours: one year
inline constexpr double kMaxDays = 3650;       ///< a duration in days: ten years
inline constexpr double kMaxShape = 10000;     ///< a distribution's shape parameter
inline constexpr double kMaxPerDay = 1e7;      ///< visits, calls or imports a day
inline constexpr double kMaxFactor = 1000;     ///< a relative risk, multiplier or contacts a day
inline constexpr double kMaxWeight = 1e9;  ///< a relative weight (profiles, shares to normalise)
inline constexpr double kMaxKm = 10000;    ///< a distance
inline constexpr std::int64_t kMaxTablets = 1000000000000;  ///< tablets in a stock or delivery
inline constexpr std::int64_t kMaxQueue = 1000000000;       ///< a queue limit
/// The work a scenario implies, over all its replications, checked when it is loaded.
inline constexpr double kMaxExpectedVisits = 2e9;  ///< clinic visits given by scenario demand
inline constexpr double kMaxPersonDays = 1e12;     ///< epidemic people x days x replications (~2 h)
inline constexpr std::int64_t kMaxPeople = 200000000;  ///< people in the epidemic's city
inline constexpr double kMaxClinicDays = 1e8;          ///< clinics x days x replications
/// Day records kept for the outputs: replications x days x (clinics + districts + 2), ~100
/// bytes each (about 2 GB at the limit).
inline constexpr double kMaxDayRecords = 2e7;

}  // namespace surgesim::scenario
