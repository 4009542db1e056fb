// Three-tier treatment: a ward with no waiting room against Erlang B, boarding, ICU access and
// its cost in deaths, and every patient accounted for.
#include "surgesim/hospital/hospital_system.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/summary.hpp"

namespace hs = surgesim::hospital;
namespace eng = surgesim::engine;

namespace {

hs::HospitalParams one_district(int tier2, int tier3_ward, int icu, int tier1 = 0) {
  hs::HospitalParams p;
  hs::DistrictBeds d;
  d.beds[static_cast<std::size_t>(hs::Pool::kTier1)] = tier1;
  d.beds[static_cast<std::size_t>(hs::Pool::kTier2)] = tier2;
  d.beds[static_cast<std::size_t>(hs::Pool::kTier3Ward)] = tier3_ward;
  d.beds[static_cast<std::size_t>(hs::Pool::kIcu)] = icu;
  p.districts = {d};
  p.step_down_share = 0;
  return p;
}

struct Totals {
  std::uint64_t arrivals = 0;
  hs::HospitalDay sum;
  bool balanced = false;
};

// Poisson arrivals (rate per day) of patients drawn by `make`, for `days`.
template <class Make>
Totals run(const hs::HospitalParams& p, double per_day, int days, std::uint64_t rep, Make make) {
  eng::Simulation sim;
  const eng::RngStreams streams(77, rep);
  hs::HospitalSystem h(sim, p, streams, days);
  eng::Rng rng = streams.make("test/arrivals");
  Totals t;
  double at = rng.exponential(per_day / 1440.0);
  while (at < days * 1440.0) {
    hs::Patient patient = make(rng);
    sim.schedule_at(at, [&h, patient] { h.arrive(patient); });
    ++t.arrivals;
    at += rng.exponential(per_day / 1440.0);
  }
  sim.run_until(days * 1440.0);
  for (const auto& d : h.days()) {
    t.sum += d;
  }
  t.balanced = h.patients_balance() && h.beds_balance();
  return t;
}

}  // namespace

// A tier with no waiting room (no boarding) is an M/G/c/c loss system: Erlang B, whatever the
// length-of-stay distribution.
TEST(Hospital, WardWithoutBoardingMatchesErlangB) {
  const int c = 20;
  const double per_day = 4, mean_stay = 4;  // offered load 16 beds
  double b = 1;
  for (int k = 1; k <= c; ++k) b = per_day * mean_stay * b / (k + per_day * mean_stay * b);
  auto p = one_district(c, 0, 0);
  p.boarding = false;
  const auto v = eng::replicate({.replications = 12, .threads = 2}, [&](std::size_t rep) {
    const Totals t = run(p, per_day, 4000, rep, [&](eng::Rng& rng) {
      hs::Patient pt;
      pt.ward_days = rng.lognormal_mean_sd(mean_stay, 3);
      return pt;
    });
    EXPECT_TRUE(t.balanced);
    return static_cast<double>(t.sum.turned_away) / static_cast<double>(t.arrivals);
  });
  const auto s = eng::summarize(v, 0.999);
  EXPECT_NEAR(s.mean, b, s.half_width) << "Erlang B " << b;
  EXPECT_LT(s.half_width, 0.15 * b);
}

TEST(Hospital, FullWardsMeanBoardingNotLoss) {
  auto p = one_district(5, 0, 0);
  const Totals t = run(p, 3, 200, 1, [](eng::Rng&) {
    hs::Patient pt;
    pt.ward_days = 2;  // offered 6 beds to 5: a queue builds
    return pt;
  });
  EXPECT_EQ(t.sum.turned_away, 0u);
  EXPECT_GT(t.sum.boarding_patient_hours, 1000);
  EXPECT_TRUE(t.balanced);
}

// Critical patients: with plenty of ICU beds nobody is denied and deaths are p_death_icu of them;
// with too few, some are denied and die at the higher risk, so deaths rise.
TEST(Hospital, IcuCapacityShowsUpInDeaths) {
  auto critical = [](eng::Rng&) {
    hs::Patient pt;
    pt.ward_days = 3;
    pt.icu_days = 8;
    pt.critical_after_days = 1;
    return pt;
  };
  const Totals roomy = run(one_district(100, 50, 100), 5, 300, 2, critical);
  EXPECT_EQ(roomy.sum.icu_denied, 0u);
  EXPECT_EQ(roomy.sum.deaths_without_icu, 0u);
  const double ended = static_cast<double>(roomy.sum.deaths + roomy.sum.discharges);
  EXPECT_NEAR(static_cast<double>(roomy.sum.deaths) / ended, 0.25, 0.05);
  const Totals tight = run(one_district(100, 50, 10), 5, 300, 2, critical);  // 40 ICU beds needed
  EXPECT_GT(tight.sum.icu_denied, 500u);
  EXPECT_GT(tight.sum.deaths_without_icu, 0u);
  const double ended_tight = static_cast<double>(tight.sum.deaths + tight.sum.discharges);
  EXPECT_GT(static_cast<double>(tight.sum.deaths) / ended_tight, 0.5);
  EXPECT_TRUE(tight.balanced);
  EXPECT_TRUE(roomy.balanced);
}

TEST(Hospital, StableWardPatientsStepDownToTierOne) {
  auto p = one_district(50, 0, 0, 20);
  p.step_down_share = 0.4;
  const Totals t = run(p, 5, 100, 3, [](eng::Rng&) {
    hs::Patient pt;
    pt.ward_days = 5;
    return pt;
  });
  EXPECT_GT(t.sum.transfers_down, 300u);
  EXPECT_TRUE(t.balanced);
}

// Centralised isolation fills makeshift beds; when they are full, cases isolate at home.
TEST(Hospital, MakeshiftBedsTakeIsolatedCasesUntilFull) {
  auto p = one_district(0, 0, 0);
  p.districts[0].beds[static_cast<std::size_t>(hs::Pool::kFangcang)] = 3;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 10);
  for (int k = 0; k < 5; ++k) sim.schedule_at(60, [&h] { h.isolate(0, 2); });
  sim.schedule_at(4 * 1440.0, [&h] { h.isolate(0, 1); });  // after the first three left
  sim.run_until(10 * 1440.0);
  const auto& days = h.days();
  const auto k = static_cast<std::size_t>(hs::Pool::kFangcang);
  EXPECT_EQ(days[0].admissions[k], 3u);
  EXPECT_EQ(days[0].fangcang_full, 2u);
  EXPECT_EQ(days[0].occupancy_peak[k], 3);
  EXPECT_EQ(days[4].admissions[k], 1u);
  EXPECT_EQ(h.occupied(hs::Pool::kFangcang), 0);
}

// Children and the comorbid elderly go straight to tier 3 (of any district) while tier 2 has room;
// the others take tier 2 first. A stay lasts the patient's days times the tier's stay factor.
TEST(Hospital, ChildrenAndComorbidElderlyGoStraightToTierThree) {
  hs::HospitalParams p = one_district(10, 0, 0);
  hs::DistrictBeds other;
  other.beds[static_cast<std::size_t>(hs::Pool::kTier3Ward)] = 10;
  p.districts.push_back(other);
  p.stay_factor[static_cast<std::size_t>(hs::Pool::kTier3Ward)] = 2;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 20);
  auto patient = [](int age, bool comorbid) {
    hs::Patient pt;
    pt.age = age;
    pt.comorbid = comorbid;
    pt.ward_days = 3;
    return pt;
  };
  const hs::Patient child = patient(8, false), frail = patient(82, true), fit = patient(82, false),
                    adult = patient(45, true);
  EXPECT_TRUE(h.direct_to_tier3(child));
  EXPECT_TRUE(h.direct_to_tier3(frail));
  EXPECT_FALSE(h.direct_to_tier3(fit));
  EXPECT_FALSE(h.direct_to_tier3(adult));
  for (const hs::Patient& pt : {child, frail, fit, adult})
    sim.schedule_at(60, [&h, pt] { h.arrive(pt); });
  sim.run_until(1440);
  EXPECT_EQ(h.occupied(hs::Pool::kTier3Ward), 2);  // the child and the frail, in the other district
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 2);
  EXPECT_EQ(h.days()[0].direct_to_tier3, 2u);
  sim.run_until(20 * 1440.0);
  EXPECT_EQ(h.days()[3].discharges, 2u);  // tier 2: 3 days
  EXPECT_EQ(h.days()[6].discharges, 2u);  // tier 3: 3 days x 2
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// With tier 3 full, a direct patient boards for the district's tier 3 even when tier 2 frees up.
TEST(Hospital, DirectPatientsBoardForTierThree) {
  hs::HospitalParams p = one_district(1, 1, 0);
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 30);
  hs::Patient frail;
  frail.age = 80;
  frail.comorbid = true;
  frail.ward_days = 10;
  hs::Patient adult;
  adult.ward_days = 1;
  sim.schedule_at(0, [&] { h.arrive(frail); });  // tier 3 (the one bed)
  sim.schedule_at(1, [&] { h.arrive(adult); });  // tier 2 for a day
  sim.schedule_at(2, [&] { h.arrive(frail); });  // tier 2 is taken, tier 3 too: boards
  sim.run_until(5 * 1440.0);
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 0);  // freed on day 1 but not taken
  EXPECT_EQ(h.occupied(hs::Pool::kTier3Ward), 1);
  sim.run_until(30 * 1440.0);
  double boarded = 0;
  for (const auto& d : h.days()) boarded += d.boarding_patient_hours;
  EXPECT_NEAR(boarded, (10 * 1440.0 - 2) / 60.0, 1e-6);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// Tier-1 observation takes free tier-1 beds of the district for the patient's days; with none
// free the patient stays at home.
TEST(Hospital, ObservationFillsTierOneBeds) {
  hs::HospitalParams p = one_district(0, 0, 0, 2);
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 10);
  hs::Patient pt;
  pt.age = 75;
  pt.ward_days = 2;
  for (int k = 0; k < 3; ++k) sim.schedule_at(60, [&h, pt] { h.observe(pt); });
  sim.schedule_at(3 * 1440.0, [&h, pt] { h.observe(pt); });
  sim.run_until(10 * 1440.0);
  const auto k = static_cast<std::size_t>(hs::Pool::kTier1);
  EXPECT_EQ(h.days()[0].admissions[k], 2u);
  EXPECT_EQ(h.days()[0].observation_full, 1u);
  EXPECT_EQ(h.days()[2].discharges, 2u);
  EXPECT_EQ(h.days()[3].admissions[k], 1u);
  EXPECT_EQ(h.occupied(hs::Pool::kTier1), 0);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// The emergency department: patients wait for a place, are assessed there, and board on it while
// no ward bed is free, so a full ward fills the ED and holds up whoever comes next (the crews).
TEST(Hospital, BoardersHoldEmergencyDepartmentPlaces) {
  hs::HospitalParams p = one_district(1, 0, 0);
  p.districts[0].beds[static_cast<std::size_t>(hs::Pool::kEd)] = 1;
  p.ed_assessment_min = eng::Distribution::constant(60);
  p.crew_max_wait_min = std::numeric_limits<double>::infinity();  // crews wait as long as it takes
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 10);
  hs::Patient pt;
  pt.ward_days = 2;
  std::vector<double> accepted_at;
  auto arrive_at = [&](double t) {
    sim.schedule_at(t, [&, t] { h.arrive(pt, [&] { accepted_at.push_back(sim.now()); }); });
  };
  arrive_at(0);    // ED 0-60, then the ward bed until 60 + 2 days
  arrive_at(100);  // ED from 100, decision at 160, boards on the ED place
  arrive_at(200);  // waits for the ED place until the boarder gets the ward bed
  sim.run_until(1440);
  EXPECT_EQ(h.occupied(hs::Pool::kEd), 1);
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 1);
  sim.run_until(10 * 1440.0);
  const double freed = 60 + 2 * 1440.0;
  ASSERT_EQ(accepted_at.size(), 3u);
  EXPECT_DOUBLE_EQ(accepted_at[0], 0);
  EXPECT_DOUBLE_EQ(accepted_at[1], 100);
  EXPECT_DOUBLE_EQ(accepted_at[2], freed);
  double boarded = 0, ed_wait = 0;
  for (const auto& d : h.days()) {
    boarded += d.boarding_patient_hours;
    ed_wait += d.ed_wait_hours;
  }
  // The boarder from its decision until the bed; the third from the third's own decision at
  // freed + 60 until the second leaves the ward two days after taking it.
  EXPECT_NEAR(boarded, (freed - 160) / 60 + (freed + 2 * 1440.0 - (freed + 60)) / 60, 1e-9);
  EXPECT_NEAR(ed_wait, (freed - 200) / 60, 1e-9);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
  EXPECT_EQ(h.occupied(hs::Pool::kEd), 0);
}

// Ambulance patients from outside the epidemic take ED places for their stay too. A crew waits
// at most crew_max_wait_min, then leaves its patient in the corridor to wait for a place.
TEST(Hospital, OtherAmbulancePatientsShareTheEmergencyDepartment) {
  hs::HospitalParams p = one_district(5, 0, 0);
  p.districts[0].beds[static_cast<std::size_t>(hs::Pool::kEd)] = 2;
  p.ed_other_stay_min = eng::Distribution::constant(300);
  p.crew_max_wait_min = 30;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 2);
  std::vector<double> accepted_at;
  for (int k = 0; k < 3; ++k)
    sim.schedule_at(0, [&] { h.ed_visit(0, [&] { accepted_at.push_back(sim.now()); }); });
  sim.run_until(299);
  EXPECT_EQ(accepted_at, (std::vector<double>{0, 0, 30}));
  EXPECT_EQ(h.days()[0].corridor_handovers, 1u);
  EXPECT_EQ(h.occupied(hs::Pool::kEd), 2);
  sim.run_until(301);
  EXPECT_NEAR(h.days()[0].ed_wait_hours, 5, 1e-9);  // the corridor patient, until a place frees
  EXPECT_EQ(h.days()[0].admissions[static_cast<std::size_t>(hs::Pool::kEd)], 3u);
  EXPECT_EQ(accepted_at.size(), 3u);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// The course goes on in the corridor: a patient waiting for an ED place who turns critical goes
// up to a free ICU bed, and the crew waiting with them is let go.
TEST(Hospital, PatientsWorseningInTheCorridorGoUpToTheIcu) {
  hs::HospitalParams p = one_district(0, 0, 1);
  p.districts[0].beds[static_cast<std::size_t>(hs::Pool::kEd)] = 1;
  p.crew_max_wait_min = std::numeric_limits<double>::infinity();
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 10);
  hs::Patient boarder;  // no ward bed anywhere: boards on the only ED place
  boarder.ward_days = 3;
  hs::Patient worsening;
  worsening.ward_days = 1;
  worsening.icu_days = 2;
  worsening.critical_after_days = 0.5;
  double crew_left = -1;
  sim.schedule_at(0, [&] { h.arrive(boarder); });
  sim.schedule_at(60, [&] { h.arrive(worsening, [&] { crew_left = sim.now(); }); });
  sim.run_until(1440);
  EXPECT_DOUBLE_EQ(crew_left, 60 + 720);
  EXPECT_EQ(h.occupied(hs::Pool::kIcu), 1);
  EXPECT_EQ(h.occupied(hs::Pool::kEd), 1);  // still the boarder
  EXPECT_NEAR(h.days()[0].ed_wait_hours, 12, 1e-9);
  EXPECT_EQ(h.days()[0].icu_admissions, 1u);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// An ICU bed in another district is reached by a transfer, whose time counts as waiting: here a
// transfer of full_harm_hours makes the death certain, and none makes survival certain.
TEST(Hospital, TransfersToAnotherDistrictsIcuCostTime) {
  auto deaths_with_transfer = [](double transfer_min) {
    hs::HospitalParams p = one_district(5, 0, 0);
    hs::DistrictBeds icu_elsewhere;
    icu_elsewhere.beds[static_cast<std::size_t>(hs::Pool::kIcu)] = 1;
    p.districts.push_back(icu_elsewhere);
    p.transfer_min = eng::Distribution::constant(transfer_min);
    p.full_harm_hours = 2;
    p.p_death_icu = 0;
    p.p_death_no_icu = 1;
    eng::Simulation sim;
    hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 20);
    hs::Patient pt;
    pt.ward_days = 1;
    pt.icu_days = 2;
    pt.critical_after_days = 1;
    sim.schedule_at(0, [&] { h.arrive(pt); });
    sim.run_until(20 * 1440.0);
    std::uint64_t deaths = 0, moved = 0;
    for (const auto& d : h.days()) {
      deaths += d.deaths;
      moved += d.transfers_between_districts;
    }
    EXPECT_EQ(moved, 1u);
    EXPECT_TRUE(h.patients_balance() && h.beds_balance());
    return deaths;
  };
  EXPECT_EQ(deaths_with_transfer(120), 1u);
  EXPECT_EQ(deaths_with_transfer(0), 0u);
}
