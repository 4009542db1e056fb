#pragma once

#include <limits>

namespace surgesim::engine {

/// Simulated time. The engine is unit-free; models state their unit (surgesim's models use
/// minutes).
using SimTime = double;
/// A length of simulated time, in the same unit as SimTime.
using Duration = double;

inline constexpr SimTime kForever = std::numeric_limits<double>::infinity();

/// Same-time ordering: a higher priority runs first; equal priorities run in scheduling order.
inline constexpr int kPriorityDefault = 0;
inline constexpr int kPriorityMin = -32768;
inline constexpr int kPriorityMax = 32767;

}  // namespace surgesim::engine
