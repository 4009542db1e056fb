#include "surgesim/engine/process.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "surgesim/engine/resource.hpp"

namespace eng = surgesim::engine;

namespace {
eng::Process ticker(eng::Simulation& sim, std::vector<double>& log, int n, double step) {
  for (int i = 0; i < n; ++i) {
    co_await eng::delay(step);
    log.push_back(sim.now());
  }
}

eng::Process sleeper(eng::Simulation& sim, std::vector<std::string>& log, double d) {
  bool interrupted = false;
  try {
    co_await eng::delay(d);
    log.push_back("woke at " + std::to_string(sim.now()));
  } catch (const eng::Interrupted& e) {
    log.push_back("interrupted at " + std::to_string(sim.now()) + " cause " +
                  std::to_string(e.cause()));
    interrupted = true;
  }
  if (interrupted) {  // C++ allows no co_await inside a handler
    co_await eng::delay(1.0);
    log.push_back("after at " + std::to_string(sim.now()));
  }
}
}  // namespace

TEST(Process, DelaysAdvanceTheProcessClock) {
  eng::Simulation sim;
  std::vector<double> log;
  auto ref = sim.start(ticker(sim, log, 3, 2.5));
  EXPECT_FALSE(ref.finished());
  sim.run();
  EXPECT_EQ(log, (std::vector<double>{2.5, 5.0, 7.5}));
  EXPECT_TRUE(ref.finished());
}

TEST(Process, InterruptTakesAProcessOutOfItsDelay) {
  eng::Simulation sim;
  std::vector<std::string> log;
  auto ref = sim.start(sleeper(sim, log, 10.0));
  sim.schedule_at(4.0, [&] { EXPECT_TRUE(ref.interrupt(7)); });
  sim.run();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0], "interrupted at 4.000000 cause 7");
  EXPECT_EQ(log[1], "after at 5.000000");
  EXPECT_DOUBLE_EQ(sim.now(), 5.0);  // the cancelled wake-up at 10 never ran
  EXPECT_FALSE(ref.interrupt(1));    // finished
}

TEST(Process, InterruptOfARunningProcessIsDeliveredAtItsNextWait) {
  eng::Simulation sim;
  std::vector<std::string> log;
  eng::ProcessRef self;
  auto body = [](eng::Simulation& s, eng::ProcessRef& me,
                 std::vector<std::string>& out) -> eng::Process {
    me.interrupt(3);  // not waiting now
    out.push_back("still running at " + std::to_string(s.now()));
    try {
      co_await eng::delay(5.0);
      out.push_back("not interrupted");
    } catch (const eng::Interrupted& e) {
      out.push_back("interrupted cause " + std::to_string(e.cause()));
    }
  };
  self = sim.start(body(sim, self, log));
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"still running at 0.000000", "interrupted cause 3"}));
}

TEST(Process, AnUncaughtExceptionLeavesTheRunWithItsMessage) {
  eng::Simulation sim;
  auto failing = [](eng::Simulation&) -> eng::Process {
    co_await eng::delay(1.0);
    throw std::runtime_error("patient record missing");
  };
  sim.start(failing(sim));
  try {
    sim.run();
    FAIL() << "expected the process's exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "patient record missing");
  }
}

TEST(Process, NegativeDelayIsAnError) {
  eng::Simulation sim;
  bool caught = false;
  auto body = [](bool& c) -> eng::Process {
    try {
      co_await eng::delay(-2.0);
    } catch (const std::invalid_argument&) {
      c = true;
    }
  };
  sim.start(body(caught));
  sim.run();
  EXPECT_TRUE(caught);
}

// Frames of unfinished processes are freed with the simulation (ASan would report a leak).
TEST(Process, UnfinishedProcessesAreDestroyedWithTheSimulation) {
  std::vector<double> log;
  eng::ProcessRef kept;
  {
    eng::Simulation sim;
    sim.start(ticker(sim, log, 1000, 1.0));
    kept = sim.start(ticker(sim, log, 1000, 1.0));
    sim.run_until(3.5);
  }
  EXPECT_TRUE(kept.finished());
  EXPECT_EQ(log.size(), 6u);
}

TEST(Process, ProcessesWaitOnEachOtherThroughAResource) {
  eng::Simulation sim;
  eng::Resource desk(sim, {.capacity = 1});
  std::vector<std::string> log;
  auto person = [](eng::Simulation& s, eng::Resource& r, std::vector<std::string>& out,
                   std::string name, double work) -> eng::Process {
    const eng::Ticket t = co_await r.acquire();
    out.push_back(name + " in at " + std::to_string(static_cast<int>(s.now())));
    co_await eng::delay(work);
    r.release(t);
  };
  sim.start(person(sim, desk, log, "a", 3));
  sim.start(person(sim, desk, log, "b", 2));
  sim.start(person(sim, desk, log, "c", 1));
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a in at 0", "b in at 3", "c in at 5"}));
  EXPECT_DOUBLE_EQ(sim.now(), 6.0);
}
