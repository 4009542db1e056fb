// surgesim: validate, run, compare, sweep and regress scenario files, and report on the outputs.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common.hpp"
#include "compare_command.hpp"
#include "regress_command.hpp"
#include "report_command.hpp"
#include "run_command.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"
#include "sweep_command.hpp"

namespace {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;
using namespace surgesim::cli;

const std::vector<std::string> kCommands = {"validate", "run",     "compare",
                                            "sweep",    "regress", "report"};

// The command line's first word must be a command; CLI11 would say "A subcommand is required"
// for a misspelt one.
std::optional<int> check_command(int argc, char** argv) {
  std::string list;
  for (const std::string& c : kCommands) list += (list.empty() ? "" : ", ") + c;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h" || a == "--version") return std::nullopt;
    if (!a.empty() && a[0] == '-') {
      return usage_error("unknown option '" + a + "' before the command (options go after it); " +
                         "the commands are: " + list);
    }
    if (std::find(kCommands.begin(), kCommands.end(), a) != kCommands.end()) return std::nullopt;
    std::string msg = "unknown command '" + a + "'";
    const std::string hint =
        sc::closest_word(a, std::set<std::string>(kCommands.begin(), kCommands.end()));
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    return usage_error(msg + "; the commands are: " + list);
  }
  return usage_error("no command given; the commands are: " + list);
}

int validate_command(const std::vector<std::string>& files, const std::vector<std::string>& sets) {
  int bad = 0;
  for (const std::string& f : files) {
    try {
      const sc::Scenario s = sc::load_scenario(f, sets);
      std::printf("%s: ok (%zu clinics, %zu drugs, %s, %d days)\n", f.c_str(), s.clinics.size(),
                  s.drugs.size(), epidemic_text(s).c_str(), s.run.days);
      for (const std::string& w : s.warnings)
        std::fprintf(stderr, "%s: warning: %s\n", f.c_str(), w.c_str());
    } catch (const sc::ScenarioError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ++bad;
    }
  }
  return bad ? kExitBadInput : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"surgesim: epidemic surge and health-system capacity simulation"};
  app.set_version_flag("--version", std::string("surgesim ") + rn::surgesim_version() +
                                        " (commit " + rn::git_commit() + ")");
  app.require_subcommand(1);
  app.footer(kExitCodes);

  std::vector<std::string> files;
  std::vector<std::string> sets;
  CLI::App* validate = app.add_subcommand(
      "validate",
      "check scenario files; every problem is reported with its place (at most 20 a file)");
  validate->add_option("files", files, "scenario files")->required();
  validate->add_option("--set", sets, "override a value: key.path=value (repeatable)");
  validate->footer(kExitCodes);
  RunCommand run_args;
  CLI::App* run = add_run_command(app, run_args);
  CompareCommand compare_args;
  CLI::App* compare = add_compare_command(app, compare_args);
  SweepCommand sweep_args;
  const auto [sweep, merge] = add_sweep_command(app, sweep_args);
  RegressCommand regress_args;
  CLI::App* regress = add_regress_command(app, regress_args);
  ReportCommand report_args;
  CLI::App* report = add_report_command(app, report_args);

  if (const auto bad = check_command(argc, argv)) return *bad;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return usage_error(e.what());
  }

  try {
    if (validate->parsed()) return validate_command(files, sets);
    if (compare->parsed()) return compare_command(*compare, compare_args);
    if (merge->parsed()) return sweep_merge_command(sweep_args);
    if (sweep->parsed()) return sweep_command(*sweep, sweep_args);
    if (regress->parsed()) return regress_command(regress_args);
    if (report->parsed()) return report_command(report_args, argv[0]);
    return run_command(*run, run_args);
  } catch (const sc::ScenarioError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "surgesim: %s\n", e.what());
    return kExitInternal;
  }
}
