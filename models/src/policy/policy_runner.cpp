#include <cmath>
#include <limits>

#include "surgesim/policy/policy.hpp"

namespace surgesim::policy {

bool read_by_epidemic(LeverKind kind) {
  switch (kind) {
    case LeverKind::kClinicOpen:
    case LeverKind::kClinicDoctors:  // a clinic without doctors takes no patients that day
    case LeverKind::kClinicHours:
    case LeverKind::kContacts:
    case LeverKind::kIsolationShare:
    case LeverKind::kCentralisedIsolation:
    case LeverKind::kAntiviralShare:
    case LeverKind::kVaccination:
    case LeverKind::kMutualAid:
    case LeverKind::kOnlineShare:
    case LeverKind::kOnlinePerDay:
    case LeverKind::kOnlineTablets:
    case LeverKind::kHealthPacks:
    case LeverKind::kQuarantineShare:
    case LeverKind::kQuarantineDays:
    case LeverKind::kQuarantineContacts:
      return true;
    default:
      return false;
  }
}

bool Condition::holds(double v) const {
  switch (op) {
    case Compare::kLess:
      return v < threshold;
    case Compare::kLessEqual:
      return v <= threshold;
    case Compare::kGreater:
      return v > threshold;
    case Compare::kGreaterEqual:
      return v >= threshold;
  }
  return false;
}

bool PolicySpec::triggered_on_epidemic_levers() const {
  if (!when) return false;
  for (const Action& a : actions) {
    for (const LeverTarget& t : a.targets) {
      if (read_by_epidemic(t.kind)) return true;
    }
  }
  return false;
}

PolicyRunner::PolicyRunner(const std::vector<PolicySpec>& specs, std::size_t districts, int days,
                           LeverLookup lookup)
    : specs_(specs), districts_(districts), days_(days), lookup_(std::move(lookup)) {
  for (const PolicySpec& s : specs_) units_.emplace_back(s.scope == Scope::kCity ? 1 : districts_);
}

void PolicyRunner::lay(std::size_t p, int unit, int from, int until, Unit& u) {
  for (const Action& a : specs_[p].actions) {
    for (const LeverTarget& t : a.targets) {
      if (unit >= 0 && t.district != unit) continue;
      const AnySchedule s = lookup_(t);
      const std::size_t h =
          std::visit([&](auto* sched) { return sched->adjust(from, until, a.op, a.amount); }, s);
      u.handles.emplace_back(s, h);
    }
  }
}

void PolicyRunner::log(int day, std::size_t p, int unit, EventKind e, std::size_t metric,
                       double value) {
  events_.push_back({day, p, unit, e, metric, value});
}

void PolicyRunner::apply_dated() {
  for (std::size_t p = 0; p < specs_.size(); ++p) {
    const PolicySpec& s = specs_[p];
    if (!s.at) continue;
    Unit& u = units_[p][0];
    const int until = s.until ? *s.until : engine::Schedule<int>::kOpen;
    lay(p, -1, *s.at, until, u);
    u.fires = 1;
    u.effective_day = *s.at;
    if (s.until) u.released_day = *s.until;
  }
}

void PolicyRunner::end_of_day(int day, const Board& board) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t p = 0; p < specs_.size(); ++p) {
    const PolicySpec& s = specs_[p];
    for (std::size_t k = 0; k < units_[p].size(); ++k) {
      Unit& u = units_[p][k];
      const int unit = s.scope == Scope::kCity ? -1 : static_cast<int>(k);
      const auto value = [&](const std::optional<Condition>& c) {
        return c ? board.at(c->metric, s.scope, k) : kNone;
      };
      const std::size_t when_metric = s.when ? s.when->metric : kNoMetric;
      const std::size_t release_metric = s.release ? s.release->metric : when_metric;
      if (u.effective_day == day) {
        if (!s.when) log(day, p, unit, EventKind::kFired, kNoMetric, kNone);
        log(day, p, unit, EventKind::kEffective, when_metric, value(s.when));
      }
      if (u.released_day == day)
        log(day, p, unit, EventKind::kReleased, release_metric,
            s.release ? value(s.release) : value(s.when));
      if (!s.when) continue;
      if (u.active) {
        if (!s.release || day < u.effective_day) continue;  // released only once in effect
        u.release_held = s.release->holds(value(s.release)) ? u.release_held + 1 : 0;
        if (u.release_held < s.release_days) continue;
        // Released from the next day on; the schedules as written hold again then.
        for (auto& [sched, h] : u.handles)
          std::visit([&, h = h](auto* x) { x->end_adjustment(h, day + 1); }, sched);
        u.handles.clear();
        u.active = false;
        u.release_held = 0;
        u.held = 0;
        if (u.released_day < 0 || day + 1 < u.released_day) u.released_day = day + 1;
        continue;
      }
      if (u.fires >= s.max_fires) continue;
      u.held = s.when->holds(value(s.when)) ? u.held + 1 : 0;
      if (u.held < s.for_days) continue;
      if (s.until && day + 1 + s.delay_days >= *s.until) continue;  // would act on no day
      log(day, p, unit, EventKind::kFired, s.when->metric, value(s.when));
      const int from = day + 1 + s.delay_days;
      const int until = s.until ? *s.until : engine::Schedule<int>::kOpen;
      lay(p, unit, from, until, u);
      ++u.fires;
      u.held = 0;
      u.active = true;
      u.effective_day = from;
      u.released_day = s.until && *s.until > from ? *s.until : -1;
    }
  }
}

}  // namespace surgesim::policy
