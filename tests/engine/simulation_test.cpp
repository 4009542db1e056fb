#include "surgesim/engine/simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace eng = surgesim::engine;

TEST(Simulation, ClockAdvancesToEachEventInOrder) {
  eng::Simulation sim;
  std::vector<double> times;
  for (double t : {3.0, 1.0, 2.0}) sim.schedule_at(t, [&] { times.push_back(sim.now()); });
  const auto s = sim.run();
  EXPECT_EQ(times, (std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_EQ(s.events, 3u);
  EXPECT_EQ(s.reason, eng::StopReason::kNoMoreEvents);
  EXPECT_DOUBLE_EQ(sim.now(), 3.0);
}

TEST(Simulation, RunUntilStopsAtEndAndSetsTheClock) {
  eng::Simulation sim;
  int ran = 0;
  sim.schedule_at(5.0, [&] { ++ran; });
  sim.schedule_at(10.0, [&] { ++ran; });
  sim.schedule_at(10.5, [&] { ++ran; });
  auto s = sim.run_until(10.0);  // events at exactly the end time run
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(s.reason, eng::StopReason::kReachedEndTime);
  EXPECT_DOUBLE_EQ(sim.now(), 10.0);
  s = sim.run_until(20.0);
  EXPECT_EQ(ran, 3);
  EXPECT_DOUBLE_EQ(sim.now(), 20.0);
  EXPECT_THROW(sim.run_until(19.0), std::invalid_argument);
}

TEST(Simulation, StopReturnsAfterTheCurrentEvent) {
  eng::Simulation sim;
  int ran = 0;
  sim.schedule_at(1.0, [&] {
    ++ran;
    sim.stop();
  });
  sim.schedule_at(1.0, [&] { ++ran; });
  const auto s = sim.run();
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(s.reason, eng::StopReason::kStopped);
  sim.run();  // resumes where it stopped
  EXPECT_EQ(ran, 2);
}

TEST(Simulation, SchedulingIntoThePastIsAnError) {
  eng::Simulation sim;
  sim.schedule_at(5.0, [&] {
    EXPECT_THROW(sim.schedule_at(4.0, [] {}), std::invalid_argument);
    EXPECT_THROW(sim.schedule_in(-1.0, [] {}), std::invalid_argument);
    EXPECT_THROW(sim.schedule_in(std::nan(""), [] {}), std::invalid_argument);
  });
  sim.run();
  try {
    sim.schedule_at(1.0, [] {});
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("in the past"), std::string::npos) << e.what();
  }
  EXPECT_THROW(sim.schedule_in(1.0, eng::Action{}), std::invalid_argument);
}

TEST(Simulation, AnExceptionInAnEventPropagatesAndTheRunCanGoOn) {
  eng::Simulation sim;
  int ran = 0;
  sim.schedule_at(1.0, [] { throw std::runtime_error("boom"); });
  sim.schedule_at(2.0, [&] { ++ran; });
  EXPECT_THROW(sim.run(), std::runtime_error);
  EXPECT_DOUBLE_EQ(sim.now(), 1.0);
  sim.run();
  EXPECT_EQ(ran, 1);
}

TEST(Simulation, CancelledEventsDoNotCount) {
  eng::Simulation sim;
  const auto h = sim.schedule_in(1.0, [] { FAIL(); });
  sim.schedule_in(2.0, [] {});
  EXPECT_EQ(sim.pending_events(), 2u);
  EXPECT_TRUE(sim.cancel(h));
  EXPECT_EQ(sim.pending_events(), 1u);
  EXPECT_EQ(sim.run().events, 1u);
}

TEST(Simulation, ReentrantRunIsRejected) {
  eng::Simulation sim;
  sim.schedule_in(1.0, [&] { EXPECT_THROW(sim.run(), std::logic_error); });
  sim.run();
}
