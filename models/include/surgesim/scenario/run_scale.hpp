#pragma once

// run.scale: a city shrunk as a whole.
#include <vector>

#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

/// Counts shared out in proportion `scale`, rounded so that they add up to the scaled total
/// (largest remainders; ties to the earlier entry).
std::vector<int> scale_counts(const std::vector<int>& counts, double scale);

/// The epidemic's people (population, grids, index cases), its imports and the clinics generated
/// per district, scaled by run.scale (before clinics are generated).
void scale_epidemic(EpidemicScenario& e, double scale);

/// Every capacity and background load scaled by run.scale: 120 seats, vehicles, stations, EDs and
/// background calls (a district that had an ambulance keeps one); hospital beds of every pool; the
/// city's drug deliveries; and the amounts that policies set or add to those levers.
void scale_capacities(Scenario& s, double scale);

}  // namespace surgesim::scenario
