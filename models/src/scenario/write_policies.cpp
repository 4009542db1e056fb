// The policies section of resolved.yaml, from the policies as loaded: every target by its own
// path, amounts as applied (run.scale included), so the file reproduces the run.
#include <cmath>
#include <map>
#include <vector>

#include "emit.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

namespace {

const char* op_text(policy::Compare c) {
  switch (c) {
    case policy::Compare::kLess:
      return "<";
    case policy::Compare::kLessEqual:
      return "<=";
    case policy::Compare::kGreater:
      return ">";
    case policy::Compare::kGreaterEqual:
      return ">=";
  }
  return ">";
}

std::string condition(const policy::Condition& c) {
  return std::string(policy::metric_catalogue()[c.metric].name) + " " + op_text(c.op) + " " +
         num(c.threshold);
}

bool integral(policy::LeverKind k) {
  switch (k) {
    case policy::LeverKind::kClinicRooms:
    case policy::LeverKind::kClinicDoctors:
    case policy::LeverKind::kClinicTablets:
    case policy::LeverKind::kResupply:
    case policy::LeverKind::kCitySupply:
    case policy::LeverKind::kEmsSeats:
    case policy::LeverKind::kEmsVehicles:
    case policy::LeverKind::kBeds:
    case policy::LeverKind::kFacilityBeds:
    case policy::LeverKind::kHealthPacks:
    case policy::LeverKind::kQuarantineDays:
    case policy::LeverKind::kQuarantineContacts:
      return true;
    default:
      return false;
  }
}

// Integer levers where -1 means no limit, written `none`.
bool count_or_none(policy::LeverKind k) {
  return k == policy::LeverKind::kClinicQueueLimit || k == policy::LeverKind::kOnlinePerDay ||
         k == policy::LeverKind::kOnlineTablets;
}

void emit_value(YAML::Emitter& e, const policy::LeverTarget& t, engine::AdjustOp op, double v) {
  if (op == engine::AdjustOp::kScale) {
    e << num(v);
    return;
  }
  if (count_or_none(t.kind) && op == engine::AdjustOp::kSet && v < 0) {
    e << "none";
    return;
  }
  if (integral(t.kind) || count_or_none(t.kind)) {  // as the loader reads it ("1e+05" is not)
    e << static_cast<long long>(v);
    return;
  }
  if (op != engine::AdjustOp::kSet) {
    e << num(v);
    return;
  }
  switch (t.kind) {
    case policy::LeverKind::kClinicOpen:
      e << (v != 0);
      return;
    case policy::LeverKind::kAllocation:
      e << (v != 0 ? "by_demand" : "equal");
      return;
    case policy::LeverKind::kMutualAid:
      e << (v != 0);
      return;
    case policy::LeverKind::kCentralisedIsolation:
      e << (v != 0 ? "centralised" : "home");
      return;
    case policy::LeverKind::kClinicHours: {
      const care::DailyHours h = care::FeverClinicParams::hours_of_code(static_cast<int>(v));
      char buf[32];
      if (h.closed()) {
        e << "closed";
      } else if (h.open_min == 0 && h.close_min == 1440) {
        e << "24h";
      } else {
        std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", h.open_min / 60, h.open_min % 60,
                      h.close_min / 60, h.close_min % 60);
        e << buf;
      }
      return;
    }
    default:
      e << num(v);
  }
}

}  // namespace

void emit_policies(YAML::Emitter& e, const Scenario& s) {
  if (s.policies.empty()) return;
  e << YAML::Key << "policies" << YAML::Value << YAML::BeginSeq;
  for (const policy::PolicySpec& p : s.policies) {
    e << YAML::BeginMap;
    e << YAML::Key << "id" << YAML::Value << p.id;
    if (p.at) e << YAML::Key << "at" << YAML::Value << *p.at;
    if (p.until) e << YAML::Key << "until" << YAML::Value << *p.until;
    if (p.when) {
      e << YAML::Key << "when" << YAML::Value << condition(*p.when);
      e << YAML::Key << "for_days" << YAML::Value << p.for_days;
      e << YAML::Key << "scope" << YAML::Value
        << (p.scope == policy::Scope::kDistrict ? "district" : "city");
      e << YAML::Key << "delay_days" << YAML::Value << p.delay_days;
      if (p.release) {
        e << YAML::Key << "release" << YAML::Value << condition(*p.release);
        e << YAML::Key << "release_days" << YAML::Value << p.release_days;
      }
      e << YAML::Key << "max_fires" << YAML::Value << p.max_fires;
    }
    // One map per operation, in the order the loader applies them (set, scale, add); a path
    // named twice in one map is merged as its adjustments compose.
    for (const auto& [op, key] :
         {std::pair{engine::AdjustOp::kSet, "set"}, std::pair{engine::AdjustOp::kScale, "scale"},
          std::pair{engine::AdjustOp::kAdd, "add"}}) {
      std::vector<std::pair<const policy::LeverTarget*, double>> items;
      std::map<std::string, std::size_t> at;
      for (const policy::Action& a : p.actions) {
        if (a.op != op) continue;
        for (const policy::LeverTarget& t : a.targets) {
          const auto it = at.find(t.path);
          if (it == at.end()) {
            at[t.path] = items.size();
            items.emplace_back(&t, a.amount);
          } else {
            double& v = items[it->second].second;
            v = op == engine::AdjustOp::kSet     ? a.amount
                : op == engine::AdjustOp::kScale ? v * a.amount
                                                 : v + a.amount;
          }
        }
      }
      if (items.empty()) continue;
      e << YAML::Key << key << YAML::Value << YAML::BeginMap;
      for (const auto& [t, v] : items) {
        e << YAML::Key << t->path << YAML::Value;
        emit_value(e, *t, op, v);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

}  // namespace surgesim::scenario
