#pragma once

// Reading of the scenario's epidemic section (internal to surgesim::scenario).
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

/// Reads `epidemic:`; every key is optional except the districts and r0 (or rt). Defaults are the
/// Omicron BF.7 / Beijing December 2022 values of epi/city_params.hpp.
EpidemicScenario read_epidemic(Reader r);

}  // namespace surgesim::scenario
