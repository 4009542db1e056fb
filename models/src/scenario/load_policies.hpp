#pragma once

// Reading of the scenario's policies section (internal to surgesim::scenario).
#include <vector>

#include "surgesim/policy/policy.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

/// Reads `policies:` (after every other section: their paths resolve on the clinics, drugs, 120
/// service and epidemic as read). Sets the bounds of every lever a policy changes.
std::vector<policy::PolicySpec> read_policies(Reader r, Scenario& s);

}  // namespace surgesim::scenario
