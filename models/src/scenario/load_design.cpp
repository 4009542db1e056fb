#include <cmath>

#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/sweep_design.hpp"
#include "surgesim/scenario/yaml_document.hpp"

namespace surgesim::scenario {

namespace {

bool looks_like_date(const YAML::Node& n) {
  return n.IsScalar() && n.Scalar().size() == 10 && n.Scalar()[4] == '-' && n.Scalar()[7] == '-';
}

void read_parameter(Reader v, DesignKind kind, SweepParameter& p) {
  const bool ranges = kind == DesignKind::kLhs || kind == DesignKind::kSobol;
  if (!ranges) {
    v.expect_sequence();
    if (v.size() == 0) v.fail("expected at least one value");
    for (std::size_t i = 0; i < v.size(); ++i) {
      Reader x = v.item(i);
      if (!x.node().IsScalar()) x.fail("expected a value (a number, a word or a date)");
      p.values.push_back(x.node().Scalar());
    }
    return;
  }
  v.expect_map();
  Reader lo = v.at("min"), hi = v.at("max");
  if (looks_like_date(lo.node()) || looks_like_date(hi.node())) {
    const std::string a = lo.as_string(), b = hi.as_string();
    int span = 0;
    try {
      span = days_between(a, b);
    } catch (const std::exception&) {
      hi.fail("expected two dates YYYY-MM-DD, found '" + a + "' and '" + b + "'");
    }
    if (span < 0) hi.fail("expected max on or after min");
    p.date_from = a;
    p.min = 0;
    p.max = span;
    p.integer = true;
  } else {
    p.min = lo.as_double_in(-1e15, 1e15);
    p.max = hi.as_double_in(-1e15, 1e15);
    if (p.max < p.min) hi.fail("expected max >= min");
    if (auto k = v.maybe("integer")) p.integer = k->as_bool();
    if (p.integer && std::ceil(p.min) > std::floor(p.max))
      hi.fail("expected a range that holds a whole number");
  }
  v.finish();
}

}  // namespace

const char* design_name(DesignKind k) {
  switch (k) {
    case DesignKind::kGrid:
      return "grid";
    case DesignKind::kOat:
      return "oat";
    case DesignKind::kLhs:
      return "lhs";
    case DesignKind::kSobol:
      return "sobol";
  }
  return "grid";
}

SweepDesign load_design(const std::string& path) {
  const YamlDocument doc = YamlDocument::load(path);
  Reader r(doc, doc.root(), "");
  r.expect_map();
  SweepDesign d;
  d.file = path;
  const std::string kind = r.at("design").as_choice({"grid", "oat", "lhs", "sobol"});
  d.kind = kind == "grid"  ? DesignKind::kGrid
           : kind == "oat" ? DesignKind::kOat
           : kind == "lhs" ? DesignKind::kLhs
                           : DesignKind::kSobol;
  if (auto k = r.maybe("replications"))
    d.replications = static_cast<std::size_t>(k->as_int_in(1, 100000));
  const bool ranges = d.kind == DesignKind::kLhs || d.kind == DesignKind::kSobol;
  if (ranges) {
    d.points = static_cast<std::size_t>(r.at("points").as_int_in(1, 100000));
  } else if (auto k = r.maybe("points")) {
    k->fail("points is for lhs and sobol; grid and oat take each parameter's values");
  }
  Reader params = r.at("parameters");
  params.expect_map();
  if (params.node().size() == 0) params.fail("expected at least one parameter");
  for (const auto& kv : params.node()) {
    SweepParameter p;
    p.path = kv.first.as<std::string>();
    read_parameter(params.at(p.path), d.kind, p);
    d.parameters.push_back(std::move(p));
  }
  params.finish();
  r.finish();
  doc.throw_problems();
  if (d.kind == DesignKind::kGrid || d.kind == DesignKind::kOat) {
    double n = 1;  // grid: the product of the value counts; oat: the base point plus their sum
    for (const SweepParameter& p : d.parameters) {
      if (d.kind == DesignKind::kGrid) {
        n *= static_cast<double>(p.values.size());
      } else {
        n += static_cast<double>(p.values.size());
      }
    }
    if (n > 100000)
      r.fail("the design has " + std::to_string(static_cast<long long>(n)) +
             " points: at most 100,000");
  }
  return d;
}

}  // namespace surgesim::scenario
