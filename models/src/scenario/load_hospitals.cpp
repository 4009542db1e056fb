#include "load_hospitals.hpp"

#include <limits>
#include <set>

#include "surgesim/scenario/distribution_spec.hpp"

#include "surgesim/scenario/limits.hpp"

namespace surgesim::scenario {

namespace {

// `facilities: [{id, district, <pool>: beds...}]`: hospitals given one by one.
std::vector<hospital::Facility> read_facilities(Reader r, const EpidemicScenario& epidemic) {
  r.expect_sequence();
  const auto& eds = epidemic.params.districts;
  std::set<std::string> names, ids;
  for (const auto& d : eds) names.insert(d.id);
  std::vector<hospital::Facility> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    Reader f = r.item(i);
    f.expect_map();
    hospital::Facility facility;
    facility.id = f.at("id").as_string();
    if (!ids.insert(facility.id).second)
      f.at("id").fail("facility '" + facility.id + "' is listed twice");
    Reader district = f.at("district");
    const std::string name = district.as_string();
    std::size_t d = 0;
    while (d < eds.size() && eds[d].id != name) ++d;
    if (d == eds.size()) {
      const std::string hint = closest_word(name, names);
      district.fail("no district '" + name + "' in epidemic.districts" +
                    (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    facility.district = static_cast<std::uint32_t>(d);
    for (std::size_t k = 0; k < hospital::kPools; ++k) {
      if (auto b = f.maybe(hospital::kPoolNames[k]))
        facility.beds.beds[k] = static_cast<int>(b->as_int_in(0, 10000000));
    }
    f.finish();
    out.push_back(std::move(facility));
  }
  return out;
}

}  // namespace

hospital::HospitalParams read_hospitals(Reader r, const EpidemicScenario& epidemic) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  r.expect_map();
  hospital::HospitalParams p;
  Reader districts = r.at("districts");
  districts.expect_sequence();
  const auto& ed = epidemic.params.districts;
  if (districts.size() != ed.size())
    districts.fail("expected one entry per epidemic district (" + std::to_string(ed.size()) + ")");
  for (std::size_t i = 0; i < districts.size(); ++i) {
    Reader d = districts.item(i);
    d.expect_map();
    const std::string id = d.at("id").as_string();
    if (id != ed[i].id)
      d.at("id").fail("expected the epidemic's districts in the same order: '" + ed[i].id +
                      "' here");
    hospital::DistrictBeds beds;
    for (std::size_t k = 0; k < hospital::kPools; ++k)
      beds.beds[k] = static_cast<int>(d.at(hospital::kPoolNames[k]).as_int_in(0, 10000000));
    d.finish();
    p.districts.push_back(beds);
  }
  if (auto f = r.maybe("facilities")) p.facilities = read_facilities(*f, epidemic);
  // Every district has an emergency department: patients are assessed there.
  const auto ed_pool = static_cast<std::size_t>(hospital::Pool::kEd);
  for (std::size_t i = 0; i < p.districts.size(); ++i) {
    if (p.beds_of(i, ed_pool) < 1)
      districts.item(i).at("ed").fail(
          "expected at least one emergency-department place in the district (here or in its "
          "facilities)");
  }
  if (auto k = r.maybe("boarding")) p.boarding = k->as_bool();
  if (auto k = r.maybe("icu_patience_hours")) p.icu_patience_hours = k->as_double_in(0, kMaxHours);
  if (auto k = r.maybe("p_death_icu")) p.p_death_icu = k->as_double_in(0, 1);
  if (auto k = r.maybe("p_death_no_icu")) p.p_death_no_icu = k->as_double_in(0, 1);
  if (auto k = r.maybe("full_harm_hours")) p.full_harm_hours = k->as_double_in(1e-6, kMaxHours);
  if (auto k = r.maybe("step_down_share")) p.step_down_share = k->as_double_in(0, 1);
  if (auto k = r.maybe("ed_assessment_min")) p.ed_assessment_min = read_distribution(*k, "min");
  if (auto k = r.maybe("ed_other_stay_min")) p.ed_other_stay_min = read_distribution(*k, "min");
  if (auto k = r.maybe("transfer_min")) p.transfer_min = read_distribution(*k, "min");
  if (auto k = r.maybe("crew_max_wait_min")) {
    p.crew_max_wait_min = k->is_none() ? kInf : k->as_double_in(0, 1e6);  // none: never leave
  }
  if (auto k = r.maybe("self_arrival_hours")) p.self_arrival_hours = k->as_double_in(0, 1000);
  if (auto t = r.maybe("tier3_direct")) {
    t->expect_map();
    if (auto k = t->maybe("under_age"))
      p.tier3_direct_under_age = static_cast<int>(k->as_int_in(0, 256));
    if (auto k = t->maybe("comorbid_from_age"))
      p.tier3_direct_comorbid_from_age = static_cast<int>(k->as_int_in(0, 256));
    t->finish();
  }
  if (auto f = r.maybe("stay_factor")) {
    f->expect_map();
    for (hospital::Pool k : hospital::kStayFactorPools) {
      if (auto v = f->maybe(hospital::kPoolNames[static_cast<std::size_t>(k)]))
        p.stay_factor[static_cast<std::size_t>(k)] = v->as_double_in(1e-6, 1000);
    }
    f->finish();
  }
  r.finish();
  return p;
}

}  // namespace surgesim::scenario
