#include "surgesim/engine/resource.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "surgesim/engine/rng.hpp"

namespace eng = surgesim::engine;

namespace {
// A callback-style customer: requests at `at`, holds for `hold`, logs "name@time".
struct Log {
  std::vector<std::string> lines;
  // Built with append: GCC 12 gives a false -Wrestrict on chained std::string operator+.
  void add(const std::string& name, const char* what, double t) {
    std::string line = name;
    line.append(" ").append(what).append("@").append(std::to_string(static_cast<int>(t)));
    lines.push_back(std::move(line));
  }
};

void customer(eng::Simulation& sim, eng::Resource& r, Log& log, std::string name, double at,
              double hold, eng::RequestOptions opts = {}) {
  sim.schedule_at(at, [&sim, &r, &log, name, hold, opts] {
    const eng::Ticket t = r.request(
        opts,
        [&sim, &r, &log, name, hold](const eng::Ticket& granted) {
          log.add(name, "in", sim.now());
          sim.schedule_in(hold, [&sim, &r, &log, name, granted] {
            if (r.release(granted)) log.add(name, "out", sim.now());
          });
        },
        [&sim, &log, name] { log.add(name, "reneged", sim.now()); },
        [&sim, &log, name] { log.add(name, "preempted", sim.now()); });
    if (t.outcome == eng::RequestOutcome::kBalked) log.add(name, "balked", sim.now());
  });
}
}  // namespace

TEST(Resource, ServesInFifoOrderWithinCapacity) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 2});
  Log log;
  customer(sim, r, log, "a", 0, 4);
  customer(sim, r, log, "b", 1, 4);
  customer(sim, r, log, "c", 2, 1);
  customer(sim, r, log, "d", 3, 1);
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"a in@0", "b in@1", "c in@4", "a out@4", "d in@5",
                                                 "b out@5", "c out@5", "d out@6"}));
  EXPECT_EQ(r.in_use(), 0);
  EXPECT_EQ(r.grants(), 4u);
  EXPECT_DOUBLE_EQ(r.waits().mean(), (0 + 0 + 2 + 2) / 4.0);
}

TEST(Resource, HigherPriorityIsServedFirstAndTiesAreFifo) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 1});
  Log log;
  customer(sim, r, log, "busy", 0, 10);
  customer(sim, r, log, "low1", 1, 1, {.priority = 0});
  customer(sim, r, log, "high", 2, 1, {.priority = 5});
  customer(sim, r, log, "low2", 3, 1, {.priority = 0});
  sim.run();
  EXPECT_EQ(log.lines,
            (std::vector<std::string>{"busy in@0", "high in@10", "busy out@10", "low1 in@11",
                                      "high out@11", "low2 in@12", "low1 out@12", "low2 out@13"}));
}

TEST(Resource, BalksWhenTheQueueIsAtItsLimit) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 1, .queue_limit = 1});
  Log log;
  customer(sim, r, log, "a", 0, 5);
  customer(sim, r, log, "b", 1, 1);
  customer(sim, r, log, "c", 2, 1);
  sim.run();
  EXPECT_EQ(log.lines,
            (std::vector<std::string>{"a in@0", "c balked@2", "b in@5", "a out@5", "b out@6"}));
  EXPECT_EQ(r.balked(), 1u);
  EXPECT_EQ(r.requests(), 3u);
}

TEST(Resource, RenegesAfterPatienceAndIsNeverServed) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 1});
  Log log;
  customer(sim, r, log, "a", 0, 10);
  customer(sim, r, log, "impatient", 1, 1, {.patience = 3});
  customer(sim, r, log, "patient", 2, 1, {.patience = 100});
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"a in@0", "impatient reneged@4", "patient in@10",
                                                 "a out@10", "patient out@11"}));
  EXPECT_EQ(r.reneged(), 1u);
  EXPECT_EQ(r.queue_length(), 0u);
}

TEST(Resource, PreemptionDisplacesTheLowestPriorityMostRecentHolder) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 2});
  Log log;
  customer(sim, r, log, "p1", 0, 10, {.priority = 1});
  customer(sim, r, log, "p0", 1, 10, {.priority = 0});
  customer(sim, r, log, "urgent", 2, 3, {.priority = 9, .preempt = true});
  sim.run();
  // p0's release at 11 is refused (no longer held), so it logs no "out".
  EXPECT_EQ(log.lines, (std::vector<std::string>{"p1 in@0", "p0 in@1", "p0 preempted@2",
                                                 "urgent in@2", "urgent out@5", "p1 out@10"}));
  EXPECT_EQ(r.preempted(), 1u);
}

TEST(Resource, CapacityChangesDuringTheRun) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 1});
  Log log;
  for (int i = 0; i < 4; ++i)
    customer(sim, r, log, std::string("c").append(std::to_string(i)), 0, 10);
  sim.schedule_at(2, [&] { r.set_capacity(3); });  // two doctors come on duty
  sim.schedule_at(5, [&] { r.set_capacity(1); });  // two fall ill: they finish their patient
  sim.run();
  EXPECT_EQ(log.lines,
            (std::vector<std::string>{"c0 in@0", "c1 in@2", "c2 in@2", "c0 out@10", "c1 out@12",
                                      "c3 in@12", "c2 out@12", "c3 out@22"}));
  EXPECT_THROW(r.set_capacity(-1), std::invalid_argument);
}

TEST(Resource, CoroutineStyleSeesBalkRenegeAndPreemption) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 1, .queue_limit = 1});
  std::vector<std::string> log;
  auto patient = [](eng::Simulation& s, eng::Resource& res, std::vector<std::string>& out,
                    std::string name, eng::RequestOptions o, double hold) -> eng::Process {
    const eng::Ticket t = co_await res.acquire(o);
    Log l;
    if (t.outcome == eng::RequestOutcome::kBalked) l.add(name, "balked", s.now());
    if (t.outcome == eng::RequestOutcome::kReneged) l.add(name, "reneged", s.now());
    if (t.granted()) {
      l.add(name, "in", s.now());
      out.push_back(l.lines.back());
      try {
        co_await eng::delay(hold);
        res.release(t);
        l.add(name, "out", s.now());
      } catch (const eng::Interrupted& e) {
        EXPECT_EQ(e.cause(), eng::kCausePreempted);
        l.add(name, "preempted", s.now());
      }
    }
    out.push_back(l.lines.back());
  };
  sim.start(patient(sim, r, log, "a", {}, 10));
  sim.schedule_at(1, [&] { sim.start(patient(sim, r, log, "b", {.patience = 2}, 1)); });
  sim.schedule_at(2, [&] { sim.start(patient(sim, r, log, "c", {}, 1)); });  // queue full: balks
  sim.schedule_at(
      4, [&] { sim.start(patient(sim, r, log, "d", {.priority = 5, .preempt = true}, 1)); });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a in@0", "c balked@2", "b reneged@3", "d in@4",
                                           "a preempted@4", "d out@5"}));
  EXPECT_EQ(r.in_use(), 0);
}

TEST(Resource, InterruptedWaiterLeavesTheQueue) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 0});
  bool interrupted = false;
  auto waiter = [](eng::Resource& res, bool& flag) -> eng::Process {
    try {
      co_await res.acquire();
    } catch (const eng::Interrupted&) {
      flag = true;
    }
  };
  auto ref = sim.start(waiter(r, interrupted));
  sim.schedule_at(1, [&] {
    EXPECT_EQ(r.queue_length(), 1u);
    ref.interrupt();
  });
  sim.run();
  EXPECT_TRUE(interrupted);
  EXPECT_EQ(r.queue_length(), 0u);
  r.set_capacity(1);  // nobody left to grant
  EXPECT_EQ(r.in_use(), 0);
}

TEST(Resource, BadInputIsRejectedWithTheValue) {
  eng::Simulation sim;
  try {
    eng::Resource r(sim, {.capacity = -3});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("-3"), std::string::npos) << e.what();
  }
  eng::Resource r(sim, {.capacity = 1});
  EXPECT_THROW(r.request({.patience = -1}, {}), std::invalid_argument);
  // Releasing a waiting request is a logic error; releasing twice is refused quietly.
  const auto held = r.request({}, {});
  const auto waiting = r.request({}, {});
  EXPECT_THROW(r.release(waiting), std::logic_error);
  EXPECT_TRUE(r.release(held));
  EXPECT_FALSE(r.release(held));
}

// Conservation: every request is granted, balked, reneged or still waiting; every grant is
// released or still held.
TEST(Resource, RequestsAreConserved) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 3, .queue_limit = 5});
  eng::Rng rng(7);
  std::uint64_t released = 0;
  for (int i = 0; i < 2000; ++i) {
    const double at = rng.uniform(0, 1000);
    const double hold = rng.exponential(0.4);
    const double patience = rng.exponential(0.5);
    sim.schedule_at(at, [&sim, &r, &released, hold, patience] {
      r.request({.patience = patience}, [&sim, &r, &released, hold](const eng::Ticket& t) {
        sim.schedule_in(hold, [&r, &released, t] { released += r.release(t) ? 1 : 0; });
      });
    });
  }
  sim.run_until(600);
  EXPECT_EQ(r.requests(), r.grants() + r.balked() + r.reneged() + r.queue_length());
  EXPECT_EQ(r.grants(), released + static_cast<std::uint64_t>(r.in_use()));
  EXPECT_GT(r.balked(), 0u);
  EXPECT_GT(r.reneged(), 0u);
  sim.run();
  EXPECT_EQ(r.grants(), released);
}

TEST(Resource, AQueueLimitSetDuringARunTurnsLaterArrivalsAway) {
  eng::Simulation sim;
  eng::Resource r(sim, {.capacity = 1});
  int balked = 0;
  const auto ask = [&] {
    const eng::Ticket t = r.request({}, [](const eng::Ticket&) {});
    if (t.outcome == eng::RequestOutcome::kBalked) ++balked;
  };
  for (int i = 0; i < 4; ++i) ask();  // one served, three waiting
  EXPECT_EQ(r.queue_length(), 3u);
  r.set_queue_limit(2);
  EXPECT_EQ(r.queue_length(), 3u);  // those waiting stay
  ask();
  EXPECT_EQ(balked, 1);
  r.set_queue_limit(std::numeric_limits<std::size_t>::max());
  ask();
  EXPECT_EQ(balked, 1);
  EXPECT_EQ(r.queue_length(), 4u);
}
