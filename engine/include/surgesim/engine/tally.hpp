#pragma once

#include <cstdint>
#include <limits>

namespace surgesim::engine {

/// Count, mean, variance, min and max of a stream of observations, in O(1) memory. Sums are kept
/// of deviations from the first observation (the "shifted data" method), which avoids the
/// cancellation of the naive sum of squares without a division per observation.
class Tally {
 public:
  void add(double x) noexcept {
    if (n_ == 0) shift_ = x;
    ++n_;
    const double d = x - shift_;
    sum_ += d;
    sum_sq_ += d * d;
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  /// Combines two tallies as if every observation had gone into one (Chan et al.).
  void merge(const Tally& o) noexcept;
  void reset() noexcept { *this = Tally{}; }

  std::uint64_t count() const noexcept { return n_; }
  double mean() const noexcept {
    return n_ ? shift_ + sum_ / static_cast<double>(n_) : std::numeric_limits<double>::quiet_NaN();
  }
  /// Sample variance (n - 1 denominator); NaN for fewer than two observations.
  double variance() const noexcept;
  double sd() const noexcept;
  double sum() const noexcept { return shift_ * static_cast<double>(n_) + sum_; }
  double min() const noexcept { return n_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const noexcept { return n_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }

 private:
  std::uint64_t n_ = 0;
  double shift_ = 0;
  double sum_ = 0;     // of (x - shift_)
  double sum_sq_ = 0;  // of (x - shift_)^2
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace surgesim::engine
