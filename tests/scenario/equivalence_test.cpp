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
  EXPECT_GT(v[2].replications_needed, 5u);
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
