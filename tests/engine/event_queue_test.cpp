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

// Stresses every part of the ladder: many pending events (rungs), crowded buckets (sub-rungs),
// same-time bursts larger than a bucket may hold, far-future and infinite times, events pushed
// earlier than everything pending, and cancellations, against std::set over the same total order.
TEST(EventQueue, MatchesReferenceAcrossRungsBurstsAndInfinities) {
  eng::EventQueue q;
  eng::Rng rng(2024);
  using Key = std::tuple<double, int, std::uint64_t>;
  std::map<Key, int> ref;
  std::vector<std::pair<eng::EventHandle, Key>> handles;
  std::vector<int> got, want;
  std::uint64_t seq = 0;
  double now = 0;
  int next_id = 0;
  auto push = [&](double t, int prio) {
    const int id = next_id++;
    const Key k{t, -prio, seq++};
    handles.push_back({q.push(t, prio, [&got, id] { got.push_back(id); }), k});
    ref.emplace(k, id);
  };
  for (int round = 0; round < 40; ++round) {
    const int pushes = static_cast<int>(rng.uniform_int(0, 6000));
    for (int i = 0; i < pushes; ++i) {
      const double u = rng.uniform01();
      double t;
      if (u < 0.5) {
        t = now + rng.exponential(1.0);
      } else if (u < 0.7) {
        t = now + 3.0;  // a burst at one instant, larger than a bucket's threshold
      } else if (u < 0.8) {
        t = now;  // due now, earlier than everything pending
      } else if (u < 0.95) {
        t = now + rng.uniform(0, 1e6);  // far future
      } else if (u < 0.97) {
        t = eng::kForever;
      } else {
        t = now + rng.uniform(0, 1e-9);  // nearly equal times
      }
      push(t, static_cast<int>(rng.uniform_int(-1, 1)));
    }
    const int cancels = static_cast<int>(rng.uniform_int(0, 300));
    for (int i = 0; i < cancels && !handles.empty(); ++i) {
      const auto j = static_cast<std::size_t>(
          rng.uniform_int(0, static_cast<std::int64_t>(handles.size()) - 1));
      EXPECT_EQ(q.cancel(handles[j].first), ref.erase(handles[j].second) == 1);
    }
    const int pops = static_cast<int>(rng.uniform_int(0, 6000));
    for (int i = 0; i < pops && !ref.empty(); ++i) {
      ASSERT_FALSE(q.empty());
      ASSERT_EQ(q.top_time(), std::get<0>(ref.begin()->first));
      eng::Action a;
      now = q.pop(a);
      a();
      want.push_back(ref.begin()->second);
      ref.erase(ref.begin());
      if (now == eng::kForever) now = 0;  // keep pushing finite times after the infinite ones
      if (!ref.empty() && std::get<0>(ref.begin()->first) < now)
        now = std::get<0>(ref.begin()->first);
    }
    ASSERT_EQ(q.size(), ref.size());
  }
  while (!ref.empty()) {
    eng::Action a;
    q.pop(a);
    a();
    want.push_back(ref.begin()->second);
    ref.erase(ref.begin());
  }
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(got, want);
  EXPECT_GT(got.size(), 50000u);
}
