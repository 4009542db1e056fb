// Two variants' replications compared, KPI by KPI.
#include "surgesim/run/compare.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "surgesim/run/csv.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/strict_json.hpp"

namespace surgesim::run {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; }
}  // namespace

ReplicationTable replication_table(const scenario::Scenario& s,
                                   const std::vector<ReplicationResult>& reps) {
  ReplicationTable t;
  t.kpis = kpi_names(s);
  for (const ReplicationResult& r : reps) {
    t.seed.push_back(s.run.seed);
    t.replication.push_back(r.replication);
    t.values.push_back(r.kpis);
  }
  return t;
}

ReplicationTable read_replications(const std::string& folder) {
  const std::string path = folder + "/replications.csv";
  if (!std::ifstream(path))
    throw std::runtime_error(path + ": cannot read it (is " + folder + " a run's output?)");
  ReplicationTable t = read_replications_file(path);
  t.source = folder;
  return t;
}

ReplicationTable read_replications_file(const std::string& path) {
  return parse_replications(read_text_file(path), path);
}

ReplicationTable parse_replications(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  ReplicationTable t;
  t.source = path;
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = csv_split(line);
  if (header.size() < 3 || header[0] != "replication" || header[1] != "seed")
    throw std::runtime_error(path + ":1: expected the header replication,seed,<KPIs>");
  t.kpis.assign(header.begin() + 2, header.end());
  for (int n = 2; std::getline(in, line); ++n) {
    const std::vector<std::string> cells = csv_split(line);
    const std::string where = path + ":" + std::to_string(n) + ": ";
    if (cells.size() != header.size())
      throw std::runtime_error(where + "expected " + std::to_string(header.size()) + " fields");
    try {
      std::size_t used = 0;
      t.replication.push_back(std::stoull(cells[0], &used));
      t.seed.push_back(std::stoull(cells[1], &used));
      std::vector<double> row;
      for (std::size_t k = 2; k < cells.size(); ++k) row.push_back(std::stod(cells[k]));
      t.values.push_back(std::move(row));
    } catch (const std::logic_error&) {
      throw std::runtime_error(where + "expected numbers");
    }
  }
  if (t.values.empty()) throw std::runtime_error(path + ": no replications");
  return t;
}

bool paired(const ReplicationTable& a, const ReplicationTable& b) {
  return a.seed == b.seed && a.replication == b.replication;
}

std::vector<KpiComparison> compare_tables(const ReplicationTable& a, const ReplicationTable& b,
                                          double alpha) {
  const bool pair = paired(a, b);
  std::vector<KpiComparison> rows;
  for (std::size_t ka = 0; ka < a.kpis.size(); ++ka) {
    std::size_t kb = 0;
    while (kb < b.kpis.size() && b.kpis[kb] != a.kpis[ka]) ++kb;
    if (kb == b.kpis.size()) continue;
    std::vector<double> va, vb;
    for (const auto& r : a.values) va.push_back(r[ka]);
    for (const auto& r : b.values) vb.push_back(r[kb]);
    KpiComparison k;
    k.kpi = a.kpis[ka];
    k.c = pair ? engine::compare_paired(va, vb) : engine::compare_independent(va, vb);
    k.rel_change = k.c.a_mean != 0 ? k.c.diff_mean / std::abs(k.c.a_mean) : kNaN;
    rows.push_back(k);
  }
  // The family: KPIs that can differ (identical outputs are not a test).
  std::vector<double> p;
  for (const KpiComparison& k : rows) p.push_back(k.c.cannot_differ ? kNaN : k.c.p_value);
  const std::vector<double> adjusted = engine::holm_adjust(p);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].p_adjusted = rows[i].c.cannot_differ ? 1.0 : adjusted[i];
    rows[i].significant = !std::isnan(rows[i].p_adjusted) && rows[i].p_adjusted < alpha;
  }
  return rows;
}

Gate parse_gate(const std::string& text) {
  Gate g;
  g.text = text;
  std::istringstream in(text);
  std::string amount;
  in >> g.kpi >> g.op >> amount;
  std::string rest;
  if (g.kpi.empty() || amount.empty() || (in >> rest))
    throw std::invalid_argument("--fail-if '" + text +
                                "': expected 'KPI OP NUMBER[%]', e.g. "
                                "'deaths > +2%'");
  if (g.op != ">" && g.op != ">=" && g.op != "<" && g.op != "<=")
    throw std::invalid_argument("--fail-if '" + text + "': expected one of > >= < <=, found '" +
                                g.op + "'");
  g.relative = amount.back() == '%';
  if (g.relative) amount.pop_back();
  try {
    std::size_t used = 0;
    g.threshold = std::stod(amount, &used);
    if (used != amount.size() || !std::isfinite(g.threshold)) throw std::invalid_argument("");
  } catch (const std::logic_error&) {
    throw std::invalid_argument("--fail-if '" + text + "': expected a number, found '" + amount +
                                "'");
  }
  if (g.relative) g.threshold /= 100;
  return g;
}

bool gate_fails(const Gate& g, const KpiComparison& k) {
  if (!k.significant) return false;
  // From a mean of 0, any change is infinitely large relative to it.
  const double from_zero = k.c.diff_mean > 0   ? std::numeric_limits<double>::infinity()
                           : k.c.diff_mean < 0 ? -std::numeric_limits<double>::infinity()
                                               : 0.0;
  const double v = !g.relative ? k.c.diff_mean : k.c.a_mean == 0 ? from_zero : k.rel_change;
  if (std::isnan(v)) return false;
  return g.op == ">"    ? v > g.threshold
         : g.op == ">=" ? v >= g.threshold
         : g.op == "<"  ? v < g.threshold
                        : v <= g.threshold;
}

std::string compare_csv(const std::vector<KpiComparison>& rows) {
  std::ostringstream out;
  out << "kpi,a_mean,b_mean,diff_mean,diff_ci95_low,diff_ci95_high,rel_change,p_adjusted,"
         "significant,crn_gain,p_value,n_a,n_b\n";
  const auto real_or_empty = [](CsvRow& r, double v) {
    if (std::isfinite(v)) {
      r.real(v);
    } else {
      r.text("");
    }
  };
  for (const KpiComparison& k : rows) {
    CsvRow r;
    r.text(k.kpi).real(k.c.a_mean).real(k.c.b_mean).real(k.c.diff_mean);
    real_or_empty(r, k.c.ci_low);
    real_or_empty(r, k.c.ci_high);
    real_or_empty(r, k.rel_change);
    real_or_empty(r, k.p_adjusted);
    r.text(k.significant ? "true" : "false");
    real_or_empty(r, k.c.crn_gain);
    real_or_empty(r, k.c.p_value);
    r.integer(static_cast<std::int64_t>(k.c.n_a)).integer(static_cast<std::int64_t>(k.c.n_b));
    out << r.line();
  }
  return out.str();
}

std::string compare_json(const ReplicationTable& a, const ReplicationTable& b,
                         const std::vector<KpiComparison>& rows, double alpha,
                         const std::vector<Gate>& gates,
                         const std::vector<std::pair<std::string, std::string>>& files) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  const auto side = [](const ReplicationTable& t) {
    nlohmann::ordered_json s;
    s["source"] = t.source;
    s["seed"] =
        t.seed.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.seed[0]);
    s["replications"] = t.values.size();
    return s;
  };
  j["a"] = side(a);
  j["b"] = side(b);
  const bool pair = paired(a, b);
  j["paired"] = pair;
  j["test"] = pair ? "paired t on the per-replication differences (common random numbers)"
                   : "Welch t (the replications do not share seeds)";
  j["correction"] = "Holm, over the KPIs that can differ";
  j["alpha"] = alpha;
  j["kpis"] = nlohmann::ordered_json::array();
  for (const KpiComparison& k : rows) {
    nlohmann::ordered_json e;
    e["kpi"] = k.kpi;
    e["a_mean"] = k.c.a_mean;
    e["b_mean"] = k.c.b_mean;
    e["diff_mean"] = k.c.diff_mean;
    e["diff_ci95_low"] = number(k.c.ci_low);
    e["diff_ci95_high"] = number(k.c.ci_high);
    e["rel_change"] = number(k.rel_change);
    e["p_value"] = number(k.c.p_value);
    e["p_adjusted"] = number(k.p_adjusted);
    e["significant"] = k.significant;
    e["cannot_differ"] = k.c.cannot_differ;
    e["crn_gain"] = number(k.c.crn_gain);
    j["kpis"].push_back(e);
  }
  j["gates"] = nlohmann::ordered_json::array();
  for (const Gate& g : gates) {
    bool failed = false;
    for (const KpiComparison& k : rows) failed = failed || (k.kpi == g.kpi && gate_fails(g, k));
    j["gates"].push_back({{"gate", g.text}, {"failed", failed}});
  }
  j["files"] = nlohmann::ordered_json::object();
  for (const auto& [name, sha] : files) j["files"][name] = {{"sha256", sha}};
  return j.dump(2) + "\n";
}

}  // namespace surgesim::run
