#include "run_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "common.hpp"
#include "print_run.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/precision.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::cli {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;

namespace {
// Whether every --target-ci holds for the replications so far.
bool targets_met(const sc::Scenario& s, const std::vector<rn::ReplicationResult>& reps,
                 const std::vector<rn::TargetCi>& targets) {
  const std::vector<std::string> names = rn::kpi_names(s);
  for (const rn::TargetCi& t : targets) {
    const auto k =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), t.kpi) - names.begin());
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(r.kpis[k]);
    const engine::Summary sum = engine::summarize(v);
    if (!t.met(sum.mean, sum.sd == 0 ? 0.0 : sum.half_width, sum.n)) return false;
  }
  return true;
}
}  // namespace

void add_run_options(CLI::App& cmd, RunOptions& o) {
  cmd.add_option("--seed", o.seed, "master seed, 0 to 2^63-1 (default: the scenario's)");
  cmd.add_option("--replications,-r", o.replications, "replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  cmd.add_option("--threads,-t", o.threads, "threads (0: all cores; default: the scenario's)")
      ->check(CLI::Range(0, 1024));
  cmd.add_option("--days", o.days, "days to simulate (default: the scenario's)")
      ->check(CLI::Range(1, 3650));
  cmd.add_option("--set", o.sets, "override a value: key.path=value (repeatable)");
}

std::vector<std::string> RunOptions::overrides(const CLI::App& cmd, std::string& error) const {
  std::vector<std::string> out = sets;
  if (cmd.count("--seed")) {
    if (const auto why = seed_error(seed)) {
      error = *why;
      return {};
    }
    out.push_back("run.seed=" + seed);
  }
  if (replications) out.push_back("run.replications=" + std::to_string(replications));
  if (threads >= 0) out.push_back("run.threads=" + std::to_string(threads));
  if (days) out.push_back("run.days=" + std::to_string(days));
  return out;
}

void add_precision_options(CLI::App& cmd, std::vector<std::string>& target_ci,
                           std::size_t& max_replications, const std::string& of_what) {
  cmd.add_option("--target-ci", target_ci,
                 "add replications in batches until " + of_what +
                     " has at most this half-width: KPI=HALF_WIDTH or KPI=PERCENT% of its mean "
                     "(repeatable)");
  cmd.add_option("--max-replications", max_replications,
                 "at most this many replications with --target-ci (default 1000)")
      ->check(CLI::Range(1, 100000));
}

CLI::App* add_run_command(CLI::App& app, RunCommand& c) {
  CLI::App* run = app.add_subcommand("run", "run a scenario and write its outputs");
  run->add_option("file", c.file, "scenario file")->required();
  add_run_options(*run, c.run);
  run->add_option("--out,-o", c.out_dir, "output folder (default: out/<scenario file name>)")
      ->each([&c](const std::string&) { c.out_given = true; });
  add_precision_options(*run, c.target_ci, c.max_replications, "this KPI's 95% CI");
  run->footer(kExitCodes);
  return run;
}

int run_command(const CLI::App& cmd, const RunCommand& c) {
  std::string error;
  const std::vector<std::string> overrides = c.run.overrides(cmd, error);
  if (!error.empty()) return usage_error(error);
  const std::string out_dir =
      c.out_given ? c.out_dir : "out/" + std::filesystem::path(c.file).stem().string();
  try {
    rn::OutputFolder::check_target(out_dir);
  } catch (const std::runtime_error& e) {
    return usage_error(e.what());
  }
  sc::Scenario s = sc::load_scenario(c.file, overrides);
  for (const std::string& w : s.warnings)
    std::fprintf(stderr, "%s: warning: %s\n", c.file.c_str(), w.c_str());
  std::vector<rn::TargetCi> targets;
  try {
    for (const std::string& t : c.target_ci)
      targets.push_back(rn::parse_target_ci(t, rn::kpi_names(s)));
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  }
  catch_interrupts();
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<rn::ReplicationResult> reps;
  try {
    const auto progress = [tty](std::size_t done, std::size_t total) {
      if (g_interrupted) throw Interrupted{};
      if (tty) print_progress(done, total);
    };
    const std::size_t max = std::max(s.run.replications, c.max_replications);
    std::size_t rounds = 0;
    for (std::size_t batch = s.run.replications; batch > 0;) {
      ++rounds;
      for (auto& r : rn::run_replications(s, reps.size(), batch, s.run.threads, progress))
        reps.push_back(std::move(r));
      batch =
          targets.empty() || targets_met(s, reps, targets) ? 0 : rn::next_batch(reps.size(), max);
    }
    s.run.replications = reps.size();  // as run: summary.json and resolved.yaml say so
    if (!targets.empty()) {
      std::printf("--target-ci: %zu replications (%zu batches)%s\n", reps.size(), rounds,
                  targets_met(s, reps, targets) ? "" : "; --max-replications reached first");
    }
    if (g_interrupted) throw Interrupted{};
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rn::OutputFolder out(out_dir);
    rn::write_outputs(out, s, reps);
    if (g_interrupted) throw Interrupted{};
    out.commit();
    print_summary(s, reps, wall, out_dir);
    const std::vector<std::string> warnings = rn::run_warnings(s, reps);
    for (std::size_t w = s.warnings.size(); w < warnings.size(); ++w)
      std::fprintf(stderr, "surgesim: warning: %s\n", warnings[w].c_str());
  } catch (const Interrupted&) {
    std::fprintf(stderr, "\nsurgesim: interrupted; %s is as it was\n", out_dir.c_str());
    return kExitInterrupted;
  }
  const auto checks = rn::checks(s, reps);
  for (const auto& [name, ok] : checks) {
    if (!ok) {
      std::fprintf(stderr, "surgesim: balance check %s failed (see %s/summary.json)\n",
                   name.c_str(), out_dir.c_str());
    }
  }
  static_assert(kExitCheckFailed == 3 && kExitOk == 0);
  return rn::exit_status(checks);
}

}  // namespace surgesim::cli
