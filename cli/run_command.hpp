// surgesim run FILE: run a scenario and write its outputs.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace surgesim::cli {

/// The options every command that runs scenarios shares (run, compare).
struct RunOptions {
  std::string seed;
  std::size_t replications = 0;
  int threads = -1;
  int days = 0;
  std::vector<std::string> sets;
  /// --seed, --replications, --threads, --days and --set as overrides of the scenario's values;
  /// empty when --seed is not a valid seed (then `error` says why).
  std::vector<std::string> overrides(const CLI::App& cmd, std::string& error) const;
};
void add_run_options(CLI::App& cmd, RunOptions& o);
/// --target-ci and --max-replications; `of_what` names the interval ("this KPI's", "B - A of
/// this KPI's").
void add_precision_options(CLI::App& cmd, std::vector<std::string>& target_ci,
                           std::size_t& max_replications, const std::string& of_what);

struct RunCommand {
  std::string file, out_dir;
  bool out_given = false;
  RunOptions run;
  std::vector<std::string> target_ci;
  std::size_t max_replications = 1000;
};
CLI::App* add_run_command(CLI::App& app, RunCommand& c);
int run_command(const CLI::App& cmd, const RunCommand& c);

}  // namespace surgesim::cli
