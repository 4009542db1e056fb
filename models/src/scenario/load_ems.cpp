#include "load_ems.hpp"

#include <cmath>
#include <limits>
#include <set>

#include "surgesim/scenario/distribution_spec.hpp"

#include "surgesim/scenario/limits.hpp"

namespace surgesim::scenario {

namespace {

std::array<double, 24> hourly(Reader r, double hi) {
  r.expect_sequence();
  if (r.size() != 24) r.fail("expected 24 values, one per hour, found " + std::to_string(r.size()));
  std::array<double, 24> v{};
  for (std::size_t h = 0; h < 24; ++h) v[h] = r.item(h).as_double_in(0, hi);
  return v;
}

// {urgent: x, non_urgent: y}
std::array<double, 2> urgent_pair(Reader r, double hi) {
  r.expect_map();
  std::array<double, 2> v{r.at("urgent").as_double_in(0, hi),
                          r.at("non_urgent").as_double_in(0, hi)};
  r.finish();
  return v;
}

}  // namespace

ems::EmsParams read_ems(Reader r, const EpidemicScenario* epidemic, bool hospitals) {
  // With hospitals, the emergency departments are theirs (hospitals.districts[].ed).
  constexpr const char* kEdsAreHospitals =
      "the emergency departments are given as hospitals.districts[].ed (and "
      "hospitals.ed_other_stay_min) when the scenario has hospitals";
  r.expect_map();
  ems::EmsParams p;
  Reader districts = r.at("districts");
  districts.expect_sequence();
  if (districts.size() == 0) districts.fail("expected at least one district");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < districts.size(); ++i) {
    Reader d = districts.item(i);
    d.expect_map();
    const std::string id = d.at("id").as_string();
    if (!ids.insert(id).second) d.at("id").fail("district '" + id + "' is listed twice");
    if (epidemic) {
      const auto& ed = epidemic->params.districts;
      if (i >= ed.size() || ed[i].id != id) {
        d.at("id").fail("expected the epidemic's districts in the same order: '" +
                        (i < ed.size() ? ed[i].id : std::string("(none left)")) + "' here");
      }
    }
    p.districts.push_back(id);
    p.x_km.push_back(d.at("x_km").as_double_in(-1e4, 1e4));
    p.y_km.push_back(d.at("y_km").as_double_in(-1e4, 1e4));
    const int stations = static_cast<int>(d.at("stations").as_int_in(0, 100000));
    const int vehicles = static_cast<int>(d.at("vehicles").as_int_in(0, 1000000));
    if (vehicles < stations) d.at("vehicles").fail("expected at least one vehicle per station");
    p.vehicles.emplace_back(vehicles);
    for (int k = 0; k < stations; ++k) {  // vehicles shared out, the remainder to the first
      p.stations.push_back({id + "/" + std::to_string(k), static_cast<std::uint32_t>(i),
                            vehicles / stations + (k < vehicles % stations ? 1 : 0)});
    }
    if (!hospitals) {
      p.ed_trolleys.push_back(static_cast<int>(d.at("ed_trolleys").as_int_in(0, 1000000)));
    } else if (auto k = d.maybe("ed_trolleys")) {
      k->fail(kEdsAreHospitals);
    }
    if (auto k = d.maybe("background_weight")) {
      p.background_district_weight.resize(p.districts.size() - 1, 0);
      p.background_district_weight.push_back(k->as_double_in(0, kMaxWeight));
    }
    d.finish();
  }
  if (epidemic && districts.size() != epidemic->params.districts.size())
    districts.fail("expected one entry per epidemic district (" +
                   std::to_string(epidemic->params.districts.size()) + ")");
  if (!p.background_district_weight.empty()) {
    if (p.background_district_weight.size() != p.districts.size())
      districts.fail("give background_weight for every district or for none");
  } else if (epidemic) {
    for (const auto& d : epidemic->params.districts)
      p.background_district_weight.push_back(static_cast<double>(d.population));
  }
  if (auto k = r.maybe("within_district_km")) p.within_district_km = k->as_double_in(0, kMaxKm);
  if (auto k = r.maybe("detour_factor")) p.detour_factor = k->as_double_in(1, 10);
  if (auto k = r.maybe("speed_kmh")) p.speed_kmh = k->as_double_in(1, 300);
  if (auto k = r.maybe("congestion")) p.congestion = hourly(*k, 20);
  if (auto k = r.maybe("seats")) p.seats = static_cast<int>(k->as_int_in(1, 100000));
  if (auto k = r.maybe("seat_schedule")) k->add_day_steps(p.seats, "seats", 1, 100000);
  if (auto k = r.maybe("handling_min")) p.handling_min = read_distribution(*k, "min");
  if (auto t = r.maybe("triage")) {
    t->expect_map();
    for (std::size_t c = 0; c < ems::kCallKinds; ++c) {
      if (auto k = t->maybe(ems::kCallKindNames[c])) {
        p.triage[c] = urgent_pair(*k, 1);
        if (p.triage[c][0] + p.triage[c][1] > 1 + 1e-12)
          k->fail("expected urgent + non_urgent <= 1 (the rest get advice)");
      }
    }
    t->finish();
  }
  if (auto k = r.maybe("diversion")) k->add_day_steps(p.diversion, "share", 0, 1);
  if (auto k = r.maybe("crewed_share")) p.crewed_share = hourly(*k, 1);
  if (auto k = r.maybe("scene_min")) p.scene_min = read_distribution(*k, "min");
  if (auto k = r.maybe("handover_min")) p.handover_min = read_distribution(*k, "min");
  if (auto k = r.maybe("ed_stay_min")) {
    if (hospitals) k->fail(kEdsAreHospitals);
    p.ed_stay_min = read_distribution(*k, "min");
  }
  if (auto k = r.maybe("transport_share")) p.transport_share = urgent_pair(*k, 1);
  if (auto k = r.maybe("retask")) p.retask = k->as_bool();
  if (auto k = r.maybe("patience_min")) {
    k->expect_map();
    if (auto u = k->maybe("urgent")) p.patience_min[0] = read_distribution(*u, "min");
    if (auto u = k->maybe("non_urgent")) p.patience_min[1] = read_distribution(*u, "min");
    k->finish();
  }
  if (auto k = r.maybe("background_calls_per_day"))
    p.background_calls_per_day = k->as_number_or_list(0, kMaxPerDay);
  if (auto k = r.maybe("background_hourly")) p.background_hourly = hourly(*k, kMaxWeight);
  r.finish();
  return p;
}

}  // namespace surgesim::scenario
