#include "surgesim/engine/time_weighted.hpp"

namespace surgesim::engine {

TimeWeighted::TimeWeighted(SimTime start, double value) noexcept
    : start_(start), last_(start), value_(value), max_(value), min_(value) {}

void TimeWeighted::reset(SimTime t) noexcept {
  start_ = last_ = t;
  area_ = 0;
  max_ = min_ = value_;
}

double TimeWeighted::mean(SimTime t) const noexcept {
  const double span = t - start_;
  return span > 0 ? area(t) / span : value_;
}

}  // namespace surgesim::engine
