// What symptomatic people do (care_choice in city_epidemic.cpp): each share of the care-seeking
// parameters against the count of people it applies to, within 4 binomial standard errors of
// enough people that a 5% error in any share fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "epi_fixture.hpp"
#include "surgesim/epi/city_epidemic.hpp"

namespace epi = surgesim::epi;
using epi::testing::within_binomial;

namespace {

// Adults under 65 (nobody in a key group), every infection symptomatic and none severe, in one
// grid per district; a community clinic and a hospital clinic in district 0.
epi::CityEpidemicParams care_city() {
  auto p = epi::testing::sir(3.0, 200000, 200);
  p.bands[0].max_age = 64;
  p.bands[0].p_symptomatic = 1;
  epi::testing::without_key_groups(p);
  p.days = 100;  // the wave is over long before: every visit falls inside the run
  auto& c = p.care;
  c.clinic_share_mild = 0.3;
  c.call_120_share_mild = 0.2;
  c.clinic_share_moderate = 0.45;
  c.call_120_share_moderate = 0.15;
  c.phone_consult_share = 0.4;
  c.clinic_share_without_medicine = 0.5;
  c.home_medicine_share = 0;
  c.mutual_aid_courses_per_person = 0;
  c.hospital_clinic_share = 0.25;
  c.diagnostics_share_mild = 0.3;
  c.diagnostics_share_moderate = 0.7;
  p.drug_need_share = {0.6, 0.3};
  return p;
}

const std::vector<epi::FacilitySite> kSites = {{.district = 0, .staff = 0},
                                               {.district = 0, .staff = 0, .hospital = true}};

struct Totals {
  epi::DistrictDay sum;
  std::vector<epi::CareVisit> visits;
  std::vector<epi::Call120> calls;
  std::vector<std::uint64_t> by_band;
  epi::CityEpidemic::MedicineLedger medicine;
};

Totals run(const epi::CityEpidemicParams& p, std::uint64_t seed,
           const std::vector<epi::FacilitySite>& sites = kSites,
           const std::vector<std::uint8_t>& open = {}) {
  epi::CityEpidemic e(p, sites, seed, 0, 2);
  if (!open.empty()) e.set_facility_open(open);
  Totals t;
  for (int d = 0; d < p.days; ++d) {
    const epi::DayReport r = e.step_day();
    t.sum.add(epi::testing::city_total(r));
    t.visits.insert(t.visits.end(), r.visits.begin(), r.visits.end());
    t.calls.insert(t.calls.end(), r.calls.begin(), r.calls.end());
  }
  t.by_band = e.infected_by_band();
  t.medicine = e.medicine();
  return t;
}

// Onset: call 120 with p120, else visit a clinic with p_clinic (of everyone), else take medicine
// from home, from neighbours, or go without (then visit with clinic_share_without_medicine);
// phone consults are asked for by p_phone of those who did not call or visit at once.
void expect_choices(const Totals& t, double p120, double p_clinic, double p_diagnostics,
                    epi::CallReason reason) {
  const auto& c = care_city().care;
  const epi::DistrictDay& s = t.sum;
  const double n = static_cast<double>(s.onsets);
  ASSERT_GT(n, 100000);
  EXPECT_TRUE(within_binomial(static_cast<double>(s.calls_120), n, p120));
  for (const epi::Call120& call : t.calls) ASSERT_EQ(call.reason, reason);
  const std::uint64_t choices = s.self_care + s.mutual_aid + s.no_medicine;
  const std::uint64_t direct = s.onsets - s.calls_120 - choices;
  EXPECT_TRUE(within_binomial(static_cast<double>(direct), n, p_clinic));
  // No medicine anywhere: everybody left goes without.
  EXPECT_EQ(s.self_care + s.mutual_aid, 0u);
  EXPECT_TRUE(within_binomial(static_cast<double>(s.phone_consults), static_cast<double>(choices),
                              c.phone_consult_share));
  EXPECT_TRUE(within_binomial(static_cast<double>(s.clinic_visits - direct),
                              static_cast<double>(s.no_medicine), c.clinic_share_without_medicine));
  // Every visit is listed (all inside the run, a clinic to go to), with its needs.
  ASSERT_EQ(t.visits.size(), s.clinic_visits);
  const double v = static_cast<double>(t.visits.size());
  std::uint64_t hospital = 0, diagnostics = 0, drug0 = 0, drug1 = 0;
  for (const epi::CareVisit& visit : t.visits) {
    hospital += visit.facility == 1 ? 1 : 0;
    diagnostics += visit.needs_diagnostics ? 1 : 0;
    drug0 += visit.needs_drugs & 1u;
    drug1 += (visit.needs_drugs >> 1) & 1u;
  }
  EXPECT_TRUE(within_binomial(static_cast<double>(hospital), v, c.hospital_clinic_share));
  EXPECT_TRUE(within_binomial(static_cast<double>(diagnostics), v, p_diagnostics));
  EXPECT_TRUE(within_binomial(static_cast<double>(drug0), v, 0.6));
  EXPECT_TRUE(within_binomial(static_cast<double>(drug1), v, 0.3));
}

}  // namespace

TEST(CareSeeking, MildCasesCallVisitOrStayHomeByTheirShares) {
  auto p = care_city();
  p.history.moderate_share = 0;
  const Totals t = run(p, 31);
  expect_choices(t, p.care.call_120_share_mild, p.care.clinic_share_mild,
                 p.care.diagnostics_share_mild, epi::CallReason::kMild);
}

TEST(CareSeeking, ModerateCasesCallVisitOrStayHomeByTheirShares) {
  auto p = care_city();
  p.history.moderate_share = 1;
  const Totals t = run(p, 32);
  expect_choices(t, p.care.call_120_share_moderate, p.care.clinic_share_moderate,
                 p.care.diagnostics_share_moderate, epi::CallReason::kModerate);
}

// The 65+ are a key group: their shares are key_group_multiplier (1.5) times the base; the
// under-65 band has care_multiplier 2 instead. Calls and visits are told apart by key group.
TEST(CareSeeking, KeyGroupAndAgeMultiplyTheShares) {
  auto p = care_city();
  p.history.moderate_share = 0;
  p.bands[0].care_multiplier = 2;
  epi::AgeBand old = p.bands[0];
  old.name = "65+";
  old.min_age = 65;
  old.max_age = 100;
  old.care_multiplier = 1;
  p.bands[0].share = 0.5;
  old.share = 0.5;
  p.bands.push_back(old);
  p.mixing.contacts = {{5, 5}, {5, 5}};
  p.care.key_group_multiplier = 1.5;
  p.care.call_120_share_mild = 0.1;
  p.care.clinic_share_mild = 0.15;
  p.care.clinic_share_without_medicine = 0;  // visits are direct ones only
  const Totals t = run(p, 33);
  std::uint64_t calls_old = 0, visits_old = 0;
  for (const epi::Call120& c : t.calls) calls_old += c.key_group ? 1 : 0;  // the 65+ only
  for (const epi::CareVisit& v : t.visits) visits_old += v.key_group ? 1 : 0;
  const double young = static_cast<double>(t.by_band[0]), aged = static_cast<double>(t.by_band[1]);
  ASSERT_EQ(t.sum.onsets, t.by_band[0] + t.by_band[1]);
  ASSERT_GT(std::min(young, aged), 80000);
  EXPECT_TRUE(within_binomial(static_cast<double>(calls_old), aged, 1.5 * 0.1));
  EXPECT_TRUE(within_binomial(static_cast<double>(t.calls.size() - calls_old), young, 2 * 0.1));
  EXPECT_TRUE(within_binomial(static_cast<double>(visits_old), aged, 1.5 * 0.15));
  EXPECT_TRUE(within_binomial(static_cast<double>(t.visits.size() - visits_old), young, 2 * 0.15));
}

// Medicine comes from home first, then from neighbours in the grid, else there is none. In
// one-person households that each hold a course, nobody needs a neighbour's; with none at home,
// the grid's spare courses are all given before anybody goes without.
TEST(CareSeeking, MedicineComesFromHomeThenNeighbours) {
  auto p = care_city();
  p.care.call_120_share_mild = 0;
  p.care.clinic_share_mild = 0;
  p.history.moderate_share = 0;
  p.care.home_medicine_share = 1;
  p.care.mutual_aid_courses_per_person = 0.1;
  Totals t = run(p, 34);
  EXPECT_EQ(t.sum.self_care, t.sum.onsets);
  EXPECT_EQ(t.sum.mutual_aid + t.sum.no_medicine, 0u);
  EXPECT_EQ(t.medicine.aid_left, t.medicine.aid_initial);
  EXPECT_EQ(t.medicine.home_used, t.sum.onsets);
  p.care.home_medicine_share = 0;
  t = run(p, 34);
  EXPECT_EQ(t.medicine.aid_initial, 20000u);  // 0.1 a resident of the one grid
  EXPECT_EQ(t.sum.self_care, 0u);
  EXPECT_EQ(t.sum.mutual_aid, t.medicine.aid_initial);
  EXPECT_EQ(t.medicine.aid_left, 0u);
  EXPECT_EQ(t.sum.no_medicine, t.sum.onsets - t.medicine.aid_initial);
}

// A visit goes to the chosen kind of clinic nearby: a community clinic of the subdistrict (else
// the district), or a hospital's of the district, else any hospital's in the city. District 1
// has no clinic of its own; when district 0's community clinic is closed, its visits go to the
// hospital.
TEST(CareSeeking, VisitsFallBackToHospitalClinics) {
  auto p = care_city();
  p.history.moderate_share = 0;
  p.districts = {{.id = "a", .population = 100000, .initial_infected = 100},
                 {.id = "b", .population = 100000, .initial_infected = 100}};
  p.mixing.setting_share = {0, 0, 0, 0, 0, 1};  // one city-wide epidemic
  Totals t = run(p, 35);
  std::array<std::uint64_t, 2> visits{}, to_hospital{};
  for (const epi::CareVisit& v : t.visits) {
    ++visits[v.district];
    to_hospital[v.district] += v.facility == 1 ? 1 : 0;
  }
  ASSERT_GT(std::min(visits[0], visits[1]), 10000u);
  EXPECT_EQ(to_hospital[1], visits[1]);
  EXPECT_TRUE(within_binomial(static_cast<double>(to_hospital[0]), static_cast<double>(visits[0]),
                              p.care.hospital_clinic_share));
  t = run(p, 35, kSites, {0, 1});
  for (const epi::CareVisit& v : t.visits) ASSERT_EQ(v.facility, 1u);
  ASSERT_GT(t.visits.size(), 20000u);
}
