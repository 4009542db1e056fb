#pragma once

#include <string>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/scenario/reader.hpp"

namespace surgesim::scenario {

/// Reads a distribution written as, e.g., `{dist: lognormal, mean_min: 8, sd_min: 4}`. Every
/// value key carries the unit suffix `unit` (here "min"); `shape` is unitless.
/// dist: constant (value), exponential (mean), gamma (mean, sd | shape, scale),
/// lognormal (mean, sd), weibull (shape, scale), normal (mean, sd), uniform (low, high),
/// empirical (values).
engine::Distribution read_distribution(Reader r, const std::string& unit);

}  // namespace surgesim::scenario
