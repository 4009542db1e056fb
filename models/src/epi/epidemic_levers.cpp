#include <algorithm>

#include "surgesim/epi/city_params.hpp"

namespace surgesim::epi {

namespace {
template <class Read>
EpidemicControls controls_with(const EpidemicLevers& l, Read read) {
  EpidemicControls c;
  for (std::size_t k = 0; k < kSettingCount; ++k)
    c.contact_multiplier[k] = read(l.contact_multiplier[k]);
  c.isolation_share = read(l.isolation_share);
  c.centralised_isolation = read(l.centralised_isolation);
  c.antiviral_share = read(l.antiviral_share);
  for (const auto& v : l.vaccination_per_day) c.vaccination_per_day.push_back(read(v));
  c.mutual_aid = read(l.mutual_aid);
  c.online_share = read(l.online_share);
  c.online_per_day = read(l.online_per_day);
  c.online_tablets = read(l.online_tablets);
  c.health_packs_per_day = read(l.health_packs_per_day);
  c.quarantine_share = read(l.quarantine_share);
  c.quarantine_days = read(l.quarantine_days);
  c.quarantine_contacts = read(l.quarantine_contacts);
  return c;
}
}  // namespace

EpidemicControls EpidemicLevers::on(int day) const {
  return controls_with(*this, [day](const auto& s) { return s.at(day); });
}

EpidemicControls EpidemicLevers::written_on(int day) const {
  return controls_with(*this, [day](const auto& s) { return s.written_at(day); });
}

std::vector<int> EpidemicLevers::change_days() const {
  std::vector<int> days{0};
  const auto add = [&](const auto& s) {
    for (const auto& step : s.steps()) days.push_back(step.from);
  };
  for (const auto& c : contact_multiplier) add(c);
  add(isolation_share);
  add(centralised_isolation);
  add(antiviral_share);
  for (const auto& v : vaccination_per_day) add(v);
  add(mutual_aid);
  add(online_share);
  add(online_per_day);
  add(online_tablets);
  add(health_packs_per_day);
  add(quarantine_share);
  add(quarantine_days);
  add(quarantine_contacts);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

}  // namespace surgesim::epi
