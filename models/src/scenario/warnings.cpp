#include "warnings.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace surgesim::scenario {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "N clinics ...: a (x), b (y), c (z) and N-3 more".
std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < 3; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > 3) out += " and " + std::to_string(items.size() - 3) + " more";
  return out;
}

}  // namespace

std::vector<std::string> clinic_warnings(const Scenario& s) {
  std::vector<std::string> doctors_above_rooms, overloaded;
  for (const care::FeverClinicParams& c : s.clinics) {
    for (const auto& step : c.doctors.steps()) {
      const int rooms = c.rooms.written_at(step.from);
      if (step.value <= rooms) continue;
      doctors_above_rooms.push_back(c.id + " (" + std::to_string(step.value) + " doctors, " +
                                    std::to_string(rooms) + " rooms, from day " +
                                    std::to_string(step.from) + ")");
      break;
    }
    const bool nobody_leaves = !c.patience_min && c.queue_limit.max_written() < 0;
    if (!nobody_leaves || c.visits_per_day.empty()) continue;
    double worst = 0;
    int worst_day = -1;
    for (int d = 0; d < s.run.days; ++d) {
      const double visits = c.visits_per_day[std::min<std::size_t>(static_cast<std::size_t>(d),
                                                                   c.visits_per_day.size() - 1)];
      const care::DailyHours h = c.hours[static_cast<std::size_t>((s.run.first_weekday + d) % 7)];
      const int servers = std::min(c.doctors.written_at(d), c.rooms.written_at(d));
      const double can_see =
          static_cast<double>(servers) * (h.close_min - h.open_min) / c.service_min.mean();
      const double load = can_see > 0 ? visits / can_see : (visits > 0 ? 1e9 : 0);
      if (load > worst) {
        worst = load;
        worst_day = d;
      }
    }
    if (worst > 1) {
      overloaded.push_back(
          c.id + " (" +
          (worst >= 1e9 ? std::string("no doctor") : fixed(worst, 2) + "x its capacity") +
          " on day " + std::to_string(worst_day) + ")");
    }
  }
  std::vector<std::string> out;
  if (!doctors_above_rooms.empty()) {
    out.push_back(std::to_string(doctors_above_rooms.size()) +
                  " clinic(s) have more doctors than rooms: " + listed(doctors_above_rooms) +
                  "; at most one doctor consults per room, the others wait as a reserve");
  }
  if (!overloaded.empty()) {
    out.push_back(std::to_string(overloaded.size()) +
                  " clinic(s) get more patients than their doctors can see, and nobody leaves "
                  "the queue (no patience_min, no queue_limit): " +
                  listed(overloaded) + "; the queue grows without bound");
  }
  return out;
}

}  // namespace surgesim::scenario
