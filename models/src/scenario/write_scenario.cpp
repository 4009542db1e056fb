#include "surgesim/scenario/write_scenario.hpp"

#include "emit.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cstdio>
#include <limits>

namespace surgesim::scenario {

namespace {

std::string hours_text(const care::DailyHours& h) {
  if (h.closed()) return "closed";
  if (h.open_min == 0 && h.close_min == 1440) return "24h";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", h.open_min / 60, h.open_min % 60,
                h.close_min / 60, h.close_min % 60);
  return buf;
}

void emit_clinic(YAML::Emitter& e, const Scenario& s, const care::FeverClinicParams& c) {
  static const char* kDays[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                 "friday", "saturday", "sunday"};
  e << YAML::BeginMap;
  e << YAML::Key << "id" << YAML::Value << c.id;
  e << YAML::Key << "kind" << YAML::Value << care::kind_name(c.kind);
  if (!c.group.empty()) e << YAML::Key << "group" << YAML::Value << c.group;
  e << YAML::Key << "district" << YAML::Value << c.district;
  e << YAML::Key << "grid" << YAML::Value << c.grid;
  if (c.subdistrict >= 0) e << YAML::Key << "subdistrict" << YAML::Value << c.subdistrict;
  e << YAML::Key << "rooms" << YAML::Value << c.rooms.written_at(0);
  if (c.open.constant()) {
    e << YAML::Key << "open" << YAML::Value << c.open.written_at(0);
  } else {  // dormant until a day (the loader's only way to write a changing `open`)
    e << YAML::Key << "opens" << YAML::Value << c.open.steps().back().from;
  }
  e << YAML::Key << "doctors" << YAML::Value << c.doctors.written_at(0);
  emit_day_steps(e, "doctor_schedule", "doctors", c.doctors);
  e << YAML::Key << "hours" << YAML::Value << YAML::BeginMap;
  for (int d = 0; d < 7; ++d)
    e << YAML::Key << kDays[d] << YAML::Value << hours_text(c.hours[static_cast<std::size_t>(d)]);
  e << YAML::EndMap;
  e << YAML::Key << "service_min" << YAML::Value;
  emit_distribution(e, c.service_min);
  e << YAML::Key << "blood_count" << YAML::Value << c.blood_count;
  e << YAML::Key << "chest_xray" << YAML::Value << c.chest_xray;
  e << YAML::Key << "discipline" << YAML::Value
    << (c.priority_for_key_groups ? "key_groups_first" : "fifo");
  e << YAML::Key << "queue_limit" << YAML::Value;
  if (c.queue_limit.written_at(0) < 0) {
    e << "none";
  } else {
    e << c.queue_limit.written_at(0);
  }
  if (c.patience_min) {
    e << YAML::Key << "patience_min" << YAML::Value;
    emit_distribution(e, *c.patience_min);
  }
  e << YAML::Key << "at_closing" << YAML::Value << (c.serve_late ? "serve_late" : "send_home");
  e << YAML::Key << "drugs" << YAML::Value << YAML::BeginSeq;
  for (const care::DrugSupply& d : c.drugs) {
    e << YAML::BeginMap;
    e << YAML::Key << "drug" << YAML::Value << s.drugs[d.drug].id;
    e << YAML::Key << "initial_tablets" << YAML::Value << d.initial_tablets;
    e << YAML::Key << "tablets_per_visit" << YAML::Value << d.tablets_per_visit.written_at(0);
    emit_day_steps(e, "rationing", "tablets_per_visit", d.tablets_per_visit);
    if (d.resupply_every_days > 0) {
      e << YAML::Key << "resupply" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "tablets" << YAML::Value << d.resupply_tablets.written_at(0) << YAML::Key << "every_days"
        << YAML::Value << num(d.resupply_every_days) << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  if (c.visits_per_day.empty()) {  // fed by the epidemic only
    e << YAML::EndMap;
    return;
  }
  e << YAML::Key << "demand" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "visits_per_day" << YAML::Value;
  numbers(e, c.visits_per_day);
  e << YAML::Key << "hourly_profile" << YAML::Value;
  numbers(e, c.hourly_weights);
  e << YAML::Key << "key_group_share" << YAML::Value << num(c.key_group_share);
  e << YAML::Key << "needs_diagnostics_share" << YAML::Value << num(c.needs_diagnostics_share);
  e << YAML::EndMap;
  e << YAML::EndMap;
}

}  // namespace

std::string scenario_to_yaml(const Scenario& s) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << s.name;
  if (!s.description.empty()) e << YAML::Key << "description" << YAML::Value << s.description;
  // The outputs hold a copy of the observed figures beside resolved.yaml.
  if (s.observed) e << YAML::Key << "observed" << YAML::Value << "observed.csv";
  e << YAML::Key << "run" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "days" << YAML::Value << s.run.days;
  e << YAML::Key << "seed" << YAML::Value << s.run.seed;
  e << YAML::Key << "replications" << YAML::Value << s.run.replications;
  e << YAML::Key << "start_date" << YAML::Value << s.run.start_date;
  e << YAML::EndMap;
  e << YAML::Key << "drugs" << YAML::Value << YAML::BeginSeq;
  for (const care::DrugInfo& d : s.drugs) {
    e << YAML::BeginMap;
    e << YAML::Key << "id" << YAML::Value << d.id;
    e << YAML::Key << "tablets_per_box" << YAML::Value << d.tablets_per_box;
    e << YAML::Key << "need_share" << YAML::Value << num(d.need_share);
    const auto& supply = d.city_supply.tablets_per_day.steps();
    if (supply.back().value > 0 || !d.city_supply.by_demand.written_at(0)) {
      e << YAML::Key << "city_supply" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "tablets_per_day" << YAML::Value << supply.back().value << YAML::Key << "from_day"
        << YAML::Value << (supply.size() > 1 ? supply.back().from : 0) << YAML::Key << "allocation"
        << YAML::Value << (d.city_supply.by_demand.written_at(0) ? "by_demand" : "equal")
        << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  if (s.epidemic) emit_epidemic(e, *s.epidemic);
  if (s.ems) emit_ems(e, *s.ems);
  if (s.hospitals) emit_hospitals(e, *s.hospitals, *s.epidemic);
  emit_policies(e, s);
  if (!s.clinics.empty()) {
    e << YAML::Key << "clinics" << YAML::Value << YAML::BeginSeq;
    for (const care::FeverClinicParams& c : s.clinics) emit_clinic(e, s, c);
    e << YAML::EndSeq;
  }
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace surgesim::scenario
