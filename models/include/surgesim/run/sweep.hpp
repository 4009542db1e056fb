#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "surgesim/scenario/sweep_design.hpp"

namespace surgesim::run {

/// One point of a sweep: each parameter's value as it is set ("" : the scenario's own, for the
/// base point of a one-at-a-time design).
struct SweepPoint {
  std::size_t index = 0;
  std::vector<std::string> values;
};

/// The design's points: grid (every combination, the last parameter fastest), oat (the scenario
/// as it is, then each parameter's values one at a time), lhs (a Latin hypercube) or sobol (a
/// Sobol sequence, its first point skipped). lhs draws from the stream "sweep/design" of `seed`.
std::vector<SweepPoint> design_points(const scenario::SweepDesign& d, std::uint64_t seed);

/// The point's --set overrides ("path=value").
std::vector<std::string> point_overrides(const scenario::SweepDesign& d, const SweepPoint& p);

/// sweep.csv: `point,replication,seed,` each parameter's path, then every KPI.
std::string sweep_header(const scenario::SweepDesign& d, const std::vector<std::string>& kpis);
std::string sweep_row(const SweepPoint& p, std::size_t replication, std::uint64_t seed,
                      const std::vector<double>& kpis);

/// A sweep.csv as read back: its header and its complete rows (a last line without its end,
/// left by a crash, is not one), with the (point, replication) of each.
struct SweepRows {
  std::string header;
  std::vector<std::string> rows;  ///< each with its "\n"
  std::set<std::pair<std::size_t, std::size_t>> done;
  std::size_t complete_bytes = 0;  ///< the length of the file up to its last complete row
};
/// Throws std::runtime_error naming the file and line when it is not a sweep.csv.
SweepRows read_sweep_rows(const std::string& path);

/// The rows sorted by (point, replication), one each (a duplicate, from merged shards, once).
std::vector<std::string> sorted_rows(const std::vector<std::string>& rows);

/// sweep_summary.csv: per point, each parameter then mean, sd, ci95_low, ci95_high of each KPI.
std::string sweep_summary_csv(const scenario::SweepDesign& d, const std::vector<SweepPoint>& points,
                              const std::vector<std::string>& kpis,
                              const std::vector<std::string>& sorted);

/// design_points.csv: `point,` then each parameter's value.
std::string design_points_csv(const scenario::SweepDesign& d,
                              const std::vector<SweepPoint>& points);

}  // namespace surgesim::run
