// surgesim: validate and run scenario files.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "surgesim/engine/summary.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;

constexpr int kExitBadInput = 2;

void print_progress(std::size_t done, std::size_t total) {
  const int width = 30;
  const int filled = static_cast<int>(width * done / total);
  std::fprintf(stderr, "\r[%.*s%*s] %3zu%% of the simulated days", filled,
               "##############################", width - filled, "", done * 100 / total);
  if (done == total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

std::string epidemic_text(const sc::Scenario& s) {
  if (!s.epidemic) return "no epidemic";
  std::uint64_t people = 0;
  int grids = 0;
  for (const auto& d : s.epidemic->params.districts) {
    people += d.population;
    grids += d.grids;
  }
  return std::to_string(people) + " people in " + std::to_string(grids) + " grids of " +
         std::to_string(s.epidemic->params.districts.size()) + " districts";
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux reports KiB
}

void print_summary(const sc::Scenario& s, const std::vector<rn::ReplicationResult>& reps,
                   double wall_s, const std::string& out_dir) {
  std::uint64_t events = 0;
  for (const auto& r : reps) events += r.events;
  std::printf("%s\n", s.name.c_str());
  std::printf("%d days from %s, %zu clinics, %s, %zu replications, seed %llu\n\n", s.run.days,
              s.run.start_date.c_str(), s.clinics.size(), epidemic_text(s).c_str(), reps.size(),
              static_cast<unsigned long long>(s.run.seed));
  std::printf("  %-30s %14s %14s %14s\n", "KPI", "mean", "95% CI low", "95% CI high");
  const std::vector<std::string> names = rn::kpi_names(s);
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(r.kpis[k]);
    const auto sum = surgesim::engine::summarize(v);
    if (reps.size() > 1) {
      std::printf("  %-30s %14.2f %14.2f %14.2f\n", names[k].c_str(), sum.mean, sum.ci_low,
                  sum.ci_high);
    } else {
      std::printf("  %-30s %14.2f %14s %14s\n", names[k].c_str(), sum.mean, "-", "-");
    }
  }
  std::printf(
      "\n  %.2f s wall, peak memory %.0f MiB; %llu discrete events (%.1f million events/s); "
      "outputs in %s/\n",
      wall_s, peak_rss_mib(), static_cast<unsigned long long>(events),
      static_cast<double>(events) / wall_s / 1e6, out_dir.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"surgesim: epidemic surge and health-system capacity simulation"};
  app.set_version_flag("--version", std::string("surgesim ") + rn::surgesim_version() +
                                        " (commit " + rn::git_commit() + ")");
  app.require_subcommand(1);

  std::vector<std::string> files;
  std::vector<std::string> sets;
  CLI::App* validate =
      app.add_subcommand("validate", "check scenario files and report every problem's place");
  validate->add_option("files", files, "scenario files")->required()->check(CLI::ExistingFile);
  validate->add_option("--set", sets, "override a value: key.path=value (repeatable)");

  std::string file, out_dir;
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  int threads = -1, days = 0;
  CLI::App* run = app.add_subcommand("run", "run a scenario and write its outputs");
  run->add_option("file", file, "scenario file")->required()->check(CLI::ExistingFile);
  run->add_option("--seed", seed, "master seed (default: the scenario's)");
  run->add_option("--replications,-r", replications, "replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  run->add_option("--threads,-t", threads, "threads (0: all cores; default: the scenario's)")
      ->check(CLI::Range(0, 1024));
  run->add_option("--days", days, "days to simulate (default: the scenario's)")
      ->check(CLI::Range(1, 3650));
  run->add_option("--out,-o", out_dir, "output folder (default: out/<scenario name>)");
  run->add_option("--set", sets, "override a value: key.path=value (repeatable)");

  CLI11_PARSE(app, argc, argv);

  try {
    if (validate->parsed()) {
      int bad = 0;
      for (const std::string& f : files) {
        try {
          const sc::Scenario s = sc::load_scenario(f, sets);
          std::printf("%s: ok (%zu clinics, %zu drugs, %s, %d days)\n", f.c_str(), s.clinics.size(),
                      s.drugs.size(), epidemic_text(s).c_str(), s.run.days);
        } catch (const sc::ScenarioError& e) {
          std::fprintf(stderr, "%s\n", e.what());
          ++bad;
        }
      }
      return bad ? kExitBadInput : 0;
    }
    std::vector<std::string> overrides = sets;
    if (seed != 0 || run->count("--seed")) overrides.push_back("run.seed=" + std::to_string(seed));
    if (replications) overrides.push_back("run.replications=" + std::to_string(replications));
    if (threads >= 0) overrides.push_back("run.threads=" + std::to_string(threads));
    if (days) overrides.push_back("run.days=" + std::to_string(days));
    const sc::Scenario s = sc::load_scenario(file, overrides);
    if (out_dir.empty()) out_dir = "out/" + std::filesystem::path(file).stem().string();
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    const auto t0 = std::chrono::steady_clock::now();
    const auto reps = rn::run_replications(s, s.run.threads, tty ? print_progress : nullptr);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rn::write_outputs(out_dir, s, reps);
    print_summary(s, reps, wall, out_dir);
    return 0;
  } catch (const sc::ScenarioError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "surgesim: %s\n", e.what());
    return 1;
  }
}
