// The 120 service: the dispatch delay and the wait for a dispatcher seat against Erlang C, triage
// shares, and the rules for priority, seats, congestion, vehicles, crews, abandonment and
// hand-over at the emergency department.
#include "surgesim/ems/ems_system.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/examples/mmc_model.hpp"

namespace ems = surgesim::ems;
namespace eng = surgesim::engine;

namespace {

// One district, `vehicles` at one station, instant handling and travel, no transport: each job
// holds a vehicle for an exponential scene time, so vehicles are the servers of an M/M/c queue.
ems::EmsParams queue_like(int vehicles, double calls_per_day, double scene_mean_min) {
  ems::EmsParams p;
  p.districts = {"only"};
  p.x_km = {0};
  p.y_km = {0};
  p.within_district_km = 0;
  p.seats = 1000;
  p.handling_min = eng::Distribution::constant(0);
  p.triage[static_cast<std::size_t>(ems::CallKind::kBackground)] = {1.0, 0.0};
  p.stations = {{"s", 0, vehicles}};
  p.scene_min = eng::Distribution::exponential_mean(scene_mean_min);
  p.transport_share = {0, 0};
  p.background_calls_per_day = {calls_per_day};
  return p;
}

struct Outcome {
  double dispatch_wait_mean = 0;
  double response_mean = 0;
  std::uint64_t abandoned = 0, handovers = 0, dispatches = 0;
  double handover_delay_mean = 0;
  bool balanced = false;
};

Outcome run(const ems::EmsParams& p, int days, std::uint64_t seed, std::uint64_t rep) {
  eng::Simulation sim;
  const eng::RngStreams streams(seed, rep);
  ems::EmsSystem system(sim, p, streams, days);
  system.start();
  sim.run_until(days * 1440.0);
  Outcome o;
  o.dispatch_wait_mean = system.dispatch_waits_min().mean();
  o.response_mean = system.responses_min().count() ? system.responses_min().mean() : 0;
  for (const auto& d : system.days()) {
    o.abandoned += d.abandoned;
    o.handovers += d.handovers;
    o.dispatches += d.dispatches;
  }
  o.handover_delay_mean =
      system.handover_delays_min().count() ? system.handover_delays_min().mean() : 0;
  o.balanced = system.calls_balance() && system.vehicles_balance();
  return o;
}

}  // namespace

// The check: with zero travel and scene-only exponential jobs, the wait for a vehicle is
// the M/M/c wait of Erlang C.
TEST(Ems, DispatchDelayMatchesErlangC) {
  const int c = 5;
  const double mean_job = 30, rho = 0.8;
  const double per_min = rho * c / mean_job;
  const auto p = queue_like(c, per_min * 1440, mean_job);
  const auto v = eng::replicate({.replications = 12, .threads = 2}, [&](std::size_t rep) {
    return run(p, 500, 31, rep).dispatch_wait_mean;
  });
  const double theory = surgesim::examples::mmc_mean_wait(c, per_min, 1.0 / mean_job);
  const auto s = eng::summarize(v, 0.999);
  EXPECT_NEAR(s.mean, theory, s.half_width) << "[" << s.ci_low << ", " << s.ci_high << "]";
  EXPECT_LT(s.half_width, 0.1 * theory);  // precise enough to mean something
}

TEST(Ems, NearestVehicleAndTravelTime) {
  ems::EmsParams p = queue_like(1, 20, 10);
  p.districts = {"a", "b"};
  p.x_km = {0, 30};
  p.y_km = {0, 0};
  p.within_district_km = 5;
  p.speed_kmh = 30;  // 10 min within a district, 78 min between them (30 km x 1.3)
  p.stations = {{"a", 0, 20}, {"b", 1, 20}};
  p.background_district_weight = {0, 1};  // every call in b, served from b's own station
  const Outcome o = run(p, 10, 5, 0);
  EXPECT_NEAR(o.response_mean, 10.0, 1e-9);
  p.stations = {{"a", 0, 20}};  // only a's vehicles: the long drive
  EXPECT_NEAR(run(p, 10, 5, 0).response_mean, 78.0, 1e-9);
}

TEST(Ems, CallsWaitForCrewsOnDutyAndAbandon) {
  ems::EmsParams p = queue_like(2, 200, 30);
  for (int h = 0; h < 24; ++h) p.crewed_share[static_cast<std::size_t>(h)] = h < 12 ? 0 : 1;
  const Outcome night = run(p, 5, 7, 0);
  EXPECT_TRUE(night.balanced);
  // Nobody answers in the night: calls queue until noon, so responses are long.
  EXPECT_GT(night.response_mean, 120);
  p.patience_min[0] = eng::Distribution::exponential_mean(20);
  const Outcome impatient = run(p, 5, 7, 0);
  EXPECT_GT(impatient.abandoned, 100u);
  EXPECT_TRUE(impatient.balanced);
  EXPECT_LT(impatient.dispatches, night.dispatches);
}

TEST(Ems, CrewsWaitToHandOverWhenTheEmergencyDepartmentIsFull) {
  ems::EmsParams p = queue_like(10, 100, 10);
  p.transport_share = {1, 1};
  p.within_district_km = 1;
  p.ed_trolleys = {100};
  const Outcome roomy = run(p, 10, 9, 0);
  EXPECT_EQ(roomy.handover_delay_mean, 0);
  // Every patient taken in is handed over, but for the jobs still under way at the end.
  EXPECT_LE(roomy.handovers, roomy.dispatches);
  EXPECT_GE(roomy.handovers + 10, roomy.dispatches);
  p.ed_trolleys = {2};
  p.ed_stay_min = eng::Distribution::constant(60);  // 2 trolleys x 24 patients a day < 100
  const Outcome full = run(p, 10, 9, 0);
  EXPECT_GT(full.handover_delay_mean, 30);
  EXPECT_TRUE(full.balanced);
}

// Triage by the call kind's shares (urgent 0.2, non-urgent 0.3, advice the other 0.5), with every
// non-urgent call diverted from day 2. 20,000 calls a day for 6 days, handled at once by free
// vehicles, so each call is counted on its day. Advice: Binomial(120,000, 0.5), SE 0.0014 of a
// share, so a 5% error in it (0.025) is 17 SE. On days 2-5 (80,000 calls) the dispatched are the
// urgent (0.2: SE 0.0014, a 5% error 7 SE) and the diverted the non-urgent (0.3: 5% is 9 SE).
TEST(Ems, SameSeedSameRunAndTriageSendsAdviceHome) {
  ems::EmsParams p = queue_like(3, 300, 20);
  auto& shares = p.triage[static_cast<std::size_t>(ems::CallKind::kBackground)];
  shares = {0.2, 0.3};
  p.diversion.set_from(2, 1.0);  // from day 2, every non-urgent call goes to the hotline
  const Outcome a = run(p, 6, 3, 1), b = run(p, 6, 3, 1);
  EXPECT_EQ(a.dispatches, b.dispatches);
  EXPECT_EQ(a.response_mean, b.response_mean);
  EXPECT_TRUE(a.balanced);
  p.background_calls_per_day = {20000};
  p.scene_min = eng::Distribution::constant(0);  // no call waits for a vehicle
  eng::Simulation sim;
  ems::EmsSystem system(sim, p, eng::RngStreams(3, 1), 6);
  system.start();
  sim.run_until(6 * 1440.0);
  EXPECT_TRUE(system.calls_balance() && system.vehicles_balance());
  std::array<std::uint64_t, 2> calls{}, dispatches{};  // days 0-1, days 2-5
  std::uint64_t advice = 0, diverted = 0;
  for (std::size_t d = 0; d < system.days().size(); ++d) {
    const auto& day = system.days()[d];
    calls[d < 2 ? 0 : 1] += day.calls;
    dispatches[d < 2 ? 0 : 1] += day.dispatches;
    advice += day.advice;
    EXPECT_EQ(day.abandoned, 0u);
    if (d < 2) {
      EXPECT_EQ(day.diverted, 0u);
    } else {
      diverted += day.diverted;
    }
  }
  ASSERT_GT(calls[1], 75000u);
  auto expect_binomial = [](std::uint64_t count, std::uint64_t n, double share) {
    const auto nd = static_cast<double>(n);
    EXPECT_NEAR(static_cast<double>(count), nd * share, 4 * std::sqrt(nd * share * (1 - share)))
        << "share " << share << " of " << n;
  };
  expect_binomial(advice, calls[0] + calls[1], 1 - shares[0] - shares[1]);
  expect_binomial(dispatches[0], calls[0], shares[0] + shares[1]);
  expect_binomial(dispatches[1], calls[1], shares[0]);
  expect_binomial(diverted, calls[1], shares[1]);
}

// Waiting calls are served urgent first, then in order of calling. One vehicle, no travel, 30
// minutes at each scene and nobody taken in: busy with A (urgent, minute 0) until 30, it then
// takes C and D (urgent, minutes 2 and 3) before B (non-urgent, minute 1), 30 minutes each.
// The same whether the crew is re-tasked on the spot or goes back to the station (no travel).
TEST(Ems, UrgentCallsAreDispatchedBeforeNonUrgentOnes) {
  for (const bool retask : {true, false}) {
    ems::EmsParams p = queue_like(1, 0, 30);
    p.background_calls_per_day.clear();
    p.scene_min = eng::Distribution::constant(30);
    p.retask = retask;
    p.triage[static_cast<std::size_t>(ems::CallKind::kMild)] = {0, 1};
    p.triage[static_cast<std::size_t>(ems::CallKind::kSevere)] = {1, 0};
    eng::Simulation sim;
    ems::EmsSystem system(sim, p, eng::RngStreams(1, 0), 1);
    std::vector<std::pair<std::uint64_t, double>> done;
    system.on_delivery(
        [&](std::uint64_t who, ems::Delivery) { done.emplace_back(who, sim.now()); });
    system.start();
    sim.schedule_at(0, [&] { system.call(ems::CallKind::kCritical, 0, 0); });  // A
    sim.schedule_at(1, [&] { system.call(ems::CallKind::kMild, 0, 1); });      // B
    sim.schedule_at(2, [&] { system.call(ems::CallKind::kSevere, 0, 2); });    // C
    sim.schedule_at(3, [&] { system.call(ems::CallKind::kCritical, 0, 3); });  // D
    sim.run_until(1440);
    const std::vector<std::pair<std::uint64_t, double>> expected = {
        {0, 30}, {2, 60}, {3, 90}, {1, 120}};
    EXPECT_EQ(done, expected) << "retask " << retask;
    EXPECT_TRUE(system.calls_balance() && system.vehicles_balance());
  }
}

// Calls wait for a free dispatcher seat, FIFO, for handling_min (10 here; advice only, so each
// call ends when answered). One seat on day 0, two from day 1, one again from day 2. Three calls
// at 23:45 of day 0: answered at 23:55, then the second at 00:05; the third takes the seat added
// at midnight and is answered at 00:10. Four calls at 01:00 of day 1: two at a time, 01:10 and
// 01:20. Two at 01:00 of day 2: one at a time, 01:10 and 01:20.
TEST(Ems, DispatcherSeatsFollowTheSeatSchedule) {
  ems::EmsParams p = queue_like(1, 0, 30);
  p.background_calls_per_day.clear();
  p.seats = 1;
  p.seats.set_from(1, 2);
  p.seats.set_from(2, 1);
  p.handling_min = eng::Distribution::constant(10);
  p.triage[static_cast<std::size_t>(ems::CallKind::kMild)] = {0, 0};
  eng::Simulation sim;
  ems::EmsSystem system(sim, p, eng::RngStreams(1, 0), 3);
  std::vector<double> answered;
  system.on_delivery([&](std::uint64_t, ems::Delivery) { answered.push_back(sim.now()); });
  system.start();
  std::uint64_t token = 0;
  auto calls_at = [&](double t, int n) {
    for (int k = 0; k < n; ++k)
      sim.schedule_at(t, [&system, who = token++] { system.call(ems::CallKind::kMild, 0, who); });
  };
  calls_at(1440 - 15, 3);
  calls_at(1440 + 60, 4);
  calls_at(2 * 1440 + 60, 2);
  sim.run_until(3 * 1440);
  const std::vector<double> expected = {1435, 1445, 1450,          1510,         1510,
                                        1520, 1520, 2 * 1440 + 70, 2 * 1440 + 80};
  EXPECT_EQ(answered, expected);
  EXPECT_TRUE(system.calls_balance());
}

// With Poisson calls, exponential handling (mean 2 min) and 2 seats at load 0.8 (0.8 calls a
// minute), the wait for a seat is the M/M/2 wait of Erlang C: C(2, 1.6) = 0.711, so 3.56 min.
// Travel and scene times are 0 and vehicles are free, so a response is that wait plus handling.
TEST(Ems, CallHandlingWaitMatchesErlangC) {
  const int seats = 2;
  const double mean_handling = 2, per_min = 0.8;
  ems::EmsParams p = queue_like(5, per_min * 1440, 1);
  p.seats = seats;
  p.handling_min = eng::Distribution::exponential_mean(mean_handling);
  p.scene_min = eng::Distribution::constant(0);
  const auto v = eng::replicate({.replications = 10, .threads = 2},
                                [&](std::size_t rep) { return run(p, 40, 41, rep).response_mean; });
  const double wait = surgesim::examples::mmc_mean_wait(seats, per_min, 1 / mean_handling);
  EXPECT_NEAR(wait, 3.556, 1e-3);
  const auto s = eng::summarize(v, 0.999);
  EXPECT_NEAR(s.mean, wait + mean_handling, s.half_width)
      << "[" << s.ci_low << ", " << s.ci_high << "]";
  EXPECT_LT(s.half_width, 0.1 * wait);  // precise enough to mean something
}

// Each drive takes its time at speed times the congestion factor of the hour it starts in (0: 1).
// 5 km at 30 km/h is 10 min; factors 2.5 at 8:00, 1.5 at 9:00, 3 at 10:00. A job is drive, 10 min
// on scene, drive to the district's hospital, 5 min to hand over:
//   03:00  10 + 10 + 10 + 5                               -> handed over at 03:35
//   08:00  25 + 10 + 25 + 5                               -> 09:05
//   09:50  15 (9:00) + 10, then from 10:15 30 (10:00) + 5 -> 10:50
//   08:00 on day 1, as on day 0                           -> 09:05 + 1 day
TEST(Ems, TravelTimeIsScaledByTheHoursCongestion) {
  ems::EmsParams p = queue_like(1, 0, 10);
  p.background_calls_per_day.clear();
  p.within_district_km = 5;
  p.speed_kmh = 30;
  p.congestion[8] = 2.5;
  p.congestion[9] = 1.5;
  p.congestion[10] = 3;
  p.scene_min = eng::Distribution::constant(10);
  p.handover_min = eng::Distribution::constant(5);
  p.transport_share = {1, 1};
  p.ed_trolleys = {10};
  eng::Simulation sim;
  ems::EmsSystem system(sim, p, eng::RngStreams(1, 0), 2);
  std::vector<double> handed_over;
  system.on_delivery([&](std::uint64_t, ems::Delivery d) {
    EXPECT_EQ(d, ems::Delivery::kHandedOver);
    handed_over.push_back(sim.now());
  });
  system.start();
  std::uint64_t token = 0;
  for (double t : {3 * 60.0, 8 * 60.0, 9 * 60.0 + 50, 1440 + 8 * 60.0})
    sim.schedule_at(t, [&system, who = token++] { system.call(ems::CallKind::kCritical, 0, who); });
  sim.run_until(2 * 1440);
  const std::vector<double> expected = {3 * 60 + 35, 9 * 60 + 5, 10 * 60 + 50, 1440 + 9 * 60 + 5};
  EXPECT_EQ(handed_over, expected);
  EXPECT_EQ(system.responses_min().count(), 4u);
  EXPECT_NEAR(system.responses_min().sum(), 10 + 25 + 15 + 25, 1e-9);
  EXPECT_TRUE(system.calls_balance() && system.vehicles_balance());
}

// A call that carries a patient says what became of them: handed over at the emergency
// department after the whole trip, or left to come on their own (advice only).
TEST(Ems, PatientsAreHandedOverOrLeftToComeThemselves) {
  ems::EmsParams p = queue_like(1, 0, 10);
  p.background_calls_per_day.clear();
  p.scene_min = eng::Distribution::constant(10);
  p.handover_min = eng::Distribution::constant(5);
  p.within_district_km = 5;
  p.speed_kmh = 30;  // 10 min a leg
  p.transport_share = {1, 1};
  p.triage[static_cast<std::size_t>(ems::CallKind::kSevere)] = {1, 0};
  p.triage[static_cast<std::size_t>(ems::CallKind::kMild)] = {0, 0};
  eng::Simulation sim;
  ems::EmsSystem system(sim, p, eng::RngStreams(1, 0), 1);
  std::vector<std::tuple<std::uint64_t, ems::Delivery, double>> seen;
  system.on_delivery(
      [&](std::uint64_t who, ems::Delivery d) { seen.emplace_back(who, d, sim.now()); });
  system.start();
  sim.schedule_at(60, [&] { system.call(ems::CallKind::kSevere, 0, 7); });
  sim.schedule_at(60, [&] { system.call(ems::CallKind::kMild, 0, 8); });
  sim.schedule_at(60, [&] { system.call(ems::CallKind::kMild, 0); });  // no patient to report
  sim.run_until(1440);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(std::get<0>(seen[0]), 8u);
  EXPECT_EQ(std::get<1>(seen[0]), ems::Delivery::kNotCarried);
  EXPECT_EQ(std::get<0>(seen[1]), 7u);
  EXPECT_EQ(std::get<1>(seen[1]), ems::Delivery::kHandedOver);
  // No handling time; drive 10 + scene 10 + drive to hospital 10 + hand-over 5 = 35 minutes.
  EXPECT_DOUBLE_EQ(std::get<2>(seen[1]), 60 + 35);
  EXPECT_TRUE(system.calls_balance());
}

// A crew done at the hospital takes the next waiting call from there instead of driving back to
// its station first. One vehicle 30 minutes from two calls in the same far district: the second
// call waits for the first job only (retask), or also for the trip back and out again.
TEST(Ems, CrewsAreRetaskedFromWhereTheyAre) {
  auto second_response = [](bool retask) {
    ems::EmsParams p;
    p.districts = {"base", "far"};
    p.x_km = {0, 30};
    p.y_km = {0, 0};
    p.within_district_km = 0;
    p.detour_factor = 1;
    p.speed_kmh = 60;
    p.seats = 10;
    p.handling_min = eng::Distribution::constant(0);
    p.stations = {{"s", 0, 1}};
    p.scene_min = eng::Distribution::constant(0);
    p.handover_min = eng::Distribution::constant(0);
    p.transport_share = {1, 1};
    p.ed_trolleys = {10, 10};
    p.retask = retask;
    eng::Simulation sim;
    ems::EmsSystem system(sim, p, eng::RngStreams(3, 0), 1);
    sim.schedule_at(0, [&] { system.call(ems::CallKind::kCritical, 1); });
    sim.schedule_at(1, [&] { system.call(ems::CallKind::kCritical, 1); });
    sim.run_until(1440);
    EXPECT_EQ(system.responses_min().count(), 2u);
    EXPECT_TRUE(system.calls_balance());
    EXPECT_EQ(system.vehicles_busy(), 0);
    return system.responses_min().sum() - 30;  // the first call's response is 30
  };
  EXPECT_NEAR(second_response(true), 30 - 1, 1e-9);
  EXPECT_NEAR(second_response(false), 30 + 30 + 30 - 1, 1e-9);
}
