// The tables a run prints: its KPIs, where it breaks first, and what it cost.
#pragma once

#include <string>
#include <vector>

#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::cli {

void print_summary(const scenario::Scenario& s, const std::vector<run::ReplicationResult>& reps,
                   double wall_s, const std::string& out_dir);

}  // namespace surgesim::cli
