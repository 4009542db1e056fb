#include "surgesim/engine/tally.hpp"

#include <cmath>

namespace surgesim::engine {

void Tally::merge(const Tally& o) noexcept {
  if (o.n_ == 0) return;
  if (n_ == 0) {
    *this = o;
    return;
  }
  // Re-express the other's sums about this shift: x - s = (x - s') + (s' - s).
  const double c = o.shift_ - shift_;
  const double on = static_cast<double>(o.n_);
  sum_sq_ += o.sum_sq_ + 2 * c * o.sum_ + c * c * on;
  sum_ += o.sum_ + c * on;
  n_ += o.n_;
  if (o.min_ < min_) min_ = o.min_;
  if (o.max_ > max_) max_ = o.max_;
}

double Tally::variance() const noexcept {
  if (n_ < 2) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(n_);
  const double v = (sum_sq_ - sum_ * sum_ / n) / (n - 1);
  return v > 0 ? v : 0.0;
}

double Tally::sd() const noexcept { return std::sqrt(variance()); }

}  // namespace surgesim::engine
