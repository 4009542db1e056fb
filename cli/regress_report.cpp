#include "regress_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "surgesim/run/csv.hpp"
#include "surgesim/run/outputs.hpp"

namespace surgesim::cli {

namespace rn = surgesim::run;

namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
Json number(const std::optional<double>& v) { return v ? number(*v) : Json(nullptr); }

// The shortest text that reads back as the same double: old -> new values exactly.
std::string exact(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : "-"; }

std::string needed_text(std::size_t n) {
  return n == std::numeric_limits<std::size_t>::max() ? "no number of replications"
                                                      : fmt::format("~{} replications", n);
}

void print_kpi(const rn::KpiVerdict& k) {
  std::string ci;
  if (std::isfinite(k.c.ci_low)) ci = fmt::format("[{:.4g}, {:.4g}]", k.c.ci_low, k.c.ci_high);
  std::string rel;
  if (std::isfinite(k.rel_change)) rel = fmt::format("{:+.2f}%", 100 * k.rel_change);
  std::printf("    %-13s %-30s %12.5g %12.5g %+12.4g %-25s %9s %10.4g", rn::verdict_name(k.verdict),
              k.kpi.c_str(), k.c.a_mean, k.c.b_mean, k.c.diff_mean, ci.c_str(), rel.c_str(),
              k.margin);
  if (!k.note.empty()) std::printf("  (%s)", k.note.c_str());
  if (k.verdict == rn::Verdict::kInconclusive)
    std::printf("  (%s would decide: bless with -r)", needed_text(k.replications_needed).c_str());
  std::printf("\n");
}

}  // namespace

std::string ScenarioRegression::verdict() const {
  if (exact) return exact_result.same() ? "same" : "changed";
  bool inconclusive = false;
  for (const rn::KpiVerdict& k : kpis) {
    if (k.verdict == rn::Verdict::kChanged) return "changed";
    inconclusive = inconclusive || k.verdict == rn::Verdict::kInconclusive;
  }
  return inconclusive ? "inconclusive" : "same";
}

void print_regression(const std::vector<ScenarioRegression>& rows, bool verbose) {
  for (const ScenarioRegression& r : rows) {
    for (const std::string& n : r.notes)
      std::printf("  %-28s note: %s\n", r.name.c_str(), n.c_str());
    if (r.exact) {
      if (r.exact_result.same()) {
        std::printf("  %-28s same: every output byte-identical to the goldens\n", r.name.c_str());
        continue;
      }
      std::printf("  %-28s CHANGED\n", r.name.c_str());
      for (const std::string& n : r.exact_result.inputs)
        std::printf("    %s: the outputs cannot match\n", n.c_str());
      for (const rn::FileDifference& d : r.exact_result.files)
        std::printf("    %s\n", d.detail.c_str());
      if (!r.exact_result.kpis.empty())
        std::printf("    %zu KPIs changed (golden -> now):\n", r.exact_result.kpis.size());
      for (const rn::KpiChange& k : r.exact_result.kpis)
        std::printf("      %-32s %s -> %s\n", k.kpi.c_str(), exact(k.before).c_str(),
                    exact(k.after).c_str());
      continue;
    }
    std::size_t n[3] = {0, 0, 0};
    for (const rn::KpiVerdict& k : r.kpis) ++n[static_cast<int>(k.verdict)];
    std::printf(
        "  %-28s %s: %zu same, %zu changed, %zu inconclusive (%zu replications against "
        "%zu golden, %s)\n",
        r.name.c_str(), r.verdict() == "changed" ? "CHANGED" : r.verdict().c_str(), n[0], n[1],
        n[2], r.replications, r.golden_replications,
        r.paired ? "paired by seed" : "independent seeds: Welch");
    bool header = false;
    for (const rn::KpiVerdict& k : r.kpis) {
      if (!verbose && k.verdict == rn::Verdict::kSame) continue;
      if (!header) {
        std::printf("    %-13s %-30s %12s %12s %12s %-25s %9s %10s\n", "verdict", "KPI", "golden",
                    "now", "now - golden", "95% CI", "change", "margin");
        header = true;
      }
      print_kpi(k);
    }
  }
}

std::string regression_csv(const std::vector<ScenarioRegression>& rows) {
  std::string out =
      "scenario,mode,kpi,verdict,golden,now,diff,ci95_low,ci95_high,rel_change,margin,p_same,"
      "p_changed,replications_needed,file,day,date,column,detail\n";
  for (const ScenarioRegression& r : rows) {
    if (r.exact) {
      for (const rn::KpiChange& k : r.exact_result.kpis) {
        rn::CsvRow row;
        row.text(r.name).text("exact").text(k.kpi).text("changed");
        row.text(k.before ? rn::csv_real(*k.before) : "")
            .text(k.after ? rn::csv_real(*k.after) : "");
        for (int i = 0; i < 13; ++i) row.text("");
        out += row.line();
      }
      for (const rn::FileDifference& d : r.exact_result.files) {
        rn::CsvRow row;
        row.text(r.name).text("exact").text("").text("changed");
        for (int i = 0; i < 10; ++i) row.text("");
        row.text(d.file).text(d.day).text(d.date).text(d.column).text(d.detail);
        out += row.line();
      }
      continue;
    }
    for (const rn::KpiVerdict& k : r.kpis) {
      rn::CsvRow row;
      row.text(r.name).text("stat").text(k.kpi).text(rn::verdict_name(k.verdict));
      row.real(k.c.a_mean).real(k.c.b_mean).real(k.c.diff_mean).real(k.c.ci_low).real(k.c.ci_high);
      row.real(k.rel_change).real(k.margin).real(k.p_same).real(k.p_changed);
      if (k.verdict != rn::Verdict::kInconclusive ||
          k.replications_needed == std::numeric_limits<std::size_t>::max()) {
        row.text("");
      } else {
        row.integer(static_cast<std::int64_t>(k.replications_needed));
      }
      row.text("").text("").text("").text("").text(k.note);
      out += row.line();
    }
  }
  return out;
}

std::string regression_json(const std::vector<ScenarioRegression>& rows, const std::string& dir,
                            bool stat, bool strict, double alpha, int exit_code,
                            const std::vector<std::pair<std::string, std::string>>& files) {
  Json j;
  j["schema_version"] = 1;
  j["surgesim_version"] = rn::surgesim_version();
  j["surgesim_commit"] = rn::git_commit();
  j["dir"] = dir;
  j["mode"] = stat ? "stat" : "exact";
  if (stat) {
    j["alpha"] = alpha;
    j["strict"] = strict;
  }
  j["exit_code"] = exit_code;
  j["passed"] = exit_code == 0;
  Json scenarios = Json::array();
  for (const ScenarioRegression& r : rows) {
    Json s;
    s["name"] = r.name;
    s["scenario"] = r.file;
    s["verdict"] = r.verdict();
    s["notes"] = r.notes;
    if (r.exact) {
      s["inputs_differ"] = r.exact_result.inputs;
      Json diffs = Json::array();
      for (const rn::FileDifference& d : r.exact_result.files) {
        diffs.push_back({{"file", d.file},
                         {"what", d.what},
                         {"day", d.day.empty() ? Json(nullptr) : Json(d.day)},
                         {"date", d.date.empty() ? Json(nullptr) : Json(d.date)},
                         {"column", d.column.empty() ? Json(nullptr) : Json(d.column)},
                         {"detail", d.detail}});
      }
      s["files_changed"] = diffs;
      Json kpis = Json::array();
      for (const rn::KpiChange& k : r.exact_result.kpis)
        kpis.push_back({{"kpi", k.kpi}, {"golden", number(k.before)}, {"now", number(k.after)}});
      s["kpis_changed"] = kpis;
    } else {
      s["paired"] = r.paired;
      s["golden_replications"] = r.golden_replications;
      s["replications"] = r.replications;
      Json kpis = Json::array();
      for (const rn::KpiVerdict& k : r.kpis) {
        Json e;
        e["kpi"] = k.kpi;
        e["verdict"] = rn::verdict_name(k.verdict);
        if (!k.note.empty()) e["note"] = k.note;
        e["golden_mean"] = number(k.c.a_mean);
        e["mean"] = number(k.c.b_mean);
        e["diff"] = number(k.c.diff_mean);
        e["diff_ci95_low"] = number(k.c.ci_low);
        e["diff_ci95_high"] = number(k.c.ci_high);
        e["rel_change"] = number(k.rel_change);
        e["margin"] = number(k.margin);
        e["p_same"] = number(k.p_same);
        e["p_changed"] = number(k.p_changed);
        e["replications_needed"] =
            k.verdict == rn::Verdict::kInconclusive &&
                    k.replications_needed != std::numeric_limits<std::size_t>::max()
                ? Json(k.replications_needed)
                : Json(nullptr);
        kpis.push_back(e);
      }
      s["kpis"] = kpis;
    }
    scenarios.push_back(s);
  }
  j["scenarios"] = scenarios;
  Json listed = Json::object();
  for (const auto& [name, sha] : files) listed[name] = {{"sha256", sha}};
  j["files"] = listed;
  return j.dump(2) + "\n";
}

std::string change_line(const ScenarioRegression& r) {
  if (r.exact) {
    if (r.exact_result.same()) return "outputs unchanged";
    std::string s;
    for (const std::string& n : r.exact_result.inputs) s += (s.empty() ? "" : "; ") + n;
    if (!r.exact_result.files.empty())
      s += (s.empty() ? "" : "; ") + r.exact_result.files.front().detail;
    s += fmt::format("{}{} files differ", s.empty() ? "" : "; ", r.exact_result.files.size());
    if (!r.exact_result.kpis.empty()) {
      s += "; KPIs changed:";
      for (const rn::KpiChange& k : r.exact_result.kpis)
        s += fmt::format(" {} {} -> {},", k.kpi, exact(k.before), exact(k.after));
      s.pop_back();
    }
    return s;
  }
  std::string s;
  for (const rn::KpiVerdict& k : r.kpis) {
    if (k.verdict != rn::Verdict::kChanged) continue;
    if (!k.note.empty()) {
      s += k.kpi + " (" + k.note + "), ";
      continue;
    }
    s += fmt::format("{} {:.5g} -> {:.5g} ({:+.2f}%), ", k.kpi, k.c.a_mean, k.c.b_mean,
                     100 * k.rel_change);
  }
  if (s.empty()) return "no KPI changed statistically";
  s.resize(s.size() - 2);
  return "statistically changed: " + s;
}

}  // namespace surgesim::cli
