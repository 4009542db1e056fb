#include "surgesim/engine/signal.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace eng = surgesim::engine;

TEST(Signal, NotifyAllWakesEveryWaiterInOrder) {
  eng::Simulation sim;
  eng::Signal open(sim);
  std::vector<int> woke;
  auto waiter = [](eng::Signal& s, std::vector<int>& out, int id) -> eng::Process {
    co_await s.wait();
    out.push_back(id);
  };
  for (int i = 0; i < 3; ++i) sim.start(waiter(open, woke, i));
  sim.schedule_at(5.0, [&] { EXPECT_EQ(open.notify_all(), 3u); });
  sim.run();
  EXPECT_EQ(woke, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(open.waiting(), 0u);
}

TEST(Signal, NotifyOneAndCancel) {
  eng::Simulation sim;
  eng::Signal s(sim);
  std::vector<int> got;
  const auto h0 = s.on_next([&] { got.push_back(0); });
  s.on_next([&] { got.push_back(1); });
  s.on_next([&] { got.push_back(2); });
  EXPECT_TRUE(s.cancel(h0));
  EXPECT_FALSE(s.cancel(h0));
  EXPECT_TRUE(s.notify_one());
  EXPECT_EQ(got, (std::vector<int>{1}));
  EXPECT_EQ(s.notify_all(), 1u);
  EXPECT_FALSE(s.notify_one());
  EXPECT_EQ(got, (std::vector<int>{1, 2}));
}

TEST(Signal, InterruptedWaiterLeavesTheWaitList) {
  eng::Simulation sim;
  eng::Signal s(sim);
  bool interrupted = false;
  auto waiter = [](eng::Signal& sig, bool& flag) -> eng::Process {
    try {
      co_await sig.wait();
    } catch (const eng::Interrupted&) {
      flag = true;
    }
  };
  auto ref = sim.start(waiter(s, interrupted));
  sim.schedule_at(1.0, [&] { ref.interrupt(); });
  sim.run();
  EXPECT_TRUE(interrupted);
  EXPECT_EQ(s.waiting(), 0u);
  EXPECT_EQ(s.notify_all(), 0u);
}
