#include "surgesim/engine/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace surgesim::engine {

QuantileSketch::QuantileSketch(double relative_accuracy) : alpha_(relative_accuracy) {
  if (!(relative_accuracy > 0 && relative_accuracy <= 0.5)) {
    throw std::invalid_argument("QuantileSketch: relative accuracy " +
                                std::to_string(relative_accuracy) + " must be in (0, 0.5]");
  }
  gamma_ = (1 + alpha_) / (1 - alpha_);
  log_gamma_ = std::log(gamma_);
  min_ = std::numeric_limits<double>::infinity();
  max_ = -std::numeric_limits<double>::infinity();
}

int QuantileSketch::index_of(double magnitude) const {
  return static_cast<int>(std::ceil(std::log(magnitude) / log_gamma_));
}

// Bucket i holds (gamma^(i-1), gamma^i]; this point is within alpha of every value in it.
double QuantileSketch::value_of(int index) const {
  return 2 * std::exp(log_gamma_ * index) / (gamma_ + 1);
}

void QuantileSketch::Store::add(int index) {
  if (counts.empty()) {
    offset = index;
    counts.assign(1, 0);
  } else if (index < offset) {
    counts.insert(counts.begin(), static_cast<std::size_t>(offset - index), 0);
    offset = index;
  } else if (index - offset >= static_cast<int>(counts.size())) {
    counts.resize(static_cast<std::size_t>(index - offset + 1), 0);
  }
  ++counts[static_cast<std::size_t>(index - offset)];
}

void QuantileSketch::Store::merge(const Store& o) {
  for (std::size_t i = 0; i < o.counts.size(); ++i) {
    for (std::uint64_t k = 0; k < o.counts[i]; ++k) add(o.offset + static_cast<int>(i));
  }
}

void QuantileSketch::add(double x) {
  if (!std::isfinite(x)) {
    throw std::invalid_argument("QuantileSketch: observation " + std::to_string(x) +
                                " is not a finite number");
  }
  ++n_;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
  if (x >= kMinIndexable) {
    positive_.add(index_of(x));
  } else if (x <= -kMinIndexable) {
    negative_.add(index_of(-x));
  } else {
    ++zeros_;
  }
}

void QuantileSketch::merge(const QuantileSketch& o) {
  if (o.alpha_ != alpha_) throw std::invalid_argument("QuantileSketch: merge of unlike accuracy");
  positive_.merge(o.positive_);
  negative_.merge(o.negative_);
  zeros_ += o.zeros_;
  n_ += o.n_;
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
}

double QuantileSketch::quantile(double q) const {
  if (!(q >= 0 && q <= 1)) {
    throw std::invalid_argument("QuantileSketch: quantile " + std::to_string(q) +
                                " must be in [0, 1]");
  }
  if (n_ == 0) return std::numeric_limits<double>::quiet_NaN();
  const auto rank = static_cast<std::uint64_t>(std::floor(q * static_cast<double>(n_ - 1)));
  std::uint64_t seen = 0;
  double v = 0;
  bool found = false;
  // Sorted order: negatives from the largest magnitude down, zeros, positives upwards.
  for (std::size_t i = negative_.counts.size(); i-- > 0 && !found;) {
    seen += negative_.counts[i];
    if (seen > rank) {
      v = -value_of(negative_.offset + static_cast<int>(i));
      found = true;
    }
  }
  if (!found) {
    seen += zeros_;
    if (seen > rank) found = true;  // v stays 0
  }
  for (std::size_t i = 0; i < positive_.counts.size() && !found; ++i) {
    seen += positive_.counts[i];
    if (seen > rank) {
      v = value_of(positive_.offset + static_cast<int>(i));
      found = true;
    }
  }
  return std::clamp(v, min_, max_);
}

}  // namespace surgesim::engine
