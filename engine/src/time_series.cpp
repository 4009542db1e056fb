#include "surgesim/engine/time_series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace surgesim::engine {

namespace {
void check_width(Duration w) {
  if (!(w > 0) || !std::isfinite(w)) {
    throw std::invalid_argument("series bin width " + std::to_string(w) + " must be > 0");
  }
}
void check_time(SimTime t) {
  if (!(t >= 0) || !std::isfinite(t)) {
    throw std::invalid_argument("series time " + std::to_string(t) + " must be finite and >= 0");
  }
}
}  // namespace

BinnedSeries::BinnedSeries(Duration bin_width) : width_(bin_width) { check_width(bin_width); }

std::size_t BinnedSeries::bin_of(SimTime t) const {
  check_time(t);
  return static_cast<std::size_t>(std::floor(t / width_));
}

void BinnedSeries::add(SimTime t, double value) {
  const std::size_t b = bin_of(t);
  extend_to(b + 1);
  sums_[b] += value;
  ++counts_[b];
}

void BinnedSeries::extend_to(std::size_t n) {
  if (n > sums_.size()) {
    sums_.resize(n, 0.0);
    counts_.resize(n, 0);
  }
}

TimeWeightedSeries::TimeWeightedSeries(Duration bin_width, double initial)
    : width_(bin_width), value_(initial) {
  check_width(bin_width);
}

void TimeWeightedSeries::account_to(SimTime t) {
  check_time(t);
  if (t < last_) {
    throw std::invalid_argument("series time " + std::to_string(t) + " goes backwards");
  }
  while (last_ < t) {
    const auto b = static_cast<std::size_t>(std::floor(last_ / width_));
    if (b >= area_.size()) {
      area_.resize(b + 1, 0.0);
      covered_.resize(b + 1, 0.0);
      max_.resize(b + 1, value_);
    }
    const SimTime bin_end = static_cast<double>(b + 1) * width_;
    const SimTime upto = std::min(t, bin_end);
    area_[b] += value_ * (upto - last_);
    covered_[b] += upto - last_;
    max_[b] = std::max(max_[b], value_);
    last_ = upto;
  }
}

void TimeWeightedSeries::set(SimTime t, double value) {
  account_to(t);
  value_ = value;
  const auto b = static_cast<std::size_t>(std::floor(t / width_));
  if (b >= max_.size()) {
    area_.resize(b + 1, 0.0);
    covered_.resize(b + 1, 0.0);
    max_.resize(b + 1, value);
  }
  max_[b] = std::max(max_[b], value);
}

void TimeWeightedSeries::finish(SimTime t) { account_to(t); }

double TimeWeightedSeries::mean(std::size_t bin) const {
  if (bin >= area_.size()) throw std::out_of_range("series bin " + std::to_string(bin));
  return covered_[bin] > 0 ? area_[bin] / covered_[bin] : max_[bin];
}

double TimeWeightedSeries::max(std::size_t bin) const {
  if (bin >= max_.size()) throw std::out_of_range("series bin " + std::to_string(bin));
  return max_[bin];
}

}  // namespace surgesim::engine
