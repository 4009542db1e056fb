#include "surgesim/engine/event_queue.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "surgesim/engine/rng.hpp"

namespace eng = surgesim::engine;

namespace {
void drain(eng::EventQueue& q) {
  eng::Action a;
  while (!q.empty()) {
    q.pop(a);
    a();
  }
}
}  // namespace

TEST(EventQueue, OrdersByTimeThenPriorityThenInsertion) {
  eng::EventQueue q;
  std::vector<int> seen;
  q.push(2.0, 0, [&] { seen.push_back(1); });
  q.push(1.0, 0, [&] { seen.push_back(2); });
  q.push(1.0, 5, [&] { seen.push_back(3); });  // same time, higher priority: first
  q.push(1.0, 0, [&] { seen.push_back(4); });  // same time and priority: after #2
  q.push(0.5, -3, [&] { seen.push_back(5); });
  drain(q);
  EXPECT_EQ(seen, (std::vector<int>{5, 3, 2, 4, 1}));
}

TEST(EventQueue, CancelledEventNeverRunsAndHandleGoesStale) {
  eng::EventQueue q;
  int runs = 0;
  const auto h1 = q.push(1.0, 0, [&] { runs += 1; });
  const auto h2 = q.push(2.0, 0, [&] { runs += 10; });
  EXPECT_TRUE(q.pending(h1));
  EXPECT_TRUE(q.cancel(h1));
  EXPECT_FALSE(q.pending(h1));
  EXPECT_FALSE(q.cancel(h1));  // twice: no-op
  EXPECT_EQ(q.size(), 1u);
  EXPECT_DOUBLE_EQ(q.top_time(), 2.0);
  drain(q);
  EXPECT_EQ(runs, 10);
  EXPECT_FALSE(q.cancel(h2));  // already ran
  // The freed slot is reused; the old handle must not cancel the new event.
  const auto h3 = q.push(3.0, 0, [&] { runs += 100; });
  EXPECT_FALSE(q.cancel(h2));
  EXPECT_TRUE(q.pending(h3));
  drain(q);
  EXPECT_EQ(runs, 110);
}

TEST(EventQueue, NegativeZeroTimeSortsAsZero) {
  eng::EventQueue q;
  std::vector<int> seen;
  q.push(0.0, 0, [&] { seen.push_back(1); });
  q.push(-0.0, 0, [&] { seen.push_back(2); });
  q.push(1e-300, 0, [&] { seen.push_back(3); });
  drain(q);
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));
}

TEST(EventQueue, RejectsNaNNegativeTimeAndBadPriority) {
  eng::EventQueue q;
  EXPECT_THROW(q.push(std::nan(""), 0, [] {}), std::invalid_argument);
  EXPECT_THROW(q.push(-1.0, 0, [] {}), std::invalid_argument);
  EXPECT_THROW(q.push(1.0, 40000, [] {}), std::invalid_argument);
  EXPECT_THROW(q.push(1.0, -40000, [] {}), std::invalid_argument);
  EXPECT_TRUE(q.empty());
}

// Random pushes, pops and cancels against std::multimap keyed by the same total order.
TEST(EventQueue, MatchesReferenceOrderUnderRandomOperations) {
  eng::EventQueue q;
  eng::Rng rng(42);
  using Key = std::tuple<double, int, std::uint64_t>;  // time, -priority, insertion
  std::map<Key, int> ref;
  std::vector<std::pair<eng::EventHandle, Key>> handles;
  std::vector<int> got, want;
  std::uint64_t seq = 0;
  double now = 0;
  for (int step = 0; step < 20000; ++step) {
    const double u = rng.uniform01();
    if (u < 0.55 || ref.empty()) {
      const double t = now + static_cast<double>(rng.uniform_int(0, 20)) * 0.5;  // many ties
      const int prio = static_cast<int>(rng.uniform_int(-2, 2));
      const int id = step;
      const Key k{t, -prio, seq++};
      handles.push_back({q.push(t, prio, [&got, id] { got.push_back(id); }), k});
      ref.emplace(k, id);
    } else if (u < 0.7) {
      const auto i = static_cast<std::size_t>(
          rng.uniform_int(0, static_cast<std::int64_t>(handles.size()) - 1));
      const bool was_pending = ref.count(handles[i].second) > 0;
      EXPECT_EQ(q.cancel(handles[i].first), was_pending);
      ref.erase(handles[i].second);
    } else {
      eng::Action a;
      now = q.pop(a);
      a();
      want.push_back(ref.begin()->second);
      EXPECT_EQ(std::get<0>(ref.begin()->first), now);
      ref.erase(ref.begin());
    }
    ASSERT_EQ(q.size(), ref.size());
  }
  EXPECT_EQ(got, want);
  EXPECT_GT(got.size(), 5000u);
}

TEST(Action, LargeClosuresGoToTheHeapAndStillRun) {
  std::array<double, 32> big{};
  big[31] = 7;
  double out = 0;
  eng::Action a([big, &out] { out = big[31]; });
  eng::Action b = std::move(a);
  EXPECT_FALSE(static_cast<bool>(a));
  b();
  EXPECT_EQ(out, 7);
}
