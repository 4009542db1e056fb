#pragma once

// Reading of the scenario's ems section (internal to surgesim::scenario).
#include "surgesim/ems/ems_params.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

/// Reads `ems:`. With an epidemic, its districts must be the epidemic's, in the same order, and
/// background calls come from them by population unless background_weight says otherwise.
ems::EmsParams read_ems(Reader r, const EpidemicScenario* epidemic, bool hospitals);

}  // namespace surgesim::scenario
