// surgesim regress DIR: the scenarios of a regression folder against their goldens, exactly
// (byte-identical outputs with the fixed seed) or statistically (--stat: each KPI equivalent
// within its margin); --bless makes new goldens.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace surgesim::cli {

struct RegressCommand {
  std::string dir, out_dir, reason;
  bool stat = false, bless = false, strict = false, verbose = false;
  int threads = 0;
  std::size_t replications =
      0;  ///< --bless: statistical goldens' replications (0: as before, or 30)
  std::vector<std::string> sets;
  std::vector<std::string> only;  ///< scenario names (file stems); empty: all
};
CLI::App* add_regress_command(CLI::App& app, RegressCommand& c);
int regress_command(const RegressCommand& c);

}  // namespace surgesim::cli
