#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace surgesim::engine {

/// How an adjustment changes the value under it.
enum class AdjustOp : std::uint8_t { kSet, kScale, kAdd };

/// A value that holds from a period on (the models' periods are days): the schedule as written
/// (steps with increasing periods), and adjustments laid over it for a span of periods, as a
/// policy does when it switches a lever on and later releases it. Outside every adjustment the
/// schedule as written holds, so a released lever resumes exactly where it would have been.
///
/// Adjustments apply in the order they were laid (a later one sees the earlier ones' result);
/// results are rounded to the nearest integer (halves away from zero) for integral T and kept
/// within [lo, hi].
template <class T>
class Schedule {
  static_assert(std::is_arithmetic_v<T>);

 public:
  struct Step {
    int from = 0;
    T value{};
    bool operator==(const Step&) const = default;
  };
  struct Adjustment {
    int from = 0;
    int until = kOpen;  ///< first period it no longer applies
    AdjustOp op = AdjustOp::kSet;
    double amount = 0;
    bool operator==(const Adjustment&) const = default;
  };
  static constexpr int kOpen = std::numeric_limits<int>::max();

  Schedule() : steps_{{0, T{}}} {}
  Schedule(T initial) : steps_{{0, initial}} {}  // NOLINT: a constant schedule reads as its value
  Schedule& operator=(T initial) {
    steps_ = {{0, initial}};
    return *this;
  }

  /// The value from period `from` on, until a later step. Steps must come in increasing periods;
  /// a step at 0 replaces the initial value.
  void set_from(int from, T value) {
    if (from < 0) throw std::invalid_argument("Schedule: a step before period 0");
    if (from == 0 && steps_.size() == 1) {
      steps_[0].value = value;
      return;
    }
    if (from <= steps_.back().from)
      throw std::invalid_argument("Schedule: steps must come in increasing periods");
    steps_.push_back({from, value});
  }

  /// Rewrites every step's value as written (e.g. to scale a capacity).
  template <class F>
  void transform_written(F f) {
    for (Step& s : steps_) s.value = f(s.value);
  }

  /// Bounds that adjusted values are kept within.
  void set_bounds(T lo, T hi) {
    lo_ = lo;
    hi_ = hi;
  }

  /// The value as written on `period` (no adjustments).
  T written_at(int period) const {
    T v = steps_.front().value;
    for (const Step& s : steps_) {
      if (s.from > period) break;
      v = s.value;
    }
    return v;
  }

  /// The value on `period`, adjustments included.
  T at(int period) const {
    T v = written_at(period);
    if (adjustments_.empty()) return v;
    double x = static_cast<double>(v);
    bool touched = false;
    for (const Adjustment& a : adjustments_) {
      if (period < a.from || period >= a.until) continue;
      touched = true;
      switch (a.op) {
        case AdjustOp::kSet:
          x = a.amount;
          break;
        case AdjustOp::kScale:
          x *= a.amount;
          break;
        case AdjustOp::kAdd:
          x += a.amount;
          break;
      }
    }
    if (!touched) return v;
    if constexpr (std::is_same_v<T, bool>) {
      return x != 0;
    } else {
      x = std::clamp(x, static_cast<double>(lo_), static_cast<double>(hi_));
      if constexpr (std::is_integral_v<T>) x = std::round(x);
      return static_cast<T>(x);
    }
  }

  /// The largest value the schedule takes as written.
  T max_written() const {
    T m = steps_.front().value;
    for (const Step& s : steps_) m = std::max(m, s.value);
    return m;
  }

  /// Lays an adjustment over periods [from, until); returns its handle for end_adjustment().
  std::size_t adjust(int from, int until, AdjustOp op, double amount) {
    adjustments_.push_back({from, until, op, amount});
    return adjustments_.size() - 1;
  }
  /// The adjustment no longer applies from `period` on (it may already have ended earlier).
  void end_adjustment(std::size_t handle, int period) {
    Adjustment& a = adjustments_.at(handle);
    a.until = std::min(a.until, std::max(a.from, period));
  }

  const std::vector<Step>& steps() const noexcept { return steps_; }
  const std::vector<Adjustment>& adjustments() const noexcept { return adjustments_; }
  /// True when the value never changes, as written.
  bool constant() const noexcept { return steps_.size() == 1; }

  bool operator==(const Schedule&) const = default;

 private:
  std::vector<Step> steps_;
  std::vector<Adjustment> adjustments_;
  T lo_ = std::numeric_limits<T>::lowest();
  T hi_ = std::numeric_limits<T>::max();
};

}  // namespace surgesim::engine
