#pragma once

#include <string>
#include <vector>

#include "surgesim/policy/board.hpp"

namespace surgesim::run {

/// A part of the health system and the measure that says it is at capacity on a day.
struct BreakPool {
  const char* name;
  const char* metric;  ///< a board metric
  double limit;        ///< at capacity when the metric is at or above it (strictly above: waits)
  bool strictly_above;
  const char* what;  ///< for the table and summary.json
};

/// The pools, in the order the break table lists them: fever waits and drug stock-outs (by
/// district too), 120 response, ED, wards, ICU and makeshift hospitals (city).
const std::vector<BreakPool>& break_pools();

/// When a pool was first at capacity, and on how many days.
struct BreakRecord {
  int first_day = -1;  ///< -1: never
  int days = 0;
  bool operator==(const BreakRecord&) const = default;
};

/// One replication's record: per pool for the city, and per pool and district where the pool is
/// measured by district (else empty).
struct Breaks {
  std::vector<BreakRecord> city;
  std::vector<std::vector<BreakRecord>> district;
  bool operator==(const Breaks&) const = default;
};

/// Notes the day's board: which pools are at capacity. Pools whose metric the scenario does not
/// measure (`measured[metric]` false) are left alone.
void record_breaks(Breaks& b, int day, const policy::Board& board,
                   const std::vector<bool>& measured);

}  // namespace surgesim::run
