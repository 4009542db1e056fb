// The epidemic section of scenario files: defaults, generated clinics, and located errors.
#include <gtest/gtest.h>

#include "surgesim/engine/rng.hpp"

#include <algorithm>
#include "scenario_fixture.hpp"

#include "surgesim/epi/city_epidemic.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/write_scenario.hpp"

namespace sc = surgesim::scenario;

namespace {

const char* kCity = R"(name: e
run: {days: 10}
drugs:
  - {id: ibuprofen, need_share: 0.8}
clinic_templates:
  community:
    rooms: 2
    doctors: 2
    hours: "08:00-20:00"
    service_min: {dist: exponential, mean_min: 12}
  hospital: {kind: hospital_fever_clinic, rooms: 4, doctors: 5, service_min: {dist: constant, value_min: 10}}
epidemic:
  r0: 3
  districts:
    - {id: east, population: 12000, subdistricts: 3, grids: 6, initial_infected: 10, community_clinics: 4, hospital_clinics: 1}
    - {id: west, population: 8000, grids: 2}
)";

}  // namespace

TEST_F(ScenarioFiles, EpidemicDefaultsAreTheBeijingOnes) {
  const sc::Scenario s = sc::load_scenario(write("e.yaml", kCity));
  ASSERT_TRUE(s.epidemic.has_value());
  const auto& p = s.epidemic->params;
  EXPECT_EQ(p.days, 10);
  EXPECT_EQ(p.bands.size(), 6u);
  EXPECT_EQ(p.bands[5].name, "80+");
  EXPECT_DOUBLE_EQ(p.bands[5].p_severe, 0.06);
  EXPECT_EQ(p.mixing.contacts.size(), 6u);
  EXPECT_DOUBLE_EQ(p.reproduction_number, 3);
  EXPECT_FALSE(p.reproduction_is_effective);
  EXPECT_EQ(p.drug_need_share, std::vector<double>{0.8});
  ASSERT_EQ(p.districts.size(), 2u);
  EXPECT_EQ(p.districts[1].subdistricts, 1);
}

TEST_F(ScenarioFiles, ClinicsAreGeneratedFromTemplatesAcrossSubdistricts) {
  const sc::Scenario s = sc::load_scenario(write("e.yaml", kCity));
  ASSERT_EQ(s.clinics.size(), 5u);
  EXPECT_EQ(s.clinics[0].id, "east/community-0");
  EXPECT_EQ(s.clinics[3].subdistrict, 0);  // 4 clinics over 3 subdistricts: 0, 1, 2, 0
  EXPECT_EQ(s.clinics[2].subdistrict, 2);
  EXPECT_EQ(s.clinics[4].kind, surgesim::care::ClinicKind::kHospitalFeverClinic);
  EXPECT_EQ(s.clinics[4].doctors.at(0), 5);
  EXPECT_TRUE(s.clinics[4].visits_per_day.empty());  // fed by the epidemic
  // resolved.yaml lists them explicitly and reads back to the same text.
  const std::string once = sc::scenario_to_yaml(s);
  const sc::Scenario again = sc::load_scenario(write("again.yaml", once));
  EXPECT_EQ(again.clinics.size(), 5u);
  EXPECT_EQ(sc::scenario_to_yaml(again), once);
}

TEST_F(ScenarioFiles, PopulationScaleShrinksPeopleGridsAndSeeds) {
  const sc::Scenario s = sc::load_scenario(
      write("e.yaml", replace(kCity, "  r0: 3\n", "  r0: 3\n  population_scale: 0.5\n")));
  const auto& d = s.epidemic->params.districts[0];
  EXPECT_EQ(d.population, 6000u);
  EXPECT_EQ(d.grids, 3);
  EXPECT_EQ(d.initial_infected, 5u);
}

TEST_F(ScenarioFiles, EpidemicErrorsAreLocated) {
  EXPECT_CONTAINS(error_of(replace(kCity, "r0: 3", "r0: -2")),
                  "epidemic.r0: expected a number in [0, 100], found -2");
  EXPECT_CONTAINS(error_of(replace(kCity, "  r0: 3\n", "  r0: 3\n  rt: 2\n")),
                  "give exactly one of r0 (basic) or rt (effective on day 0)");
  EXPECT_CONTAINS(error_of(replace(kCity, "  r0: 3\n", "  r0: 3\n  step_days: 0.3\n")),
                  "epidemic.step_days: expected a step that divides a day");
  EXPECT_CONTAINS(
      error_of(
          replace(kCity, "  r0: 3\n",
                  "  r0: 3\n  natural_history: {latent_dayz: {dist: constant, value_days: 1}}\n")),
      "did you mean 'latent_days'");
  EXPECT_CONTAINS(
      error_of(
          replace(kCity, "  r0: 3\n",
                  "  r0: 3\n  natural_history: {latent_days: {dist: constant, value_min: 1}}\n")),
      "epidemic.natural_history.latent_days: missing required key 'value_days'");
  EXPECT_CONTAINS(
      error_of(replace(kCity, "  r0: 3\n",
                       "  r0: 3\n  age_bands:\n    - {name: a, min_age: 0, max_age: 9, "
                       "share: 1}\n    - {name: b, min_age: 12, max_age: 99, share: 1}\n")),
      "epidemic.age_bands[1].min_age: expected 10");
  EXPECT_CONTAINS(
      error_of(
          replace(kCity, "  r0: 3\n",
                  "  r0: 3\n  age_bands:\n    - {name: a, min_age: 0, max_age: 99, share: 1}\n")),
      "missing required key 'mixing'");
  EXPECT_CONTAINS(
      error_of(replace(kCity, "  r0: 3\n", "  r0: 3\n  mixing: {contacts: [[1, 2], [3, 4]]}\n")),
      "epidemic.mixing.contacts: expected 6 rows");
  EXPECT_CONTAINS(error_of(replace(kCity, "  r0: 3\n",
                                   "  r0: 3\n  mixing: {settings: {grid: 0.5, city: 0.4}}\n")),
                  "add up to 1");
  EXPECT_CONTAINS(
      error_of(replace(kCity, "  r0: 3\n",
                       "  r0: 3\n  interventions:\n    - {from_day: 4, antiviral_share: 0.5}\n"
                       "    - {from_day: 2, contacts: {grid: 0.5}}\n")),
      "epidemic.interventions[1].from_day: days must increase along the list");
  EXPECT_CONTAINS(error_of(replace(kCity, "  r0: 3\n",
                                   "  r0: 3\n  interventions:\n    - {from_day: 0, "
                                   "vaccination_per_day: {\"90+\": 0.1}}\n")),
                  "unknown key");
  EXPECT_CONTAINS(error_of(replace(kCity, "grids: 6,", "grids: 2,")),
                  "epidemic.districts[0].grids: expected at least one grid per subdistrict");
  EXPECT_CONTAINS(error_of(replace(kCity, "  hospital: {kind", "  hospitel: {kind")),
                  "missing required key 'clinic_templates.hospital'");
  const std::string listed = std::string(kCity) +
                             "clinics:\n  - {id: x, district: eats, rooms: 1, doctors: 1, "
                             "service_min: {dist: constant, value_min: 5}}\n";
  EXPECT_CONTAINS(error_of(listed),
                  "no district 'eats' in epidemic.districts (did you mean 'east'?)");
  EXPECT_CONTAINS(error_of(replace(listed, "district: eats,", "district: east, subdistrict: 3,")),
                  "clinics[0].subdistrict: expected a subdistrict index below 3");
}

// The run couples the epidemic to the clinics: its visits arrive there, and doctors who fall ill
// are missing from the roster. A clinic's staff are its largest roster; absences reported on day d
// take effect at the next midnight and first use up the day's reserve (roster - scheduled), so
//   doctors on duty on day d + 1 = scheduled(d + 1) - max(0, absent(d) - reserve(d + 1)).
// Community clinics: roster 3, 2 scheduled from day 15 (reserve 0, then 1); hospital clinics:
// roster 5, 3 scheduled until day 20 (reserve 2, then 0).
TEST_F(ScenarioFiles, EpidemicFeedsTheClinicsAndTakesTheirDoctors) {
  std::string text =
      replace(replace(kCity, "run: {days: 10}", "run: {days: 40, replications: 1}"), "  r0: 3\n",
              "  r0: 4\n  staff: {absent_share: 1, exposure_multiplier: 3}\n"
              "  care_seeking: {clinic_share_mild: 0.3, hospital_clinic_share: 0.2}\n");
  text = replace(text, "    doctors: 2\n",
                 "    doctors: 3\n    doctor_schedule: [{from_day: 15, doctors: 2}]\n");
  text = replace(text, "doctors: 5,",
                 "doctors: 5, doctor_schedule: [{from_day: 0, doctors: 3}, {from_day: 20, "
                 "doctors: 5}],");
  const sc::Scenario s = sc::load_scenario(write("e.yaml", text));
  const auto r = surgesim::run::run_replication(s, 0);
  const auto names = surgesim::run::kpi_names(s);
  auto kpi = [&](const std::string& name) {
    return r.kpis[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) -
                                           names.begin())];
  };
  EXPECT_GT(kpi("fever_arrivals"), 500);
  EXPECT_LE(kpi("fever_arrivals"), kpi("clinic_visits_sought"));
  EXPECT_GT(kpi("fever_arrivals"), 0.8 * kpi("clinic_visits_sought"));
  EXPECT_GT(kpi("staff_absent_peak_share"), 0);
  ASSERT_TRUE(r.epidemic.has_value());
  EXPECT_TRUE(r.epidemic->people_conserved);
  EXPECT_TRUE(r.epidemic->medicine_balances);
  EXPECT_TRUE(r.tablets_balance);

  // The day reports: the epidemic never reads the clinics, so it can be run again on its own
  // (same seed and replication) with the same facilities, every one open every day.
  std::vector<surgesim::epi::FacilitySite> sites;
  std::vector<int> roster;
  for (const auto& c : s.clinics) {
    roster.push_back(3 + 2 * (c.kind == surgesim::care::ClinicKind::kHospitalFeverClinic));
    sites.push_back({static_cast<std::uint32_t>(s.epidemic->district_index(c.district)),
                     c.subdistrict, roster.back(),
                     c.kind == surgesim::care::ClinicKind::kHospitalFeverClinic,
                     surgesim::engine::RngStreams(0, 0).seed_for(c.id)});
  }
  surgesim::epi::CityEpidemic epidemic(s.epidemic->params, sites, s.run.seed, 0, 1);
  int absorbed = 0, short_days = 0;
  for (int d = 0; d < s.run.days; ++d) {
    epidemic.set_facility_open(std::vector<std::uint8_t>(s.clinics.size(), 1));
    const auto report = epidemic.step_day();
    ASSERT_EQ(report.staff_absent_next_day.size(), s.clinics.size());
    for (std::size_t c = 0; c < s.clinics.size(); ++c) {
      if (d == 0) {
        EXPECT_EQ(r.clinic_days[c][0].doctors_on_duty, s.clinics[c].doctors.at(0));
      }
      if (d + 1 >= s.run.days) continue;
      const int absent = report.staff_absent_next_day[c];
      const int scheduled = s.clinics[c].doctors.at(d + 1);
      const int reserve = roster[c] - scheduled;
      EXPECT_EQ(r.clinic_days[c][static_cast<std::size_t>(d + 1)].doctors_on_duty,
                scheduled - std::max(0, absent - reserve))
          << s.clinics[c].id << " day " << d + 1 << ": " << absent << " absent, reserve "
          << reserve;
      absorbed += absent > 0 && absent <= reserve;
      short_days += absent > reserve;
    }
  }
  // Both sides of the rule happen: absences the reserve covers, and ones that leave clinics short.
  EXPECT_GT(absorbed, 0);
  EXPECT_GT(short_days, 0);
}

namespace {
const char* kEms = R"(ems:
  districts:
    - {id: east, x_km: 0, y_km: 0, stations: 2, vehicles: 5, ed_trolleys: 10}
    - {id: west, x_km: -20, y_km: 5, stations: 1, vehicles: 2, ed_trolleys: 4}
  seat_schedule: [{from_day: 3, seats: 80}]
  triage: {mild: {urgent: 0.1, non_urgent: 0.3}}
  diversion: [{from_day: 5, share: 0.5}]
  patience_min: {urgent: {dist: exponential, mean_min: 60}}
  background_calls_per_day: 300
)";
}  // namespace

TEST_F(ScenarioFiles, EmsSectionIsReadCheckedAndWrittenBack) {
  const std::string text = std::string(kCity) + kEms;
  const sc::Scenario s = sc::load_scenario(write("e.yaml", text));
  ASSERT_TRUE(s.ems.has_value());
  EXPECT_EQ(s.ems->stations.size(), 3u);
  EXPECT_EQ(s.ems->stations[0].vehicles, 3);  // 5 vehicles over 2 stations: 3 + 2
  EXPECT_EQ(s.ems->stations[1].vehicles, 2);
  EXPECT_EQ(s.ems->seats.at(2), 50);
  EXPECT_EQ(s.ems->seats.at(3), 80);
  EXPECT_DOUBLE_EQ(s.ems->diversion.at(6), 0.5);
  EXPECT_EQ(s.ems->background_district_weight, (std::vector<double>{12000, 8000}));
  EXPECT_TRUE(s.ems->patience_min[0].has_value());
  EXPECT_FALSE(s.ems->patience_min[1].has_value());
  const std::string once = sc::scenario_to_yaml(s);
  EXPECT_EQ(sc::scenario_to_yaml(sc::load_scenario(write("again.yaml", once))), once);
  EXPECT_CONTAINS(error_of(replace(text, "id: west, x_km", "id: wset, x_km")),
                  "ems.districts[1].id: expected the epidemic's districts in the same order");
  EXPECT_CONTAINS(
      error_of(replace(text, "urgent: 0.1, non_urgent: 0.3", "urgent: 0.8, non_urgent: 0.3")),
      "ems.triage.mild: expected urgent + non_urgent <= 1");
  EXPECT_CONTAINS(error_of(replace(text, "vehicles: 2,", "vehicles: 0,")),
                  "ems.districts[1].vehicles: expected at least one vehicle per station");
  EXPECT_CONTAINS(error_of(replace(text, "  seat_schedule", "  seat_schedul")),
                  "did you mean 'seat_schedule'");
  // The run: 120 gets the background and the epidemic's calls, and accounts for each.
  const auto r = surgesim::run::run_replication(s, 0);
  EXPECT_TRUE(r.ems_calls_balance);
  EXPECT_TRUE(r.vehicles_balance);
  std::uint64_t calls = 0, dispatches = 0;
  for (const auto& d : r.ems_days) {
    calls += d.calls;
    dispatches += d.dispatches;
  }
  EXPECT_GT(calls, 2500u);
  EXPECT_GT(dispatches, 0u);
}

TEST_F(ScenarioFiles, HospitalsTakeTheSevereAndDecideDeaths) {
  const std::string beds =
      "hospitals:\n  districts:\n"
      "    - {id: east, tier1: 5, tier2: 10, tier3_ward: 5, icu: 1, fangcang: 0, ed: 3}\n"
      "    - {id: west, tier1: 5, tier2: 10, tier3_ward: 0, icu: 0, fangcang: 0, ed: 2}\n"
      "  icu_patience_hours: 6\n";
  // A severe wave: more critical patients than the single ICU bed can take.
  const std::string text = replace(
      replace(std::string(kCity) + beds, "run: {days: 10}", "run: {days: 60, replications: 1}"),
      "  r0: 3\n",
      "  r0: 4\n  age_bands:\n    - {name: all, min_age: 0, max_age: 255, share: 1, "
      "p_symptomatic: 0.8, p_severe: 0.05, icu_share: 0.3, p_fatal: 0.01}\n"
      "  mixing: {contacts: [[10]]}\n");
  const sc::Scenario s = sc::load_scenario(write("h.yaml", text));
  ASSERT_TRUE(s.hospitals.has_value());
  EXPECT_EQ(
      s.hospitals->districts[0].beds[static_cast<std::size_t>(surgesim::hospital::Pool::kIcu)].at(
          0),
      1);
  EXPECT_DOUBLE_EQ(s.hospitals->icu_patience_hours, 6);
  const std::string once = sc::scenario_to_yaml(s);
  EXPECT_EQ(sc::scenario_to_yaml(sc::load_scenario(write("again.yaml", once))), once);
  EXPECT_CONTAINS(error_of(replace(text, "id: west, tier1", "id: wets, tier1")),
                  "hospitals.districts[1].id: expected the epidemic's districts in the same order");
  EXPECT_CONTAINS(error_of(replace(text, "icu: 0, fangcang", "icu: -1, fangcang")),
                  "hospitals.districts[1].icu: expected an integer in [0, 10000000]");
  EXPECT_CONTAINS(error_of(replace(text, "ed: 2}", "ed: 0}")),
                  "hospitals.districts[1].ed: expected at least one emergency-department place");
  // Hospitals given one by one add their beds to their district's.
  const std::string with_facility =
      replace(text, "  icu_patience_hours: 6\n",
              "  icu_patience_hours: 6\n  facilities:\n"
              "    - {id: west-general, district: west, tier3_ward: 40, icu: 4, ed: 3}\n");
  const sc::Scenario f = sc::load_scenario(write("f.yaml", with_facility));
  EXPECT_EQ(f.hospitals->beds_of(1, static_cast<std::size_t>(surgesim::hospital::Pool::kIcu)), 4);
  EXPECT_EQ(f.hospitals->beds_of(1, static_cast<std::size_t>(surgesim::hospital::Pool::kEd)), 5);
  const std::string f_once = sc::scenario_to_yaml(f);
  EXPECT_EQ(sc::scenario_to_yaml(sc::load_scenario(write("f2.yaml", f_once))), f_once);
  EXPECT_CONTAINS(error_of(replace(with_facility, "district: west,", "district: wset,")),
                  "hospitals.facilities[0].district: no district 'wset' in epidemic.districts "
                  "(did you mean 'west'?)");
  EXPECT_NO_THROW(sc::load_scenario(write("f3.yaml", replace(with_facility, "ed: 2}", "ed: 0}"))));
  EXPECT_CONTAINS(error_of(text + kEms),
                  "ems.districts[0].ed_trolleys: the emergency departments are given as "
                  "hospitals.districts[].ed");
  EXPECT_CONTAINS(error_of("name: x\nrun: {days: 3}\n" + beds),
                  "hospitals take their patients from the epidemic");
  EXPECT_CONTAINS(error_of(replace(text, "  icu_patience_hours: 6\n",
                                   "  tier3_direct: {under_age: 14, comorbid_age: 65}\n")),
                  "hospitals.tier3_direct.comorbid_age: unknown key 'comorbid_age'");
  EXPECT_CONTAINS(
      error_of(replace(text, "  icu_patience_hours: 6\n", "  stay_factor: {tier1: 2}\n")),
      "hospitals.stay_factor.tier1: unknown key 'tier1'");
  EXPECT_CONTAINS(error_of(replace(text, "  r0: 4\n",
                                   "  r0: 4\n  natural_history: {severe_days: {dist: constant, "
                                   "value_days: 0}}\n")),
                  "epidemic.natural_history.severe_days: expected a mean > 0");
  const auto r = surgesim::run::run_replication(s, 0);
  EXPECT_TRUE(r.patients_balance);
  EXPECT_TRUE(r.beds_balance);
  const auto names = surgesim::run::kpi_names(s);
  auto kpi = [&](const std::string& name) {
    return r.kpis[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) -
                                           names.begin())];
  };
  EXPECT_GT(kpi("severe"), 100);
  EXPECT_GT(kpi("icu_denied"), 0);
  EXPECT_GT(kpi("deaths_without_icu"), 0);
  EXPECT_LE(kpi("icu_peak_occupancy"), 1);
  EXPECT_LE(kpi("ward_peak_occupancy"), 25);
  EXPECT_GT(kpi("boarding_patient_hours"), 0);
  EXPECT_GE(kpi("deaths"), kpi("deaths_without_icu"));
  // With hospitals they decide every severe course's end: nobody dies at home, and the deaths are
  // the hospitals' (one definition, in parts that add up).
  EXPECT_TRUE(r.deaths_balance);
  EXPECT_EQ(kpi("deaths_at_home"), 0);
  EXPECT_EQ(r.epidemic->final_states[surgesim::epi::kDead], 0u);
  EXPECT_EQ(kpi("deaths"), kpi("deaths_in_hospital"));
  EXPECT_GT(kpi("deaths"), 0);
  std::uint64_t in_hospital = 0;
  for (const auto& d : r.hospital_days) in_hospital += d.deaths;
  EXPECT_EQ(kpi("deaths_in_hospital"), static_cast<double>(in_hospital));
  // With 120, patients who called come through the ambulance hand-over (or on their own); every
  // severe course still reaches a hospital bed or boards, and all are accounted for.
  // Crews hand over at the hospitals' emergency departments, and wait while patients boarding
  // there hold every place.
  const std::string ems =
      replace(replace(kEms, ", ed_trolleys: 10}", "}"), ", ed_trolleys: 4}", "}");
  const sc::Scenario with_ems = sc::load_scenario(write("he.yaml", text + ems));
  EXPECT_TRUE(with_ems.ems->ed_trolleys.empty());
  const std::string again = sc::scenario_to_yaml(with_ems);
  EXPECT_EQ(sc::scenario_to_yaml(sc::load_scenario(write("again2.yaml", again))), again);
  const auto re = surgesim::run::run_replication(with_ems, 0);
  EXPECT_TRUE(re.patients_balance);
  EXPECT_TRUE(re.beds_balance);
  EXPECT_TRUE(re.vehicles_balance);
  EXPECT_TRUE(re.ems_calls_balance);
  std::uint64_t handovers = 0;
  double held_min = 0, ed_wait_hours = 0;
  for (const auto& d : re.ems_days) {
    handovers += d.handovers;
    held_min += d.handover_delay_sum_min;
  }
  for (const auto& d : re.hospital_days) ed_wait_hours += d.ed_wait_hours;
  EXPECT_GT(handovers, 0u);
  EXPECT_GT(held_min, 0);
  EXPECT_GT(ed_wait_hours, held_min / 60 - 1e-9);  // crews' waits are part of the ED waits
}
