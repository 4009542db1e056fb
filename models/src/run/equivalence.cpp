// KPIs against golden replications: equivalence within a margin, or a significant change.
#include "surgesim/run/equivalence.hpp"

#include <boost/math/distributions/normal.hpp>
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

// About how many replications of each variant would decide an undecided KPI: the interval's
// half-width (one-sided 95% for equivalence, two-sided for a difference) must fit in the gap
// between the difference and the margin, or inside the difference itself.
std::size_t replications_needed(const KpiVerdict& k, double alpha) {
  const double n_each = (static_cast<double>(k.c.n_a) + static_cast<double>(k.c.n_b)) / 2;
  const double sd = k.c.se * std::sqrt(n_each);  // of one replication's difference
  const double d = std::abs(k.c.diff_mean);
  const boost::math::normal z;
  const bool towards_same = d < k.margin;
  const double gap = towards_same ? k.margin - d : d;
  const double q = boost::math::quantile(z, towards_same ? 1 - alpha : 1 - alpha / 2);
  if (!(gap > 0) || !std::isfinite(sd)) return std::numeric_limits<std::size_t>::max();
  const double n = std::ceil(std::pow(q * sd / gap, 2)) + 1;
  return n > 1e9 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(n);
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

std::vector<KpiVerdict> equivalence_verdicts(const ReplicationTable& golden,
                                             const ReplicationTable& now, const Margins& margins,
                                             double alpha) {
  std::vector<KpiVerdict> rows;
  for (const KpiComparison& k : compare_tables(golden, now, alpha)) {
    KpiVerdict v;
    v.kpi = k.kpi;
    v.c = k.c;
    v.rel_change = k.rel_change;
    v.margin = margins.of(k.kpi).of(k.c.a_mean);
    rows.push_back(v);
  }
  // Two families over the KPIs that can differ: "within the margin" and "different".
  std::vector<double> p_same, p_changed;
  for (const KpiVerdict& v : rows) {
    p_same.push_back(v.c.cannot_differ ? kNaN : engine::equivalence_p_value(v.c, v.margin));
    p_changed.push_back(v.c.cannot_differ ? kNaN : v.c.p_value);
  }
  const std::vector<double> same = engine::holm_adjust(p_same);
  const std::vector<double> changed = engine::holm_adjust(p_changed);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    KpiVerdict& v = rows[i];
    v.p_same = same[i];
    v.p_changed = changed[i];
    if (v.c.cannot_differ || (!std::isnan(v.p_same) && v.p_same < alpha)) {
      v.verdict = Verdict::kSame;
    } else if (!std::isnan(v.p_changed) && v.p_changed < alpha) {
      v.verdict = Verdict::kChanged;
    } else {
      v.verdict = Verdict::kInconclusive;
      v.replications_needed = replications_needed(v, alpha);
    }
  }
  return rows;
}

}  // namespace surgesim::run
