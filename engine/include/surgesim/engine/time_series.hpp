#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "surgesim/engine/sim_time.hpp"

namespace surgesim::engine {

/// Sums and counts of observations in fixed-width bins of time (e.g. arrivals per day).
class BinnedSeries {
 public:
  /// bin_width > 0, in simulated time units (1440 for days when time is in minutes).
  explicit BinnedSeries(Duration bin_width);
  /// Adds `value` to the bin holding time t (t >= 0).
  void add(SimTime t, double value = 1.0);

  Duration bin_width() const noexcept { return width_; }
  std::size_t bins() const noexcept { return sums_.size(); }
  double sum(std::size_t bin) const noexcept { return bin < sums_.size() ? sums_[bin] : 0.0; }
  std::uint64_t count(std::size_t bin) const noexcept {
    return bin < counts_.size() ? counts_[bin] : 0;
  }
  /// Grows to at least n bins (zero-filled), so every series of a run has the same length.
  void extend_to(std::size_t n);

 private:
  std::size_t bin_of(SimTime t) const;
  Duration width_;
  std::vector<double> sums_;
  std::vector<std::uint64_t> counts_;
};

/// Per-bin time averages and maxima of a piecewise-constant quantity (e.g. daily mean occupancy).
class TimeWeightedSeries {
 public:
  explicit TimeWeightedSeries(Duration bin_width, double initial = 0);
  /// The quantity becomes `value` at time t (t >= the previous change).
  void set(SimTime t, double value);
  /// Closes the series at time t: the last value is accounted up to t.
  void finish(SimTime t);

  std::size_t bins() const noexcept { return area_.size(); }
  /// Time average over bin `bin` (the covered part of the last, partial bin).
  double mean(std::size_t bin) const;
  double max(std::size_t bin) const;

 private:
  void account_to(SimTime t);
  Duration width_;
  SimTime last_ = 0;
  double value_;
  std::vector<double> area_;
  std::vector<double> covered_;
  std::vector<double> max_;
};

}  // namespace surgesim::engine
