// KPIs against golden replications: equivalence within a margin, or a significant change.
#include "surgesim/run/equivalence.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/yaml_document.hpp"

namespace surgesim::run {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Margin read_margin(scenario::Reader r, const Margin& base) {
  r.expect_map();
  Margin m = base;
  if (auto v = r.maybe("relative")) m.relative = v->as_double_in(0, 1e6);
  if (auto v = r.maybe("absolute")) m.absolute = v->as_double_in(0, 1e15);
  r.finish();
  return m;
}

}  // namespace

double Margin::of(double golden_mean) const {
  return std::max(relative * std::abs(golden_mean), absolute);
}

const Margin& Margins::of(const std::string& kpi) const {
  const auto it = kpis.find(kpi);
  return it == kpis.end() ? fallback : it->second;
}

Margins load_margins(const std::string& path) {
  const scenario::YamlDocument doc = scenario::YamlDocument::load(path);
  scenario::Reader r(doc, doc.root(), "");
  r.expect_map();
  Margins m;
  if (auto d = r.maybe("default")) m.fallback = read_margin(*d, m.fallback);
  if (auto ks = r.maybe("kpis")) {
    ks->expect_map();
    for (const auto& kv : ks->node()) {
      const std::string kpi = kv.first.as<std::string>();
      scenario::Reader k = ks->at(kpi);
      m.kpis[kpi] = read_margin(k, m.fallback);
      m.where[kpi] = doc.where(k.path(), k.node());
    }
    ks->finish();
  }
  r.finish();
  doc.throw_problems();
  return m;
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kSame:
      return "same";
    case Verdict::kChanged:
      return "changed";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "same";
}

std::size_t replications_to_decide(double sd, double diff, double margin, double alpha,
                                   std::size_t at_least) {
  constexpr auto kNever = std::numeric_limits<std::size_t>::max();
  const double d = std::abs(diff);
  const bool towards_same = d < margin;
  const double gap = towards_same ? margin - d : d;
  if (!(gap > 0) || d == margin || !std::isfinite(sd)) return kNever;
  if (sd == 0) return std::max<std::size_t>(at_least, 2);
  const double level = towards_same ? 1 - alpha : 1 - alpha / 2;
  const auto decides = [&](double n) {
    const boost::math::students_t t(n - 1);
    return boost::math::quantile(t, level) * sd / std::sqrt(n) < gap;
  };
  // Double until it decides, then halve the step back down.
  double hi = std::max<double>(static_cast<double>(at_least), 2);
  while (!decides(hi)) {
    hi *= 2;
    if (hi > 1e9) return kNever;
  }
  double lo = std::max<double>(hi / 2, 2);
  while (hi - lo > 1) {
    const double mid = std::floor((lo + hi) / 2);
    (decides(mid) ? hi : lo) = mid;
  }
  return std::max(static_cast<std::size_t>(hi), at_least);
}

std::vector<KpiVerdict> equivalence_verdicts(const ReplicationTable& golden,
                                             const ReplicationTable& now, const Margins& margins,
                                             double alpha) {
  std::vector<KpiVerdict> rows;
  std::vector<KpiComparison> compared = compare_tables(golden, now, alpha);
  for (const std::string& kpi : golden.kpis) {
    const auto it = std::find_if(compared.begin(), compared.end(),
                                 [&](const KpiComparison& k) { return k.kpi == kpi; });
    KpiVerdict v;
    v.kpi = kpi;
    if (it == compared.end()) {
      v.verdict = Verdict::kChanged;
      v.note = "no longer measured";
      v.c.a_mean = v.c.b_mean = v.c.diff_mean = v.c.ci_low = v.c.ci_high = kNaN;
      v.rel_change = v.margin = v.p_same = v.p_changed = kNaN;
      rows.push_back(v);
      continue;
    }
    v.c = it->c;
    v.rel_change = it->rel_change;
    v.p_changed = it->p_adjusted;  // Holm over the KPIs that can differ
    v.margin = margins.of(kpi).of(it->c.a_mean);
    rows.push_back(v);
  }
  for (const std::string& kpi : now.kpis) {
    if (std::find(golden.kpis.begin(), golden.kpis.end(), kpi) != golden.kpis.end()) continue;
    KpiVerdict v;
    v.kpi = kpi;
    v.verdict = Verdict::kChanged;
    v.note = "a new KPI";
    v.c.a_mean = v.c.b_mean = v.c.diff_mean = v.c.ci_low = v.c.ci_high = kNaN;
    v.rel_change = v.margin = v.p_same = v.p_changed = kNaN;
    rows.push_back(v);
  }
  // The family of "within the margin": the KPIs both measure that can differ.
  std::vector<double> p_same;
  std::size_t family = 0;
  for (const KpiVerdict& v : rows) {
    const bool tested = v.note.empty() && !v.c.cannot_differ;
    p_same.push_back(tested ? engine::equivalence_p_value(v.c, v.margin) : kNaN);
    family += tested ? 1 : 0;
  }
  const std::vector<double> same = engine::holm_adjust(p_same);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    KpiVerdict& v = rows[i];
    if (!v.note.empty()) continue;
    v.p_same = same[i];
    const bool beyond = std::abs(v.c.diff_mean) > v.margin;
    if (v.c.cannot_differ || (!std::isnan(v.p_same) && v.p_same < alpha)) {
      v.verdict = Verdict::kSame;
    } else if (beyond && !std::isnan(v.p_changed) && v.p_changed < alpha) {
      v.verdict = Verdict::kChanged;
    } else {
      v.verdict = Verdict::kInconclusive;
      // se = sd / sqrt(n): paired, sd of one difference; Welch (n each), sqrt(var a + var b).
      // Holm's first step as the level: the strictest a KPI may face.
      const double n = (static_cast<double>(v.c.n_a) + static_cast<double>(v.c.n_b)) / 2;
      const double sd = v.c.se * std::sqrt(n);
      v.replications_needed =
          replications_to_decide(sd, v.c.diff_mean, v.margin,
                                 alpha / static_cast<double>(std::max<std::size_t>(family, 1)),
                                 std::max(v.c.n_a, v.c.n_b) + 1);
    }
  }
  return rows;
}

}  // namespace surgesim::run
