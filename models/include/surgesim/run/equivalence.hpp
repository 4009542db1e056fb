// Statistical regression: are a run's KPIs the same as a golden set of replications, within a
// declared margin? Two one-sided tests of equivalence and a test of difference per KPI, each
// family Holm-adjusted across the KPIs.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "surgesim/run/compare.hpp"

namespace surgesim::run {

/// How far a KPI's mean may move and still be the same: the larger of `relative` times the
/// golden mean's magnitude and `absolute` (in the KPI's units).
struct Margin {
  double relative = 0.05;
  double absolute = 0;
  double of(double golden_mean) const;
};

/// margins.yaml: a default margin and any KPI's own.
///   default: {relative: 0.05, absolute: 0}
///   kpis:
///     fever_wait_p95_min: {relative: 0.10}
///     icu_denied: {absolute: 2}
struct Margins {
  Margin fallback;
  std::map<std::string, Margin> kpis;
  std::map<std::string, std::string> where;  ///< kpi -> "file:line:col" of its entry
  const Margin& of(const std::string& kpi) const;
};
/// Reads a margins file; throws scenario::ScenarioError (file, line, column, key path) on a bad
/// value, an unknown or a duplicate key.
Margins load_margins(const std::string& path);

enum class Verdict { kSame, kChanged, kInconclusive };
const char* verdict_name(Verdict v);

struct KpiVerdict {
  std::string kpi;
  engine::Comparison c;  ///< now - golden, 95% interval
  double margin = 0;
  double rel_change = 0;  ///< diff / |golden mean| (NaN when that is 0)
  double p_same = 0;      ///< TOST, Holm-adjusted (NaN: not tested)
  double p_changed = 1;   ///< difference, Holm-adjusted (NaN: not tested)
  Verdict verdict = Verdict::kSame;
  /// Inconclusive only: about how many replications (of each) would decide, from the spread and
  /// difference seen; 0 when decided; SIZE_MAX when no number would (the difference sits on the
  /// margin, or the margin is 0).
  std::size_t replications_needed = 0;
};

/// Each KPI the two tables share (golden's order): paired by seed and replication when they
/// match (common random numbers), else Welch. Same: equivalent within the margin, or the runs
/// cannot differ; changed: a significant difference that is not shown to be within the margin;
/// else inconclusive. Both families at family-wise level alpha.
std::vector<KpiVerdict> equivalence_verdicts(const ReplicationTable& golden,
                                             const ReplicationTable& now, const Margins& margins,
                                             double alpha = 0.05);

}  // namespace surgesim::run
