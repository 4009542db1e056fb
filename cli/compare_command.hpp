// surgesim compare A B: two variants (scenario files run with the same seeds, or two earlier
// outputs) compared KPI by KPI.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace surgesim::cli {

struct CompareCommand {
  std::string a, b, out_dir;
  RunOptions run;
  std::vector<std::string> fail_if, target_ci;
  std::size_t max_replications = 1000;
};
CLI::App* add_compare_command(CLI::App& app, CompareCommand& c);
int compare_command(const CLI::App& cmd, const CompareCommand& c);

}  // namespace surgesim::cli
