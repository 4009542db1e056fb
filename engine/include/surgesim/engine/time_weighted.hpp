#pragma once

#include <limits>

#include "surgesim/engine/sim_time.hpp"

namespace surgesim::engine {

/// The time average of a piecewise-constant quantity (queue length, beds occupied): each value is
/// weighted by how long it held.
class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = 0, double value = 0) noexcept;
  /// The quantity changes to `value` at time `t` (t must not go backwards).
  void set(SimTime t, double value) noexcept {
    area_ += value_ * (t - last_);
    last_ = t;
    value_ = value;
    if (value > max_) max_ = value;
    if (value < min_) min_ = value;
  }
  void add(SimTime t, double delta) noexcept { set(t, value_ + delta); }
  /// Restarts the average at time t from the current value (e.g. after a warm-up period).
  void reset(SimTime t) noexcept;

  double current() const noexcept { return value_; }
  /// Time average over [start, t].
  double mean(SimTime t) const noexcept;
  /// Integral of the quantity over [start, t] (e.g. patient-hours when the quantity is patients).
  double area(SimTime t) const noexcept { return area_ + value_ * (t - last_); }
  double max() const noexcept { return max_; }
  double min() const noexcept { return min_; }
  SimTime start() const noexcept { return start_; }

 private:
  SimTime start_;
  SimTime last_;
  double value_;
  double area_ = 0;
  double max_;
  double min_;
};

}  // namespace surgesim::engine
