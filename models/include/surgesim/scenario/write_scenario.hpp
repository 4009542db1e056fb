#pragma once

#include <string>

#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

/// The scenario as YAML in its own schema with every value explicit (defaults, clinic_defaults
/// and district demand resolved, numbers in shortest round-trip form), so loading the text gives
/// back the same scenario and the same run.
std::string scenario_to_yaml(const Scenario& s);

}  // namespace surgesim::scenario
