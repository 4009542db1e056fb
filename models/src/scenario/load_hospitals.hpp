#pragma once

// Reading of the scenario's hospitals section (internal to surgesim::scenario).
#include "surgesim/hospital/hospital_params.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

/// Reads `hospitals:`: beds per district of the epidemic (same districts, same order) and the
/// rules of admission, ICU access and outcome.
hospital::HospitalParams read_hospitals(Reader r, const EpidemicScenario& epidemic);

}  // namespace surgesim::scenario
