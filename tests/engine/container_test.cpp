#include "surgesim/engine/container.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "surgesim/engine/rng.hpp"

namespace eng = surgesim::engine;

TEST(Container, ImmediateTakesAndPartialFills) {
  eng::Simulation sim;
  eng::Container box(sim, 30);  // 30 tablets
  EXPECT_TRUE(box.try_take(20));
  EXPECT_FALSE(box.try_take(20));     // all or nothing
  EXPECT_EQ(box.take_up_to(20), 10);  // partial: what is left
  EXPECT_EQ(box.level(), 0);
  EXPECT_EQ(box.taken(), 30);
  EXPECT_TRUE(box.balance_ok());
}

TEST(Container, WaitingGettersAreServedFifoAsStockArrives) {
  eng::Simulation sim;
  eng::Container stock(sim, 5);
  std::vector<std::pair<int, std::int64_t>> done;  // (getter, amount) in completion order
  auto getter = [](eng::Container& c, std::vector<std::pair<int, std::int64_t>>& out, int id,
                   std::int64_t n) -> eng::Process {
    const std::int64_t got = co_await c.take(n);
    out.push_back({id, got});
  };
  sim.start(getter(stock, done, 0, 10));      // waits: only 5 there
  sim.start(getter(stock, done, 1, 2));       // waits behind 0 although 5 are there (strict FIFO)
  sim.schedule_at(1, [&] { stock.put(4); });  // 9 < 10: nobody served yet
  sim.schedule_at(2, [&] { stock.put(4); });  // 13: getter 0 takes 10, getter 1 takes 2
  sim.run();
  EXPECT_EQ(done, (std::vector<std::pair<int, std::int64_t>>{{0, 10}, {1, 2}}));
  EXPECT_EQ(stock.level(), 1);
  EXPECT_TRUE(stock.balance_ok());
}

TEST(Container, PartialGetterCollectsFromSeveralPutsAndPatienceEndsIt) {
  eng::Simulation sim;
  eng::Container stock(sim, 3);
  std::int64_t got = -1;
  double when = -1;
  auto getter = [](eng::Simulation& s, eng::Container& c, std::int64_t& g,
                   double& w) -> eng::Process {
    g = co_await c.take(20, {.partial = true, .patience = 10});
    w = s.now();
  };
  sim.start(getter(sim, stock, got, when));
  sim.schedule_at(2, [&] { stock.put(5); });
  sim.schedule_at(4, [&] { stock.put(5); });
  sim.run();
  EXPECT_EQ(got, 13);  // 3 at once, 5 and 5 later, then patience ran out at t=10
  EXPECT_DOUBLE_EQ(when, 10.0);
  EXPECT_EQ(stock.level(), 0);
  EXPECT_TRUE(stock.balance_ok());
}

TEST(Container, PuttersWaitForRoomUnderACapacity) {
  eng::Simulation sim;
  eng::Container shelf(sim, 8, 10);
  bool put_done = false;
  const auto t = shelf.put(5, [&] { put_done = true; });
  EXPECT_FALSE(t.complete);
  EXPECT_EQ(shelf.level(), 8);
  EXPECT_EQ(shelf.take_up_to(3), 3);  // room for 5 now: the waiting put goes in
  EXPECT_TRUE(put_done);
  EXPECT_EQ(shelf.level(), 10);
  EXPECT_TRUE(shelf.balance_ok());
}

TEST(Container, BadInputIsRejected) {
  eng::Simulation sim;
  EXPECT_THROW(eng::Container(sim, -1), std::invalid_argument);
  EXPECT_THROW(eng::Container(sim, 11, 10), std::invalid_argument);
  EXPECT_THROW(eng::Container(sim, 0, -5), std::invalid_argument);
  eng::Container c(sim, 5, 10);
  EXPECT_THROW(c.take_up_to(-1), std::invalid_argument);
  EXPECT_THROW(c.put(-3), std::invalid_argument);
  EXPECT_THROW(c.put(11), std::invalid_argument);
  EXPECT_THROW(c.get(2, {.patience = -1}, {}), std::invalid_argument);
}

// Every tablet is accounted for: initial + delivered = dispensed + on hand, at every step.
TEST(Container, LedgerBalancesUnderRandomTraffic) {
  eng::Simulation sim;
  eng::Container stock(sim, 100, 500);
  eng::Rng rng(3);
  std::int64_t received = 0;
  for (int i = 0; i < 3000; ++i) {
    const double at = rng.uniform(0, 100);
    const auto n = rng.uniform_int(1, 40);
    const int kind = static_cast<int>(rng.uniform_int(0, 3));
    sim.schedule_at(at, [&, n, kind] {
      switch (kind) {
        case 0:
          stock.put(n);
          break;
        case 1:
          received += stock.take_up_to(n);
          break;
        default: {
          const eng::GetOptions o{.partial = kind == 2, .patience = kind == 2 ? 2.0 : 1.0};
          const auto t = stock.get(n, o, [&](std::int64_t g) { received += g; });
          if (t.complete) received += t.amount;
        }
      }
      ASSERT_TRUE(stock.balance_ok());
    });
  }
  sim.run();
  EXPECT_TRUE(stock.balance_ok());
  EXPECT_EQ(stock.waiting_getters(), 0u);
  EXPECT_GT(stock.taken(), 0);
  // Partial getters that started with stock on hand count their first units at completion,
  // so the ledger of what getters reported equals what left the container.
  EXPECT_EQ(received, stock.taken());
}
