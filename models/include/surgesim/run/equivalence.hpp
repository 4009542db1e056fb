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
  std::string note;  ///< "no longer measured" or "a new KPI": changed, untested
  /// Inconclusive only: about how many replications (of each) would decide, from the spread and
  /// difference seen; 0 when decided; SIZE_MAX when no number would (the difference sits on the
  /// margin, or the margin is 0).
  std::size_t replications_needed = 0;
};

/// Each KPI of the golden (its order), then any new one: paired by seed and replication when
/// the tables match (common random numbers), else Welch. Same: shown equivalent within the margin
/// (two one-sided tests), or the runs cannot differ; changed: a significant difference larger
/// than the margin, or a KPI no longer measured or new; else inconclusive. Both families
/// Holm-adjusted at family-wise level alpha.
std::vector<KpiVerdict> equivalence_verdicts(const ReplicationTable& golden,
                                             const ReplicationTable& now, const Margins& margins,
                                             double alpha = 0.05);

/// About how many replications (of each variant) would decide a KPI whose replications' difference
/// has standard deviation `sd` and mean `diff`: towards "same" when |diff| < margin (the one-sided
/// interval must fit between them), else towards "changed" (the two-sided interval must exclude 0),
/// each at level `alpha` on a t distribution. SIZE_MAX when no number would (|diff| = margin, or
/// sd is not finite); at least `at_least`.
std::size_t replications_to_decide(double sd, double diff, double margin, double alpha,
                                   std::size_t at_least = 2);

}  // namespace surgesim::run
