// The 120 service: the dispatch delay against Erlang C, and the rules for vehicles, crews,
// abandonment and hand-over at the emergency department.
#include "surgesim/ems/ems_system.hpp"

#include <gtest/gtest.h>

#include <tuple>

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

TEST(Ems, SameSeedSameRunAndTriageSendsAdviceHome) {
  ems::EmsParams p = queue_like(3, 300, 20);
  p.triage[static_cast<std::size_t>(ems::CallKind::kBackground)] = {0.2, 0.3};
  p.diversion = {{2, 1.0}};  // from day 2, every non-urgent call goes to the hotline
  const Outcome a = run(p, 6, 3, 1), b = run(p, 6, 3, 1);
  EXPECT_EQ(a.dispatches, b.dispatches);
  EXPECT_EQ(a.response_mean, b.response_mean);
  EXPECT_TRUE(a.balanced);
  eng::Simulation sim;
  ems::EmsSystem system(sim, p, eng::RngStreams(3, 1), 6);
  system.start();
  sim.run_until(6 * 1440.0);
  std::uint64_t calls = 0, advice = 0, diverted = 0;
  for (const auto& d : system.days()) {
    calls += d.calls;
    advice += d.advice;
    diverted += d.diverted;
  }
  EXPECT_NEAR(static_cast<double>(advice) / calls, 0.5, 0.05);
  EXPECT_NEAR(static_cast<double>(diverted) / calls, 0.3 * 4 / 6, 0.05);  // days 2..5
  EXPECT_EQ(system.days()[0].diverted + system.days()[1].diverted, 0u);
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
