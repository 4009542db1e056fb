#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace surgesim::engine {

/// Two sets of replication outputs of one measure, compared: B - A.
struct Comparison {
  std::size_t n_a = 0, n_b = 0;
  bool paired = false;  ///< replication i of A and of B share their random streams
  double a_mean = 0, b_mean = 0;
  double diff_mean = 0;   ///< b_mean - a_mean
  double half_width = 0;  ///< of the difference's confidence interval (NaN: too few values)
  double ci_low = 0, ci_high = 0;
  /// Two-sided p-value of "no difference": a paired t test on the differences, or Welch's t test
  /// for independent sets. 1 when the two cannot differ (every difference exactly 0); NaN when
  /// there are too few values to tell.
  double p_value = 1;
  /// Paired only: the variance of the difference of independent runs over that of the paired
  /// ones, var(a) + var(b) over var(b - a): how much common random numbers narrowed the interval
  /// (its square root). NaN when the paired differences do not vary.
  double crn_gain = 0;
  bool cannot_differ = false;  ///< every paired difference is exactly 0
  double se = 0;               ///< standard error of diff_mean (NaN: too few values)
  double df =
      0;  ///< degrees of freedom of its t distribution (Welch-Satterthwaite when independent)
};

/// Paired comparison of a[i] and b[i] (same size, at least one each).
Comparison compare_paired(std::span<const double> a, std::span<const double> b,
                          double confidence = 0.95);
/// Welch comparison of independent sets.
Comparison compare_independent(std::span<const double> a, std::span<const double> b,
                               double confidence = 0.95);

/// Two one-sided tests (TOST) of equivalence within +-margin: the p-value of "the true difference
/// lies outside (-margin, margin)", the larger of the two one-sided t tests' p-values. 0 when
/// the two cannot differ (or do not vary and differ by less than the margin); NaN when there are
/// too few values to tell.
double equivalence_p_value(const Comparison& c, double margin);

/// Holm's step-down adjustment of a family of p-values (NaN ones are left out of the family and
/// stay NaN): each adjusted value is the smallest family-wise level at which it is rejected.
std::vector<double> holm_adjust(std::span<const double> p);

}  // namespace surgesim::engine
