#include "compare_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common.hpp"
#include "surgesim/engine/comparison.hpp"
#include "surgesim/run/compare.hpp"
#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/precision.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/run/strict_json.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::cli {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;
namespace fs = std::filesystem;

namespace {

constexpr double kAlpha = 0.05;

bool is_output_folder(const std::string& p) { return fs::is_directory(p); }

// One variant run from its scenario file: its scenario (with the common seed) and replications.
struct Variant {
  sc::Scenario scenario;
  std::vector<rn::ReplicationResult> reps;
};

void print_comparison(const rn::ReplicationTable& a, const rn::ReplicationTable& b,
                      const std::vector<rn::KpiComparison>& rows) {
  std::printf(
      "A: %s\nB: %s\n%zu and %zu replications, %s; Holm-adjusted p, * significant at "
      "%.2f\n\n",
      a.source.c_str(), b.source.c_str(), a.values.size(), b.values.size(),
      rn::paired(a, b) ? "paired by seed (common random numbers)" : "independent (Welch)", kAlpha);
  std::printf("  %-30s %13s %13s %13s %27s %8s %8s\n", "KPI", "A mean", "B mean", "B - A",
              "95% CI of B - A", "change", "p adj");
  for (const rn::KpiComparison& k : rows) {
    char ci[64] = "";
    if (std::isfinite(k.c.ci_low))
      std::snprintf(ci, sizeof ci, "[%.2f, %.2f]", k.c.ci_low, k.c.ci_high);
    char rel[32] = "";
    if (std::isfinite(k.rel_change)) std::snprintf(rel, sizeof rel, "%+.1f%%", 100 * k.rel_change);
    char p[32] = "";
    if (k.c.cannot_differ) {
      std::snprintf(p, sizeof p, "same");
    } else if (std::isfinite(k.p_adjusted)) {
      std::snprintf(p, sizeof p, "%.3g", k.p_adjusted);
    }
    std::printf("  %-30s %13.2f %13.2f %13.2f %27s %8s %8s%s\n", k.kpi.c_str(), k.c.a_mean,
                k.c.b_mean, k.c.diff_mean, ci, rel, p, k.significant ? " *" : "");
  }
}

}  // namespace

CLI::App* add_compare_command(CLI::App& app, CompareCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "compare two scenario files (run with the same seeds: common random numbers) or two "
      "earlier output folders, KPI by KPI: paired t on the per-replication differences, Holm "
      "across KPIs");
  cmd->add_option("a", c.a, "scenario file or output folder A (the reference)")->required();
  cmd->add_option("b", c.b, "scenario file or output folder B (the variant)")->required();
  add_run_options(*cmd, c.run);
  cmd->add_option("--out,-o", c.out_dir, "output folder (default: out/compare-<A>-<B>)");
  cmd->add_option("--fail-if", c.fail_if,
                  "exit 4 when a KPI's significant change B - A meets this, e.g. 'deaths > +2%' "
                  "or 'fever_wait_mean_min > 5' (repeatable)");
  add_precision_options(*cmd, c.target_ci, c.max_replications,
                        "the 95% CI of B - A of this KPI (a percentage: of A's mean)");
  cmd->footer(kExitCodes);
  return cmd;
}

int compare_command(const CLI::App& cmd, const CompareCommand& c) {
  std::vector<rn::Gate> gates;
  try {
    for (const std::string& g : c.fail_if) gates.push_back(rn::parse_gate(g));
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  }
  const bool folders = is_output_folder(c.a) && is_output_folder(c.b);
  if (!folders && (is_output_folder(c.a) || is_output_folder(c.b)))
    return usage_error("compare: give two scenario files or two output folders, not one of each");
  const std::string out_dir = !c.out_dir.empty() ? c.out_dir
                                                 : "out/compare-" + fs::path(c.a).stem().string() +
                                                       "-" + fs::path(c.b).stem().string();
  try {
    rn::OutputFolder::check_target(out_dir);
  } catch (const std::runtime_error& e) {
    return usage_error(e.what());
  }
  rn::ReplicationTable ta, tb;
  std::vector<Variant> runs;
  std::size_t rounds = 0;
  if (folders) {
    if (!c.target_ci.empty())
      return usage_error("--target-ci needs scenario files (output folders cannot be extended)");
    try {
      ta = rn::read_replications(c.a);
      tb = rn::read_replications(c.b);
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "surgesim: %s\n", e.what());
      return kExitBadInput;
    }
  } else {
    std::string error;
    std::vector<std::string> overrides = c.run.overrides(cmd, error);
    if (!error.empty()) return usage_error(error);
    runs.push_back({sc::load_scenario(c.a, overrides), {}});
    // B runs with A's seed and replications, so replication r of both shares its streams.
    overrides.push_back("run.seed=" + std::to_string(runs[0].scenario.run.seed));
    overrides.push_back("run.replications=" + std::to_string(runs[0].scenario.run.replications));
    runs.push_back({sc::load_scenario(c.b, overrides), {}});
    for (std::size_t v = 0; v < 2; ++v) {
      for (const std::string& w : runs[v].scenario.warnings)
        std::fprintf(stderr, "%s: warning: %s\n", (v ? c.b : c.a).c_str(), w.c_str());
    }
    // Every KPI a gate or a target names must be measured by both, before anything runs.
    std::vector<std::string> both;
    const std::vector<std::string> b_kpis = rn::kpi_names(runs[1].scenario);
    for (const std::string& k : rn::kpi_names(runs[0].scenario)) {
      if (std::find(b_kpis.begin(), b_kpis.end(), k) != b_kpis.end()) both.push_back(k);
    }
    for (const rn::Gate& g : gates) {
      if (std::find(both.begin(), both.end(), g.kpi) == both.end())
        return usage_error("--fail-if '" + g.text + "': no KPI '" + g.kpi + "' in both");
    }
    std::vector<rn::TargetCi> targets;
    try {
      for (const std::string& t : c.target_ci) targets.push_back(rn::parse_target_ci(t, both));
    } catch (const std::invalid_argument& e) {
      return usage_error(e.what());
    }
    catch_interrupts();
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    const auto progress = [tty](std::size_t done, std::size_t total) {
      if (g_interrupted) throw Interrupted{};
      if (tty) print_progress(done, total);
    };
    try {
      std::size_t batch = runs[0].scenario.run.replications;
      const std::size_t max = targets.empty() ? batch : std::max(batch, c.max_replications);
      for (;;) {
        ++rounds;
        for (Variant& v : runs) {
          std::vector<rn::ReplicationResult> more = rn::run_replications(
              v.scenario, v.reps.size(), batch, v.scenario.run.threads, progress);
          for (auto& r : more) v.reps.push_back(std::move(r));
        }
        ta = rn::replication_table(runs[0].scenario, runs[0].reps);
        tb = rn::replication_table(runs[1].scenario, runs[1].reps);
        const std::vector<rn::KpiComparison> rows = rn::compare_tables(ta, tb, kAlpha);
        bool met = true;
        for (const rn::TargetCi& t : targets) {
          for (const rn::KpiComparison& k : rows) {
            if (k.kpi == t.kpi)
              met = met && (k.c.cannot_differ || t.met(k.c.a_mean, k.c.half_width, k.c.n_a));
          }
        }
        batch = met ? 0 : rn::next_batch(runs[0].reps.size(), max);
        if (batch == 0) break;
      }
    } catch (const Interrupted&) {
      std::fprintf(stderr, "\nsurgesim: interrupted; %s is as it was\n", out_dir.c_str());
      return kExitInterrupted;
    }
    ta.source = c.a;
    tb.source = c.b;
    for (Variant& v : runs) v.scenario.run.replications = v.reps.size();  // as run
  }
  const std::vector<rn::KpiComparison> rows = rn::compare_tables(ta, tb, kAlpha);
  for (const rn::Gate& g : gates) {
    bool known = false;
    for (const rn::KpiComparison& k : rows) known = known || k.kpi == g.kpi;
    if (!known) return usage_error("--fail-if '" + g.text + "': no KPI '" + g.kpi + "' in both");
  }
  rn::OutputFolder out(out_dir);
  out.write("compare.csv", rn::compare_csv(rows));
  if (!runs.empty()) {
    out.write("a_replications.csv", rn::replications_csv(runs[0].scenario, runs[0].reps));
    out.write("b_replications.csv", rn::replications_csv(runs[1].scenario, runs[1].reps));
    out.write("a_resolved.yaml", rn::resolved_yaml(runs[0].scenario));
    out.write("b_resolved.yaml", rn::resolved_yaml(runs[1].scenario));
    // Each variant's days, for `surgesim report` to draw A and B on the same axes.
    out.write("a_board_timeseries.csv", rn::board_csv(runs[0].scenario, runs[0].reps));
    out.write("b_board_timeseries.csv", rn::board_csv(runs[1].scenario, runs[1].reps));
    out.write("a_policy_events.csv", rn::policy_events_csv(runs[0].scenario, runs[0].reps));
    out.write("b_policy_events.csv", rn::policy_events_csv(runs[1].scenario, runs[1].reps));
  } else {
    for (const auto& [side, folder] : {std::pair{"a", c.a}, std::pair{"b", c.b}}) {
      for (const char* name : {"board_timeseries.csv", "policy_events.csv"}) {
        if (fs::exists(fs::path(folder) / name))
          out.write(std::string(side) + "_" + name,
                    rn::read_text_file((fs::path(folder) / name).string()));
      }
    }
  }
  out.write("compare.json", rn::compare_json(ta, tb, rows, kAlpha, gates, out.files()));
  if (g_interrupted) {
    std::fprintf(stderr, "\nsurgesim: interrupted; %s is as it was\n", out_dir.c_str());
    return kExitInterrupted;
  }
  out.commit();
  print_comparison(ta, tb, rows);
  if (!c.target_ci.empty())
    std::printf("\n  --target-ci: %zu replications each (%zu batches)\n", ta.values.size(), rounds);
  std::printf("\n  outputs in %s/\n", out_dir.c_str());
  int status = kExitOk;
  for (const rn::Gate& g : gates) {
    for (const rn::KpiComparison& k : rows) {
      if (k.kpi != g.kpi) continue;
      if (rn::gate_fails(g, k)) {
        std::fprintf(stderr, "surgesim: --fail-if '%s' failed: %s changed by %+.4g (%+.2f%%)\n",
                     g.text.c_str(), k.kpi.c_str(), k.c.diff_mean, 100 * k.rel_change);
        status = kExitGateFailed;
      }
    }
  }
  return status;
}

}  // namespace surgesim::cli
