// Statistical regression verdicts: within the margin is "same", beyond it "changed", too noisy to
// tell "inconclusive" with how many replications would decide; margins by KPI.
#include "surgesim/run/equivalence.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace rn = surgesim::run;

namespace {
rn::ReplicationTable table(std::uint64_t seed, const std::vector<std::vector<double>>& rows) {
  rn::ReplicationTable t;
  t.kpis = {"small_shift", "large_shift", "noisy"};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    t.seed.push_back(seed);
    t.replication.push_back(r);
    t.values.push_back(rows[r]);
  }
  return t;
}
}  // namespace

TEST(Equivalence, SameChangedAndInconclusive) {
  const rn::ReplicationTable golden =
      table(1, {{100, 100, 10}, {102, 102, 30}, {98, 98, 20}, {101, 101, 5}, {99, 99, 35}});
  // Paired: +1 (1%, inside the 5% margin) with a little noise, +10 (10%), noise on the third.
  const rn::ReplicationTable now =
      table(1, {{101, 110, 30}, {103.2, 112, 10}, {98.9, 108, 35}, {102, 111, 20}, {100, 109, 5}});
  rn::Margins m;
  const auto v = rn::equivalence_verdicts(golden, now, m);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].c.paired);
  EXPECT_EQ(v[0].verdict, rn::Verdict::kSame);
  EXPECT_NEAR(v[0].margin, 5.0, 1e-12);
  EXPECT_EQ(v[1].verdict, rn::Verdict::kChanged);
  EXPECT_NEAR(v[1].c.diff_mean, 10.0, 1e-12);
  EXPECT_EQ(v[2].verdict, rn::Verdict::kInconclusive);
  EXPECT_GT(v[2].replications_needed, 5u);  // more than were run
  EXPECT_LT(v[2].replications_needed, std::numeric_limits<std::size_t>::max());
  // A wider margin for the second KPI makes its 10% "same"; its own absolute margin counts.
  m.kpis["large_shift"] = rn::Margin{0.2, 0};
  m.kpis["noisy"] = rn::Margin{0, 1000};
  const auto w = rn::equivalence_verdicts(golden, now, m);
  EXPECT_EQ(w[1].verdict, rn::Verdict::kSame);
  EXPECT_EQ(w[2].verdict, rn::Verdict::kSame);
  // Another seed: Welch, and nothing paired.
  const auto x = rn::equivalence_verdicts(golden, table(2, now.values), rn::Margins{});
  EXPECT_FALSE(x[0].c.paired);
}

// A KPI the goldens have and the run does not (or the reverse) is a change, never skipped.
TEST(Equivalence, MissingAndNewKpisAreChanged) {
  rn::ReplicationTable golden = table(1, {{1, 2, 3}, {1, 2, 3}});
  rn::ReplicationTable now = golden;
  now.kpis[2] = "renamed";
  const auto v = rn::equivalence_verdicts(golden, now, rn::Margins{});
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].verdict, rn::Verdict::kSame);
  EXPECT_EQ(v[2].kpi, "noisy");
  EXPECT_EQ(v[2].verdict, rn::Verdict::kChanged);
  EXPECT_EQ(v[2].note, "no longer measured");
  EXPECT_EQ(v[3].kpi, "renamed");
  EXPECT_EQ(v[3].note, "a new KPI");
}

// Within the margin but not yet shown to be: inconclusive, never "changed", however sure the
// difference is; beyond it and significant: changed.
TEST(Equivalence, ChangedMeansBeyondTheMargin) {
  std::vector<std::vector<double>> g, n;
  for (int r = 0; r < 10; ++r) {
    const double x = 100 + (r % 3);
    g.push_back({x, x, x});
    n.push_back({x + 4 + 0.5 * (r % 2), x + 6 + 0.5 * (r % 2), x});  // +4.25% and +6.25%
  }
  rn::Margins m;
  m.fallback.relative = 0.05;
  const auto v = rn::equivalence_verdicts(table(1, g), table(1, n), m);
  EXPECT_EQ(v[0].verdict, rn::Verdict::kSame);  // +4.25 +- a little, inside 5.0
  EXPECT_EQ(v[1].verdict, rn::Verdict::kChanged);
  m.fallback.relative = 0.0426;  // the margin just above the difference: cannot show either
  const auto w = rn::equivalence_verdicts(table(1, g), table(1, n), m);
  EXPECT_EQ(w[0].verdict, rn::Verdict::kInconclusive);
  EXPECT_GT(w[0].replications_needed, 10u);
}

TEST(Equivalence, ReplicationsToDecide) {
  // sd 1, margin 1, no difference: t(0.95, n-1) / sqrt(n) < 1 first at n = 5 (2.132/2.236).
  EXPECT_EQ(rn::replications_to_decide(1, 0, 1, 0.05), 5u);
  EXPECT_EQ(rn::replications_to_decide(1, 0, 1, 0.05, 12), 12u);
  EXPECT_EQ(rn::replications_to_decide(1, 1, 1, 0.05), std::numeric_limits<std::size_t>::max());
  // A difference of 2 beyond a margin of 1: the two-sided interval must exclude 0:
  // t(0.975, n-1) / sqrt(n) < 2 first at n = 4 (3.182/2 = 1.59; n = 3: 4.303/1.732 = 2.48).
  EXPECT_EQ(rn::replications_to_decide(1, 2, 1, 0.05), 4u);
}
