// surgesim: validate and run scenario files.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "surgesim/engine/summary.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;

// Exit codes (documented in --help and the README).
constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitCheckFailed = rn::kExitCheckFailed;
constexpr int kExitInterrupted = 130;
constexpr const char* kExitCodes =
    "Exit codes: 0 ok; 1 internal error; 2 bad input (a scenario, a --set or the command line); "
    "3 the run finished but a balance check in summary.json failed; 130 interrupted (Ctrl-C or "
    "SIGTERM: the output folder is left as it was).";
const std::vector<std::string> kCommands = {"validate", "run"};

// Set by SIGINT and SIGTERM; the run stops at the next day's end.
std::atomic<int> g_interrupted{0};  // lock-free: safe to set in a handler, read on any thread
static_assert(std::atomic<int>::is_always_lock_free);
extern "C" void on_signal(int sig) {
  g_interrupted = sig;
  std::signal(sig, SIG_DFL);  // a second Ctrl-C ends the program at once
}
struct Interrupted {};

// A usage error: one line naming the option, exit 2.
int usage_error(const std::string& message) {
  std::fprintf(stderr, "surgesim: %s (see surgesim --help)\n", message.c_str());
  return kExitBadInput;
}

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

// --seed as typed: a whole number the scenario accepts, echoed as given.
std::optional<std::string> seed_error(const std::string& seed) {
  const bool digits =
      !seed.empty() && seed.size() <= 19 &&
      std::all_of(seed.begin(), seed.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && std::stoull(seed) <=
                    static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return "--seed " + seed + ": expected a whole number from 0 to " +
         std::to_string(std::numeric_limits<std::int64_t>::max());
}

void print_progress(std::size_t done, std::size_t total) {
  static std::size_t shown = 101;  // percent last shown
  const std::size_t percent = done * 100 / total;
  if (percent == shown && done != total) return;
  shown = percent;
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

// Where the system breaks first: each pool's first date at capacity and the days there (means
// over the replications that reached it), then the districts in the order they broke.
void print_breaks(const sc::Scenario& s, const std::vector<rn::ReplicationResult>& reps) {
  const std::vector<rn::BreakSummary> breaks = rn::summarize_breaks(s, reps);
  if (breaks.empty()) return;
  std::printf("\n  %-16s %-11s %6s %6s  %s\n", "where it breaks", "first date", "days", "share",
              "at capacity when");
  for (const rn::BreakSummary& b : breaks) {
    if (!b.district.empty()) continue;
    const bool ever = !std::isnan(b.first_day_mean);
    const std::string date =
        ever ? sc::add_days(s.run.start_date, static_cast<int>(std::lround(b.first_day_mean)))
             : "never";
    std::printf("  %-16s %-11s %6.1f %6.2f  %s\n", b.pool.c_str(), date.c_str(), b.days_mean,
                b.share, b.what.c_str());
    std::vector<const rn::BreakSummary*> districts;
    for (const rn::BreakSummary& d : breaks) {
      if (d.pool == b.pool && !d.district.empty()) districts.push_back(&d);
    }
    std::stable_sort(districts.begin(), districts.end(), [](const auto* x, const auto* y) {
      return x->first_day_mean < y->first_day_mean;
    });
    std::string line;
    for (const rn::BreakSummary* d : districts) {
      line += (line.empty() ? "" : ", ") + d->district + " " +
              sc::add_days(s.run.start_date, static_cast<int>(std::lround(d->first_day_mean))) +
              " (" + std::to_string(static_cast<int>(std::lround(d->days_mean))) + " d)";
    }
    if (!line.empty()) std::printf("  %-16s by district: %s\n", "", line.c_str());
  }
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
  print_breaks(s, reps);
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
  app.footer(kExitCodes);

  std::vector<std::string> files;
  std::vector<std::string> sets;
  CLI::App* validate = app.add_subcommand(
      "validate",
      "check scenario files; every problem is reported with its place (at most 20 a file)");
  validate->add_option("files", files, "scenario files")->required();
  validate->add_option("--set", sets, "override a value: key.path=value (repeatable)");
  validate->footer(kExitCodes);

  std::string file, out_dir, seed;
  bool out_given = false;
  std::size_t replications = 0;
  int threads = -1, days = 0;
  CLI::App* run = app.add_subcommand("run", "run a scenario and write its outputs");
  run->add_option("file", file, "scenario file")->required();
  run->add_option("--seed", seed, "master seed, 0 to 2^63-1 (default: the scenario's)");
  run->add_option("--replications,-r", replications, "replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  run->add_option("--threads,-t", threads, "threads (0: all cores; default: the scenario's)")
      ->check(CLI::Range(0, 1024));
  run->add_option("--days", days, "days to simulate (default: the scenario's)")
      ->check(CLI::Range(1, 3650));
  run->add_option("--out,-o", out_dir, "output folder (default: out/<scenario file name>)")
      ->each([&](const std::string&) { out_given = true; });
  run->add_option("--set", sets, "override a value: key.path=value (repeatable)");
  run->footer(kExitCodes);

  if (const auto bad = check_command(argc, argv)) return *bad;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return usage_error(e.what());
  }

  try {
    if (validate->parsed()) {
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
    if (run->count("--seed")) {
      if (const auto why = seed_error(seed)) return usage_error(*why);
    }
    std::vector<std::string> overrides = sets;
    if (run->count("--seed")) overrides.push_back("run.seed=" + seed);
    if (replications) overrides.push_back("run.replications=" + std::to_string(replications));
    if (threads >= 0) overrides.push_back("run.threads=" + std::to_string(threads));
    if (days) overrides.push_back("run.days=" + std::to_string(days));
    if (!out_given) out_dir = "out/" + std::filesystem::path(file).stem().string();
    try {
      rn::OutputFolder::check_target(out_dir);
    } catch (const std::runtime_error& e) {
      return usage_error(e.what());
    }
    const sc::Scenario s = sc::load_scenario(file, overrides);
    for (const std::string& w : s.warnings)
      std::fprintf(stderr, "%s: warning: %s\n", file.c_str(), w.c_str());
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<rn::ReplicationResult> reps;
    try {
      reps = rn::run_replications(s, s.run.threads, [tty](std::size_t done, std::size_t total) {
        if (g_interrupted) throw Interrupted{};
        if (tty) print_progress(done, total);
      });
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
  } catch (const sc::ScenarioError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "surgesim: %s\n", e.what());
    return kExitInternal;
  }
}
