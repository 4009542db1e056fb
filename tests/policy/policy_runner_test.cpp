// Trigger semantics on hand-computed cases: a board filled by the test, day by day, and levers
// that are plain schedules.
#include <gtest/gtest.h>

#include <cmath>

#include "surgesim/policy/policy.hpp"

namespace pol = surgesim::policy;
namespace eng = surgesim::engine;

namespace {

const std::size_t kMetric = pol::metric_index("fever_wait_p95_min");

struct Harness {
  explicit Harness(std::vector<pol::PolicySpec> s, std::size_t districts = 1, int days = 20)
      : specs(std::move(s)),
        board(districts),
        runner(specs, districts, days,
               [this](const pol::LeverTarget& t) -> pol::AnySchedule { return &levers.at(t.i); }) {
    runner.apply_dated();
  }
  // Ends days 0, 1, ... with the metric's city value (and every district's) as given.
  void run(const std::vector<double>& values) {
    for (double v : values) {
      board.set_city(kMetric, v);
      for (std::size_t d = 0; d < board.districts(); ++d) board.set_district(kMetric, d, v);
      runner.end_of_day(day++, board);
    }
  }
  std::vector<pol::PolicyEvent> of(pol::EventKind k) const {
    std::vector<pol::PolicyEvent> out;
    for (const auto& e : runner.events()) {
      if (e.event == k) out.push_back(e);
    }
    return out;
  }
  std::vector<pol::PolicySpec> specs;
  std::vector<eng::Schedule<int>> levers{eng::Schedule<int>(2), eng::Schedule<int>(2)};
  pol::Board board;
  pol::PolicyRunner runner;
  int day = 0;
};

pol::PolicySpec when_over(double threshold, int for_days = 1, int delay = 0) {
  pol::PolicySpec p;
  p.id = "p";
  p.when = pol::Condition{kMetric, pol::Compare::kGreater, threshold};
  p.for_days = for_days;
  p.delay_days = delay;
  p.actions.push_back({eng::AdjustOp::kSet, 5, {{pol::LeverKind::kClinicDoctors, 0, 0, 0, "x"}}});
  return p;
}

}  // namespace

TEST(PolicyRunner, FiresOnTheFirstDayTheConditionHasHeldForDaysAndActsFromTheNextDay) {
  Harness h({when_over(10, 2)});
  h.run({15, 5, 15, 15, 15, 15});  // held on days 2 and 3: fires at the end of day 3
  const auto fired = h.of(pol::EventKind::kFired);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].day, 3);
  EXPECT_EQ(fired[0].value, 15);
  EXPECT_EQ(fired[0].metric, kMetric);
  ASSERT_EQ(h.of(pol::EventKind::kEffective).size(), 1u);
  EXPECT_EQ(h.of(pol::EventKind::kEffective)[0].day, 4);
  EXPECT_EQ(h.levers[0].at(3), 2);
  EXPECT_EQ(h.levers[0].at(4), 5);
  EXPECT_EQ(h.levers[0].at(19), 5);  // max_fires 1, no release: for good
}

TEST(PolicyRunner, DelayPutsTheEffectLater) {
  Harness h({when_over(10, 1, 3)});
  h.run({5, 11, 0, 0, 0, 0, 0});  // fires on day 1: in effect from day 1 + 1 + 3
  EXPECT_EQ(h.of(pol::EventKind::kFired)[0].day, 1);
  EXPECT_EQ(h.of(pol::EventKind::kEffective)[0].day, 5);
  EXPECT_EQ(h.levers[0].at(4), 2);
  EXPECT_EQ(h.levers[0].at(5), 5);
}

TEST(PolicyRunner, ReleaseRestoresTheValuesAsWrittenAndMaxFiresAllowsAnotherRound) {
  pol::PolicySpec p = when_over(10);
  p.release = pol::Condition{kMetric, pol::Compare::kLess, 3};
  p.release_days = 2;
  p.max_fires = 2;
  Harness h({p});
  h.levers[0].set_from(6, 4);  // the schedule as written changes while the policy holds
  // fires d0 (in effect from d1); release needs 2 days < 3 in effect: d1, d2 -> released from
  // d3; fires again d5 (from d6); d6, d7 -> released from d8; no third firing (max_fires 2).
  h.run({20, 1, 1, 1, 5, 20, 2, 2, 2, 20, 20});
  const auto fired = h.of(pol::EventKind::kFired);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].day, 0);
  EXPECT_EQ(fired[1].day, 5);
  const auto released = h.of(pol::EventKind::kReleased);
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(released[0].day, 3);
  EXPECT_EQ(released[1].day, 8);
  const std::vector<int> expect = {2, 5, 5, 2, 2, 2, 5, 5, 4, 4, 4, 4};
  for (int d = 0; d < 12; ++d)
    EXPECT_EQ(h.levers[0].at(d), expect[static_cast<std::size_t>(d)]) << d;
  for (int d = 0; d < 12; ++d) {
    if (d < 1 || (d >= 3 && d < 6) || d >= 8) {
      EXPECT_EQ(h.levers[0].at(d), h.levers[0].written_at(d)) << d;
    }
  }
}

TEST(PolicyRunner, ADatePolicyFiresOnItsDayAndUntilRestores) {
  pol::PolicySpec p;
  p.id = "dated";
  p.at = 3;
  p.until = 7;
  p.actions.push_back(
      {eng::AdjustOp::kScale, 2, {{pol::LeverKind::kClinicDoctors, 0, 0, -1, "x"}}});
  Harness h({p});
  EXPECT_EQ(h.levers[0].at(2), 2);  // laid before the run
  EXPECT_EQ(h.levers[0].at(3), 4);
  EXPECT_EQ(h.levers[0].at(6), 4);
  EXPECT_EQ(h.levers[0].at(7), 2);
  h.run(std::vector<double>(10, 0.0));
  ASSERT_EQ(h.runner.events().size(), 3u);
  EXPECT_EQ(h.runner.events()[0].event, pol::EventKind::kFired);
  EXPECT_EQ(h.runner.events()[0].day, 3);
  EXPECT_EQ(h.runner.events()[0].metric, pol::kNoMetric);
  EXPECT_EQ(h.runner.events()[1].event, pol::EventKind::kEffective);
  EXPECT_EQ(h.runner.events()[1].day, 3);
  EXPECT_EQ(h.runner.events()[2].event, pol::EventKind::kReleased);
  EXPECT_EQ(h.runner.events()[2].day, 7);
}

TEST(PolicyRunner, DistrictScopeFiresPerDistrictAndChangesOnlyThatDistrictsLevers) {
  pol::PolicySpec p = when_over(10);
  p.scope = pol::Scope::kDistrict;
  p.actions[0].targets = {{pol::LeverKind::kClinicDoctors, 0, 0, 0, "a"},
                          {pol::LeverKind::kClinicDoctors, 1, 0, 1, "b"}};
  Harness h({p}, 2);
  const std::vector<double> d0 = {5, 5, 12, 5}, d1 = {5, 11, 5, 5};
  for (std::size_t d = 0; d < d0.size(); ++d) {
    h.board.set_district(kMetric, 0, d0[d]);
    h.board.set_district(kMetric, 1, d1[d]);
    h.runner.end_of_day(static_cast<int>(d), h.board);
  }
  const auto fired = h.of(pol::EventKind::kFired);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].unit, 1);
  EXPECT_EQ(fired[0].day, 1);
  EXPECT_EQ(fired[1].unit, 0);
  EXPECT_EQ(fired[1].day, 2);
  EXPECT_EQ(h.levers[1].at(2), 5);
  EXPECT_EQ(h.levers[0].at(2), 2);  // district 0's lever waits for its own firing
  EXPECT_EQ(h.levers[0].at(3), 5);
}

// A firing whose effect would start on or after `until` acts on no day: it is not a firing.
TEST(PolicyRunner, AFiringThatWouldActAfterUntilIsNone) {
  pol::PolicySpec p = when_over(10, 1, 1);
  p.until = 3;
  Harness h({p});
  h.run({5, 20, 20, 20, 20});  // day 1: in effect from day 3 = until
  EXPECT_TRUE(h.runner.events().empty());
  EXPECT_EQ(h.levers[0].at(3), 2);
}

TEST(PolicyRunner, ComparisonsAreStrictOrNotAsWritten) {
  const auto c = [](pol::Compare op) { return pol::Condition{0, op, 10}; };
  EXPECT_FALSE(c(pol::Compare::kGreater).holds(10));
  EXPECT_TRUE(c(pol::Compare::kGreaterEqual).holds(10));
  EXPECT_FALSE(c(pol::Compare::kLess).holds(10));
  EXPECT_TRUE(c(pol::Compare::kLessEqual).holds(10));
  EXPECT_FALSE(c(pol::Compare::kGreater).holds(std::nan("")));
}
