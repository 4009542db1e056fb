// surgesim sweep FILE --design D.yaml: a scenario run at every point of a design, replications
// on common random numbers across points; and surgesim sweep merge DIR... of sharded runs.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace surgesim::cli {

struct SweepCommand {
  std::string file, design, out_dir, shard;
  RunOptions run;
  bool resume = false;
  bool mpi = false;
  std::vector<std::string> merge_dirs;
  std::string merge_out;
};
/// Adds `sweep` and its `merge`; returns (sweep, merge).
std::pair<CLI::App*, CLI::App*> add_sweep_command(CLI::App& app, SweepCommand& c);
int sweep_command(const CLI::App& cmd, const SweepCommand& c);
int sweep_merge_command(const SweepCommand& c);

}  // namespace surgesim::cli
