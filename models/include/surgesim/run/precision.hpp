#pragma once

#include <string>
#include <vector>

namespace surgesim::run {

/// --target-ci KPI=HALF_WIDTH or KPI=PERCENT%: replicate until the KPI's 95% confidence interval
/// (of the paired difference, in a comparison) has at most that half-width, absolute or relative
/// to the mean's magnitude.
struct TargetCi {
  std::string text, kpi;
  double half_width = 0;
  bool relative = false;
  /// Whether an interval of `half_width` around `mean` from `n` replications meets the target
  /// (NaN: not yet). Fewer than 3 replications never do: two equal values say little.
  bool met(double mean, double half_width, std::size_t n) const;
};

/// Throws std::invalid_argument saying what is wrong; a KPI not in `kpis` is an error naming the
/// closest one.
TargetCi parse_target_ci(const std::string& text, const std::vector<std::string>& kpis);

/// The size of the next batch: as many as done so far (doubling), at most up to `max`.
std::size_t next_batch(std::size_t done, std::size_t max);

}  // namespace surgesim::run
