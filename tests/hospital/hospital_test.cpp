// Three-tier treatment: a ward with no waiting room against Erlang B, boarding, ICU access and
// its cost in deaths, and every patient accounted for.
#include "surgesim/hospital/hospital_system.hpp"

#include <gtest/gtest.h>

#include <cmath>
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

constexpr std::size_t at(hs::Pool pool) { return static_cast<std::size_t>(pool); }

// Standard error of a binomial count of n draws.
double binomial_se(double n, double p) { return std::sqrt(n * p * (1 - p)); }

struct Totals {
  std::uint64_t arrivals = 0;
  hs::HospitalDay sum;
  bool balanced = false;
};

// Poisson arrivals (rate per day) of patients drawn by `make`, for `days`, then `quiet_days` with
// none (for the last ones to finish).
template <class Make>
Totals run(const hs::HospitalParams& p, double per_day, int days, std::uint64_t rep, Make make,
           int quiet_days = 0) {
  eng::Simulation sim;
  const eng::RngStreams streams(77, rep);
  hs::HospitalSystem h(sim, p, streams, days + quiet_days);
  eng::Rng rng = streams.make("test/arrivals");
  Totals t;
  double at = rng.exponential(per_day / 1440.0);
  while (at < days * 1440.0) {
    hs::Patient patient = make(rng);
    sim.schedule_at(at, [&h, patient] { h.arrive(patient); });
    ++t.arrivals;
    at += rng.exponential(per_day / 1440.0);
  }
  sim.run_until((days + quiet_days) * 1440.0);
  for (const auto& d : h.days()) {
    t.sum += d;
  }
  t.balanced = h.patients_balance() && h.beds_balance();
  return t;
}

struct IcuOutcome {
  std::uint64_t admitted = 0, denied = 0, moved = 0, deaths = 0, deaths_without_icu = 0,
                discharges = 0;
  bool balanced = false;
};

// n patients critical on arrival, one a minute, with no ED stage: straight to an ICU bed (or the
// wait for one) for half a day; survivors go home when there is no ward bed.
IcuOutcome critical_one_a_minute(const hs::HospitalParams& p, int n) {
  const int days = n / 1440 + 2;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(5, 0), days);
  hs::Patient pt;
  pt.icu_days = 0.5;
  pt.ward_days = 1;
  for (int k = 0; k < n; ++k) sim.schedule_at(k, [&h, pt] { h.arrive(pt); });
  sim.run_until(days * 1440.0);
  hs::HospitalDay sum;
  for (const auto& d : h.days()) sum += d;
  return {
      sum.icu_admissions,     sum.icu_denied, sum.transfers_between_districts,         sum.deaths,
      sum.deaths_without_icu, sum.discharges, h.patients_balance() && h.beds_balance()};
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

// Critical patients turning critical on the ward, 40 a day for 300 days (12,000), then 20 quiet
// days for the last to finish (at most 1 + 0.5 + 8 + 3 days). They keep 40 x 8 = 320 ICU beds
// busy: with 450 none is denied and deaths are p_death_icu of them; with 80, most are denied and
// those die at p_death_no_icu, so deaths rise. Counts within 4 binomial SE.
TEST(Hospital, IcuCapacityShowsUpInDeaths) {
  auto critical = [](eng::Rng&) {
    hs::Patient pt;
    pt.ward_days = 3;
    pt.icu_days = 8;
    pt.critical_after_days = 1;
    return pt;
  };
  const hs::HospitalParams roomy_p = one_district(700, 0, 450), tight_p = one_district(700, 0, 80);
  const Totals roomy = run(roomy_p, 40, 300, 2, critical, 20);
  const Totals tight = run(tight_p, 40, 300, 2, critical, 20);
  EXPECT_TRUE(roomy.balanced);
  EXPECT_TRUE(tight.balanced);
  ASSERT_GT(roomy.arrivals, 11000u);
  EXPECT_EQ(roomy.sum.icu_denied, 0u);
  EXPECT_EQ(roomy.sum.deaths_without_icu, 0u);
  EXPECT_EQ(roomy.sum.icu_admissions, roomy.arrivals);
  const auto n = static_cast<double>(roomy.arrivals);
  EXPECT_EQ(roomy.sum.deaths + roomy.sum.discharges, roomy.arrivals);  // all finished
  EXPECT_NEAR(static_cast<double>(roomy.sum.deaths), n * roomy_p.p_death_icu,
              4 * binomial_se(n, roomy_p.p_death_icu));
  // About 3/4 are denied (80 of the 320 beds needed). Every denied patient has finished, so their
  // deaths are Binomial(denied, p_death_no_icu): about 9,000, SE 38, a 5% error 360.
  EXPECT_EQ(tight.sum.deaths + tight.sum.discharges, tight.arrivals);
  EXPECT_GT(tight.sum.icu_denied, tight.arrivals / 2);
  const auto denied = static_cast<double>(tight.sum.icu_denied);
  EXPECT_NEAR(static_cast<double>(tight.sum.deaths_without_icu), denied * tight_p.p_death_no_icu,
              4 * binomial_se(denied, tight_p.p_death_no_icu));
  // The admitted waited, so die at p_death_icu or more: deaths reach at least that floor.
  const auto admitted = static_cast<double>(tight.sum.icu_admissions);
  EXPECT_EQ(tight.sum.icu_admissions + tight.sum.icu_denied, tight.arrivals);
  const double floor = admitted * tight_p.p_death_icu + denied * tight_p.p_death_no_icu;
  EXPECT_GT(static_cast<double>(tight.sum.deaths),
            floor - 4 * std::hypot(binomial_se(admitted, tight_p.p_death_icu),
                                   binomial_se(denied, tight_p.p_death_no_icu)))
      << "denied " << denied << " of " << tight.arrivals;
  EXPECT_GT(static_cast<double>(tight.sum.deaths), 2 * static_cast<double>(roomy.sum.deaths));
}

// Critical patients who get a free ICU bed at once die with p_death_icu: of 80,000 the binomial SE
// is sqrt(80000 x 0.25 x 0.75) = 122 deaths, and a 5% error in the risk (1,000 deaths) is 8 SE.
TEST(Hospital, PatientsAdmittedToTheIcuAtOnceDieAtTheIcuRisk) {
  const hs::HospitalParams p = one_district(0, 0, 1000);  // 720 in at a time
  const int n = 80000;
  const IcuOutcome o = critical_one_a_minute(p, n);
  EXPECT_TRUE(o.balanced);
  EXPECT_EQ(o.admitted, static_cast<std::uint64_t>(n));
  EXPECT_EQ(o.denied + o.moved + o.deaths_without_icu, 0u);
  EXPECT_EQ(o.deaths + o.discharges, static_cast<std::uint64_t>(n));
  EXPECT_NEAR(static_cast<double>(o.deaths), n * p.p_death_icu, 4 * binomial_se(n, p.p_death_icu));
}

// The risk grows linearly with the wait. The only ICU beds are in another district, reached by a
// transfer of 720 min that counts as waiting: half of full_harm_hours = 24, so the risk is
// 0.25 + (0.8 - 0.25) x 0.5 = 0.525. Of 80,000: SE 141 deaths; a 5% error in the slope is 1,100.
TEST(Hospital, HalfTheFullHarmWaitGivesTheMidpointRisk) {
  hs::HospitalParams p = one_district(0, 0, 0);
  hs::DistrictBeds icu_elsewhere;
  icu_elsewhere.beds[at(hs::Pool::kIcu)] = 1000;
  p.districts.push_back(icu_elsewhere);
  p.transfer_min = eng::Distribution::constant(720);
  p.full_harm_hours = 24;
  p.icu_patience_hours = 1000;  // never reached: a bed is free
  const double risk =
      p.p_death_icu + (p.p_death_no_icu - p.p_death_icu) * (720.0 / 60 / p.full_harm_hours);
  EXPECT_NEAR(risk, 0.525, 1e-12);  // the defaults, as in the comment
  const int n = 80000;
  const IcuOutcome o = critical_one_a_minute(p, n);
  EXPECT_TRUE(o.balanced);
  EXPECT_EQ(o.admitted, static_cast<std::uint64_t>(n));
  EXPECT_EQ(o.moved, static_cast<std::uint64_t>(n));
  EXPECT_EQ(o.deaths + o.discharges, static_cast<std::uint64_t>(n));
  EXPECT_NEAR(static_cast<double>(o.deaths), n * risk, 4 * binomial_se(n, risk));
}

// A critical patient who finds the only ICU bed taken boards in the emergency department for it;
// with none freeing they are denied after exactly icu_patience_hours and treated outside the ICU
// for icu_days at p_death_no_icu. When the bed frees before that, they take it, with the wait's
// harm. Outcomes made certain: p_death_icu 0, p_death_no_icu 1, full harm after 5 hours.
TEST(Hospital, CriticalPatientsAreDeniedTheIcuAfterExactlyThePatience) {
  hs::HospitalParams p = one_district(0, 0, 1);
  p.districts[0].beds[at(hs::Pool::kEd)] = 2;
  p.ed_assessment_min = eng::Distribution::constant(30);
  p.icu_patience_hours = 12;
  p.p_death_icu = 0;
  p.p_death_no_icu = 1;
  p.full_harm_hours = 5;
  hs::Patient holder;  // the ICU bed from minute 30 (after assessment)
  holder.ward_days = 0;
  hs::Patient late = holder;  // decision at 60 + 30: waits for the bed
  late.icu_days = 2;
  const double decision = 60 + 30, denied_at = decision + 12 * 60;
  {
    holder.icu_days = 10;  // no bed frees for 10 days
    eng::Simulation sim;
    hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 20);
    sim.schedule_at(0, [&] { h.arrive(holder); });
    sim.schedule_at(60, [&] { h.arrive(late); });
    sim.run_until(denied_at - 1e-6);
    EXPECT_EQ(h.days()[0].icu_denied, 0u);
    EXPECT_EQ(h.occupied(hs::Pool::kEd), 1);  // boarding for the ICU
    sim.run_until(denied_at + 1e-6);
    EXPECT_EQ(h.days()[0].icu_denied, 1u);
    EXPECT_EQ(h.occupied(hs::Pool::kEd), 0);
    EXPECT_NEAR(h.days()[0].boarding_patient_hours, 12, 1e-9);
    sim.run_until(20 * 1440.0);
    hs::HospitalDay sum;
    for (const auto& d : h.days()) sum += d;
    // Dies icu_days after the denial, at 810 + 2880 = 3690 (day 2), without the ICU; the holder
    // survives and, with no ward anywhere, goes home at 30 + 10 days (day 10).
    EXPECT_EQ(h.days()[2].deaths, 1u);
    EXPECT_EQ(h.days()[2].deaths_without_icu, 1u);
    EXPECT_EQ(h.days()[10].discharges, 1u);
    EXPECT_EQ(sum.deaths, 1u);
    EXPECT_EQ(sum.icu_admissions, 1u);
    EXPECT_TRUE(h.patients_balance() && h.beds_balance());
  }
  {
    holder.icu_days = 0.25;  // the bed frees at 30 + 360 = 390: a 5-hour wait
    eng::Simulation sim;
    hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 20);
    sim.schedule_at(0, [&] { h.arrive(holder); });
    sim.schedule_at(60, [&] { h.arrive(late); });
    sim.run_until(20 * 1440.0);
    hs::HospitalDay sum;
    for (const auto& d : h.days()) sum += d;
    EXPECT_EQ(sum.icu_denied, 0u);
    EXPECT_EQ(h.days()[0].icu_admissions, 2u);
    EXPECT_NEAR(sum.boarding_patient_hours, 5, 1e-9);
    // A full-harm wait: dies in the ICU at 390 + 2880 = 3270 (day 2), not counted as without it.
    EXPECT_EQ(h.days()[2].deaths, 1u);
    EXPECT_EQ(sum.deaths_without_icu, 0u);
    EXPECT_EQ(sum.discharges, 1u);
    EXPECT_TRUE(h.patients_balance() && h.beds_balance());
  }
}

// A fatal course that never turns critical ends in death on the ward, counted in deaths but not as
// a death without the ICU; such patients are not stable, so they do not step down to tier 1 (the
// stable ones beside them do, after 0.7 of their 3 days).
TEST(Hospital, FatalWardCoursesDieOnTheWard) {
  hs::HospitalParams p = one_district(20, 0, 0, 20);
  p.step_down_share = 0.3;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 10);
  hs::Patient fatal;
  fatal.ward_days = 3;
  fatal.dies_on_ward = true;
  hs::Patient stable;
  stable.ward_days = 3;
  for (int k = 0; k < 10; ++k) sim.schedule_at(60, [&h, fatal] { h.arrive(fatal); });
  for (int k = 0; k < 5; ++k) sim.schedule_at(60, [&h, stable] { h.arrive(stable); });
  sim.run_until(60 + 0.7 * 3 * 1440 + 1);
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 10);
  EXPECT_EQ(h.occupied(hs::Pool::kTier1), 5);
  sim.run_until(10 * 1440.0);
  hs::HospitalDay sum;
  for (const auto& d : h.days()) sum += d;
  EXPECT_EQ(h.days()[3].deaths, 10u);  // at 60 + 3 days
  EXPECT_EQ(h.days()[3].discharges, 5u);
  EXPECT_EQ(sum.deaths, 10u);
  EXPECT_EQ(sum.deaths_without_icu, 0u);
  EXPECT_EQ(sum.transfers_down, 5u);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// ICU survivors step down for their ward days to the district's tier 3, else tier 2, else tier 1,
// else go home. Four survivors (p_death_icu 0) leave the ICU together at 60 + 1 day with one bed
// on each ward; a tier-3 stay lasts ward_days x stay_factor (2 here).
TEST(Hospital, IcuSurvivorsStepDownToTierThreeTwoOrOne) {
  hs::HospitalParams p = one_district(1, 1, 4, 1);
  p.p_death_icu = 0;
  p.stay_factor[at(hs::Pool::kTier3Ward)] = 2;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 10);
  hs::Patient pt;  // critical on arrival
  pt.icu_days = 1;
  pt.ward_days = 2;
  for (int k = 0; k < 4; ++k) sim.schedule_at(60, [&h, pt] { h.arrive(pt); });
  sim.run_until(1440);
  EXPECT_EQ(h.occupied(hs::Pool::kIcu), 4);
  sim.run_until(1500 + 1);
  EXPECT_EQ(h.occupied(hs::Pool::kIcu), 0);
  EXPECT_EQ(h.occupied(hs::Pool::kTier3Ward), 1);
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 1);
  EXPECT_EQ(h.occupied(hs::Pool::kTier1), 1);
  EXPECT_EQ(h.days()[1].transfers_down, 3u);
  EXPECT_EQ(h.days()[1].discharges, 1u);  // no bed left: home
  sim.run_until(10 * 1440.0);
  EXPECT_EQ(h.days()[3].discharges, 2u);  // tiers 2 and 1: 1500 + 2 days = 4380
  EXPECT_EQ(h.days()[5].discharges, 1u);  // tier 3: 1500 + 4 days = 7260
  EXPECT_EQ(h.occupied(hs::Pool::kTier3Ward) + h.occupied(hs::Pool::kTier2), 0);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// Stable ward patients spend the last step_down_share of their stay in a free tier-1 bed. With
// plenty of tier-1 beds every one steps down, and the bed-time splits exactly: occupancy sampled
// every minute gives each stay's share to within a minute per patient.
TEST(Hospital, StableWardPatientsStepDownToTierOne) {
  auto p = one_district(60, 0, 0, 60);
  p.step_down_share = 0.4;
  eng::Simulation sim;
  const eng::RngStreams streams(3, 0);
  const int days = 100, quiet = 10;  // stays of at most 8 days finish in the quiet days
  hs::HospitalSystem h(sim, p, streams, days + quiet);
  eng::Rng rng = streams.make("test/arrivals");
  std::uint64_t n = 0;
  double stay_min_total = 0;
  for (double t = rng.exponential(5 / 1440.0); t < days * 1440.0;
       t += rng.exponential(5 / 1440.0)) {
    hs::Patient pt;
    pt.ward_days = rng.uniform(2, 8);
    stay_min_total += pt.ward_days * 1440;
    ++n;
    sim.schedule_at(t, [&h, pt] { h.arrive(pt); });
  }
  double ward_min = 0, tier1_min = 0;
  for (int m = 0; m < (days + quiet) * 1440; ++m) {
    sim.schedule_at(m + 0.5, [&] {
      ward_min += h.occupied(hs::Pool::kTier2);
      tier1_min += h.occupied(hs::Pool::kTier1);
    });
  }
  sim.run_until((days + quiet) * 1440.0);
  hs::HospitalDay sum;
  for (const auto& d : h.days()) sum += d;
  ASSERT_GT(n, 400u);
  EXPECT_EQ(sum.discharges, n);
  EXPECT_EQ(sum.transfers_down, n);
  EXPECT_EQ(sum.admissions[at(hs::Pool::kTier1)], n);
  EXPECT_EQ(sum.boarding_patient_hours, 0);
  const auto nd = static_cast<double>(n);
  EXPECT_NEAR(tier1_min, p.step_down_share * stay_min_total, nd);
  EXPECT_NEAR(ward_min, (1 - p.step_down_share) * stay_min_total, nd);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// With one tier-1 bed, patients one a day for 5 days each (share 0.3): patient k wants the bed
// at k + 3.5 days and holds it until k + 5, so patient k + 1 (at k + 4.5) stays on the ward and
// patient k + 2 (at k + 5.5) gets it: every other patient steps down. The ward bed frees early.
TEST(Hospital, StepDownNeedsAFreeTierOneBed) {
  auto p = one_district(10, 0, 0, 1);
  p.step_down_share = 0.3;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 20);
  hs::Patient pt;
  pt.ward_days = 5;
  for (int k = 0; k < 10; ++k) sim.schedule_at(k * 1440.0 + 60, [&h, pt] { h.arrive(pt); });
  sim.run_until(4 * 1440.0 + 120);  // patients 0-4 in; 0 stepped down at 3.5 days
  EXPECT_EQ(h.occupied(hs::Pool::kTier1), 1);
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 4);
  sim.run_until(20 * 1440.0);
  hs::HospitalDay sum;
  for (const auto& d : h.days()) sum += d;
  EXPECT_EQ(sum.transfers_down, 5u);
  for (int k = 0; k < 10; ++k) EXPECT_EQ(h.days()[static_cast<std::size_t>(k + 5)].discharges, 1u);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
}

// A severe patient whose 120 call brought no ambulance arrives on their own self_arrival_hours
// later.
TEST(Hospital, PatientsNotCarriedBy120ComeOnTheirOwnLater) {
  hs::HospitalParams p = one_district(5, 0, 0);
  p.self_arrival_hours = 2.5;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 2);
  hs::Patient pt;
  sim.schedule_at(100, [&] { h.arrive_on_own(pt); });
  sim.run_until(100 + 150 - 1e-6);
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 0);
  sim.run_until(100 + 150 + 1e-6);
  EXPECT_EQ(h.occupied(hs::Pool::kTier2), 1);
  EXPECT_EQ(h.days()[0].admissions[at(hs::Pool::kTier2)], 1u);
  EXPECT_TRUE(h.patients_balance() && h.beds_balance());
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
    sim.schedule_at(t, [&] { h.arrive(pt, [&] { accepted_at.push_back(sim.now()); }); });
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

// Each district's own beds are measured on their own: makeshift beds of two districts fill from
// the own district first, then the other's; the day's district peaks are the beds in use there,
// they add up to the city's peak when both peak together, and they start each day from the beds
// still in use at midnight.
TEST(Hospital, DistrictPeaksCountEachDistrictsOwnBeds) {
  auto p = one_district(0, 0, 0);
  p.districts.push_back(p.districts[0]);
  p.districts[0].beds[at(hs::Pool::kFangcang)] = 3;
  p.districts[1].beds[at(hs::Pool::kFangcang)] = 4;
  eng::Simulation sim;
  hs::HospitalSystem h(sim, p, eng::RngStreams(1, 0), 6);
  for (int k = 0; k < 5; ++k) sim.schedule_at(60, [&h] { h.isolate(0, 1.5); });  // 3 + 2
  sim.schedule_at(2 * 1440.0 + 60, [&h] { h.isolate(1, 0.5); });
  sim.run_until(6 * 1440.0);
  const auto fc = hs::Pool::kFangcang;
  EXPECT_EQ(h.district_peak(0, 0, fc), 3);
  EXPECT_EQ(h.district_peak(0, 1, fc), 2);  // district 0's overflow lies in district 1's beds
  EXPECT_EQ(h.days()[0].occupancy_peak[at(fc)], 5);
  EXPECT_EQ(h.district_peak(1, 0, fc), 3);  // still in use at the start of day 1
  EXPECT_EQ(h.district_peak(2, 0, fc), 0);
  EXPECT_EQ(h.district_peak(2, 1, fc), 1);
  EXPECT_EQ(h.district_peak(3, 1, fc), 0);
}
