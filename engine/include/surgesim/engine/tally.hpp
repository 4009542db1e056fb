#pragma once

#include <cstdint>
#include <limits>

namespace surgesim::engine {

/// Count, mean, variance, min and max of a stream of observations, in O(1) memory
/// (Welford's update, which stays accurate where the naive sum of squares cancels).
class Tally {
 public:
  void add(double x) noexcept {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  /// Combines two tallies as if every observation had gone into one (Chan et al.).
  void merge(const Tally& o) noexcept;
  void reset() noexcept { *this = Tally{}; }

  std::uint64_t count() const noexcept { return n_; }
  double mean() const noexcept { return n_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  /// Sample variance (n - 1 denominator); NaN for fewer than two observations.
  double variance() const noexcept;
  double sd() const noexcept;
  double sum() const noexcept { return mean_ * static_cast<double>(n_); }
  double min() const noexcept { return n_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const noexcept { return n_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace surgesim::engine
