// surgesim report OUT_DIR: the report of a run, compare or sweep folder, made by the Python
// package's surgesim.report (matplotlib) with Debian's python3.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace surgesim::cli {

struct ReportCommand {
  std::string folder, out;
};
CLI::App* add_report_command(CLI::App& app, ReportCommand& c);
/// Replaces this process with python3 -m surgesim.report (returns only on failure).
int report_command(const ReportCommand& c, const char* argv0);

}  // namespace surgesim::cli
