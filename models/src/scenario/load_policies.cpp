// Reading of the scenario's policies (levers switched on by date or by a measured threshold).
#include "load_policies.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <stdexcept>

#include "read_hours.hpp"
#include "surgesim/scenario/levers.hpp"

namespace surgesim::scenario {

namespace {

// A day after the run's end is allowed (the policy never acts), so a shorter --days still runs.
constexpr int kMaxPolicyDay = 100000;

bool has_source(const Scenario& s, policy::Source src) {
  switch (src) {
    case policy::Source::kCare:
      return !s.clinics.empty();
    case policy::Source::kEpidemic:
      return s.epidemic.has_value();
    case policy::Source::kEms:
      return s.ems.has_value();
    case policy::Source::kHospitals:
      return s.hospitals.has_value();
  }
  return false;
}

std::string metric_list(const Scenario& s) {
  std::string list;
  for (const policy::MetricInfo& m : policy::metric_catalogue()) {
    if (has_source(s, m.source)) list += (list.empty() ? "" : ", ") + std::string(m.name);
  }
  return list;
}

// `metric op number`, e.g. `fever_wait_p95_min > 120`.
policy::Condition read_condition(const Reader& r, const Scenario& s, policy::Scope scope) {
  const std::string text = r.as_string();
  std::size_t i = 0;
  const auto skip = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  skip();
  std::string name;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
    name += text[i++];
  skip();
  std::string op;
  while (i < text.size() && (text[i] == '<' || text[i] == '>' || text[i] == '=')) op += text[i++];
  skip();
  const std::string number = text.substr(i);
  const char* form =
      "expected 'METRIC OP NUMBER' with OP one of <, <=, >, >= (e.g. "
      "'fever_wait_p95_min > 120')";
  if (name.empty() || op.empty() || number.empty())
    r.fail(std::string(form) + ", found '" + text + "'");
  policy::Condition c;
  c.metric = policy::metric_index(name);
  if (c.metric == policy::kNoMetric ||
      !has_source(s, policy::metric_catalogue()[c.metric].source)) {
    std::set<std::string> names;
    for (const auto& m : policy::metric_catalogue()) names.insert(m.name);
    const std::string hint = closest_word(name, names);
    r.fail("no metric '" + name + "' in this scenario" +
           (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
           "; the metrics are: " + metric_list(s));
  }
  if (scope == policy::Scope::kDistrict && !policy::metric_catalogue()[c.metric].by_district)
    r.fail("'" + name + "' is measured for the whole city only, not by district (scope: district)");
  if (op == "<")
    c.op = policy::Compare::kLess;
  else if (op == "<=")
    c.op = policy::Compare::kLessEqual;
  else if (op == ">")
    c.op = policy::Compare::kGreater;
  else if (op == ">=")
    c.op = policy::Compare::kGreaterEqual;
  else
    r.fail(std::string(form) + ", found operator '" + op + "'");
  std::istringstream in(number);
  in.imbue(std::locale::classic());
  double v = 0;
  in >> v;
  if (in.fail() || !in.eof() || !std::isfinite(v))
    r.fail(std::string(form) + ", found '" + number + "' where a number belongs");
  c.threshold = v;
  return c;
}

// One of set / scale / add: {PATH: VALUE, ...}.
void read_actions(Reader r, engine::AdjustOp op, Scenario& s, policy::PolicySpec& p) {
  r.expect_map();
  for (const auto& kv : r.node()) {
    const std::string path = kv.first.as<std::string>();
    Reader v = r.at(path);
    ResolvedLever lever;
    try {
      lever = resolve_lever(s, path);
    } catch (const std::invalid_argument& e) {
      v.fail(e.what());
    }
    policy::Action a;
    a.op = op;
    const bool numeric = lever.value == LeverValue::kInteger || lever.value == LeverValue::kReal;
    if (op == engine::AdjustOp::kSet) {
      switch (lever.value) {
        case LeverValue::kBool:
          a.amount = v.as_bool() ? 1 : 0;
          break;
        case LeverValue::kHours:
          a.amount = care::FeverClinicParams::hours_code(read_hours_text(v));
          break;
        case LeverValue::kCountOrNone:
          a.amount = static_cast<double>(v.as_int_or_none(0, static_cast<std::int64_t>(lever.hi)));
          break;
        case LeverValue::kAllocation:
          a.amount = v.as_choice({"by_demand", "equal"}) == "by_demand" ? 1 : 0;
          break;
        case LeverValue::kIsolationPlace:
          a.amount = v.as_choice({"home", "centralised"}) == "centralised" ? 1 : 0;
          break;
        case LeverValue::kInteger:
          a.amount = static_cast<double>(v.as_int_in(static_cast<std::int64_t>(lever.lo),
                                                     static_cast<std::int64_t>(lever.hi)));
          break;
        case LeverValue::kReal:
          a.amount = v.as_double_in(lever.lo, lever.hi);
          break;
      }
    } else {
      if (!numeric) v.fail("'" + path + "' is not a number: use set");
      a.amount = op == engine::AdjustOp::kScale ? v.as_double_in(0, 1000)
                                                : v.as_double_in(-lever.hi, lever.hi);
    }
    a.targets = std::move(lever.targets);
    p.actions.push_back(std::move(a));
  }
  r.finish();
}

policy::PolicySpec read_policy(Reader r, Scenario& s) {
  r.expect_map();
  policy::PolicySpec p;
  p.id = r.at("id").as_string();
  if (p.id.empty()) r.at("id").fail("expected a non-empty id");
  const int last = s.run.days;
  if (r.has("at") == r.has("when"))
    r.fail("give either 'at' (a date or day) or 'when' (a measured condition), not " +
           std::string(r.has("at") ? "both" : "neither"));
  if (auto k = r.maybe("scope"))
    p.scope = k->as_choice({"city", "district"}) == "district" ? policy::Scope::kDistrict
                                                               : policy::Scope::kCity;
  if (auto k = r.maybe("at")) {
    p.at = k->as_day(kMaxPolicyDay);
    if (p.scope == policy::Scope::kDistrict)
      r.at("scope").fail("a dated policy applies to the whole city; scope: district needs 'when'");
  }
  if (auto k = r.maybe("when")) p.when = read_condition(*k, s, p.scope);
  if (auto k = r.maybe("until")) {
    p.until = k->as_day(kMaxPolicyDay);
    if (p.at && *p.until <= *p.at) k->fail("expected a day after 'at'");
  }
  if (auto k = r.maybe("for_days"))
    p.for_days = static_cast<int>(k->as_int_in(1, std::max(1, last)));
  if (auto k = r.maybe("delay_days")) p.delay_days = static_cast<int>(k->as_int_in(0, last));
  if (auto k = r.maybe("release")) p.release = read_condition(*k, s, p.scope);
  if (auto k = r.maybe("release_days"))
    p.release_days = static_cast<int>(k->as_int_in(1, std::max(1, last)));
  if (auto k = r.maybe("max_fires")) p.max_fires = static_cast<int>(k->as_int_in(1, 100000));
  for (const char* key : {"for_days", "delay_days", "release", "release_days", "max_fires"}) {
    if (p.at && r.has(key)) r.at(key).fail(std::string("'") + key + "' goes with 'when', not 'at'");
  }
  if (p.release_days != 1 && !p.release)
    r.at("release_days").fail("'release_days' needs 'release'");
  if (auto k = r.maybe("set")) read_actions(*k, engine::AdjustOp::kSet, s, p);
  if (auto k = r.maybe("scale")) read_actions(*k, engine::AdjustOp::kScale, s, p);
  if (auto k = r.maybe("add")) read_actions(*k, engine::AdjustOp::kAdd, s, p);
  if (p.actions.empty())
    r.fail("missing required key 'set' (or 'scale' or 'add'): what the policy changes");
  if (p.scope == policy::Scope::kDistrict) {
    for (const policy::Action& a : p.actions) {
      for (const policy::LeverTarget& t : a.targets) {
        if (t.district < 0)
          r.fail("'" + t.path +
                 "' belongs to no district: a district-scope policy changes only levers of its "
                 "district");
      }
    }
  }
  r.finish();
  return p;
}

}  // namespace

std::vector<policy::PolicySpec> read_policies(Reader r, Scenario& s) {
  r.expect_sequence();
  std::vector<policy::PolicySpec> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < r.size(); ++i) {
    read_part(s.document, [&] {
      Reader item = r.item(i);
      policy::PolicySpec p = read_policy(item, s);
      if (!ids.insert(p.id).second) item.at("id").fail("policy id '" + p.id + "' is used twice");
      out.push_back(std::move(p));
    });
  }
  return out;
}

}  // namespace surgesim::scenario
