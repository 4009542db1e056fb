#include "emit.hpp"
#include "surgesim/ems/ems_params.hpp"

namespace surgesim::scenario {

namespace {
void pair_map(YAML::Emitter& e, const char* key, const std::array<double, 2>& v) {
  e << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "urgent"
    << YAML::Value << num(v[0]) << YAML::Key << "non_urgent" << YAML::Value << num(v[1])
    << YAML::EndMap;
}
bool any(const std::array<double, 24>& v) {
  for (double x : v) {
    if (x != 0) return true;
  }
  return false;
}
}  // namespace

void emit_ems(YAML::Emitter& e, const ems::EmsParams& p) {
  e << YAML::Key << "ems" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "districts" << YAML::Value << YAML::BeginSeq;
  for (std::size_t d = 0; d < p.districts.size(); ++d) {
    int stations = 0, vehicles = 0;
    for (const ems::Station& s : p.stations) {
      if (s.district != d) continue;
      ++stations;
      vehicles += s.vehicles;
    }
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << p.districts[d]
      << YAML::Key << "x_km" << YAML::Value << num(p.x_km[d]) << YAML::Key << "y_km" << YAML::Value
      << num(p.y_km[d]) << YAML::Key << "stations" << YAML::Value << stations << YAML::Key
      << "vehicles" << YAML::Value << vehicles;
    if (!p.ed_trolleys.empty()) e << YAML::Key << "ed_trolleys" << YAML::Value << p.ed_trolleys[d];
    if (!p.background_district_weight.empty())
      e << YAML::Key << "background_weight" << YAML::Value << num(p.background_district_weight[d]);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "within_district_km" << YAML::Value << num(p.within_district_km);
  e << YAML::Key << "detour_factor" << YAML::Value << num(p.detour_factor);
  e << YAML::Key << "speed_kmh" << YAML::Value << num(p.speed_kmh);
  if (any(p.congestion)) {
    e << YAML::Key << "congestion" << YAML::Value;
    numbers(e, p.congestion);
  }
  e << YAML::Key << "seats" << YAML::Value << p.seats.written_at(0);
  emit_day_steps(e, "seat_schedule", "seats", p.seats);
  e << YAML::Key << "handling_min" << YAML::Value;
  emit_distribution(e, p.handling_min);
  e << YAML::Key << "triage" << YAML::Value << YAML::BeginMap;
  for (std::size_t c = 0; c < ems::kCallKinds; ++c) {
    pair_map(e, ems::kCallKindNames[c], {p.triage[c][0], p.triage[c][1]});
  }
  e << YAML::EndMap;
  emit_day_steps(e, "diversion", "share", p.diversion);
  if (any(p.crewed_share)) {
    e << YAML::Key << "crewed_share" << YAML::Value;
    numbers(e, p.crewed_share);
  }
  e << YAML::Key << "scene_min" << YAML::Value;
  emit_distribution(e, p.scene_min);
  e << YAML::Key << "handover_min" << YAML::Value;
  emit_distribution(e, p.handover_min);
  if (!p.ed_trolleys.empty()) {
    e << YAML::Key << "ed_stay_min" << YAML::Value;
    emit_distribution(e, p.ed_stay_min);
  }
  pair_map(e, "transport_share", p.transport_share);
  e << YAML::Key << "retask" << YAML::Value << p.retask;
  if (p.patience_min[0] || p.patience_min[1]) {
    e << YAML::Key << "patience_min" << YAML::Value << YAML::BeginMap;
    static const char* kNames[2] = {"urgent", "non_urgent"};
    for (std::size_t u = 0; u < 2; ++u) {
      if (!p.patience_min[u]) continue;
      e << YAML::Key << kNames[u] << YAML::Value;
      emit_distribution(e, *p.patience_min[u]);
    }
    e << YAML::EndMap;
  }
  if (!p.background_calls_per_day.empty()) {
    e << YAML::Key << "background_calls_per_day" << YAML::Value;
    numbers(e, p.background_calls_per_day);
  }
  if (any(p.background_hourly)) {
    e << YAML::Key << "background_hourly" << YAML::Value;
    numbers(e, p.background_hourly);
  }
  e << YAML::EndMap;
}

}  // namespace surgesim::scenario
