#pragma once

// Probable mistakes in a scenario that are not errors (internal to surgesim::scenario).
#include <string>
#include <vector>

#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

/// Clinics with more doctors than rooms, and clinics whose own demand exceeds what their doctors
/// can see on some day while nobody leaves the queue (no patience_min, no queue_limit). One
/// warning per kind of mistake, naming the first clinics and the count.
std::vector<std::string> clinic_warnings(const Scenario& s);

}  // namespace surgesim::scenario
