// Comparing two variants: the paired t test, Welch's test, the CRN gain and Holm's adjustment on
// hand-computed cases.
#include "surgesim/engine/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace eng = surgesim::engine;

// Differences 1, 2, 3, 2: mean 2, sd sqrt(2/3), se sqrt(2/3)/2 = 0.408248; t = 4.898979 on 3
// degrees of freedom: two-sided p = 0.0162766 (for 3 degrees the t CDF has a closed form:
// 1/2 + (x/(1+x^2) + atan x)/pi with x = t/sqrt 3), t(0.975, 3) = 3.182446.
TEST(Comparison, PairedTTestOnTheDifferences) {
  const std::vector<double> a = {10, 20, 30, 40}, b = {11, 22, 33, 42};
  const eng::Comparison c = eng::compare_paired(a, b);
  EXPECT_TRUE(c.paired);
  EXPECT_DOUBLE_EQ(c.diff_mean, 2.0);
  EXPECT_NEAR(c.half_width, 3.182446 * std::sqrt(2.0 / 3.0) / 2, 1e-6);
  EXPECT_NEAR(c.p_value, 0.0162766035, 1e-9);
  // var(a) = 500/3, var(b) = 542/3, var(b - a) = 2/3: pairing narrowed the variance 521x.
  EXPECT_NEAR(c.crn_gain, 521.0, 1e-9);
  EXPECT_FALSE(c.cannot_differ);
}

TEST(Comparison, IdenticalOutputsCannotDiffer) {
  const std::vector<double> a = {5, 7, 9};
  const eng::Comparison c = eng::compare_paired(a, a);
  EXPECT_TRUE(c.cannot_differ);
  EXPECT_EQ(c.p_value, 1.0);
  EXPECT_TRUE(std::isnan(c.crn_gain));
  const eng::Comparison shifted = eng::compare_paired(a, std::vector<double>{6, 8, 10});
  EXPECT_EQ(shifted.p_value, 0.0);  // the same shift every time: certain
  EXPECT_EQ(shifted.half_width, 0.0);
}

// Welch: a = {1, 2, 3}, b = {2, 4, 6, 8}: means 2 and 5, variances 1 and 20/3; se^2 = 1/3 + 5/3
// = 2; df = 4 / ((1/9)/2 + (25/9)/3) = 4.235294.
TEST(Comparison, WelchForIndependentSets) {
  const eng::Comparison c =
      eng::compare_independent(std::vector<double>{1, 2, 3}, std::vector<double>{2, 4, 6, 8});
  EXPECT_FALSE(c.paired);
  EXPECT_DOUBLE_EQ(c.diff_mean, 3.0);
  const double t = 3.0 / std::sqrt(2.0);
  EXPECT_GT(c.p_value, 0.05);  // t = 2.12 on 4.2 degrees of freedom: p ~ 0.098
  EXPECT_LT(c.p_value, 0.15);
  EXPECT_NEAR(c.half_width / std::sqrt(2.0), 2.7, 0.1);  // t(0.975, 4.24) ~ 2.74
  EXPECT_GT(t, 2.0);
}

// Holm: p = 0.01, 0.04, 0.03, NaN (left out), 0.5 -> sorted 0.01, 0.03, 0.04, 0.5 times 4, 3, 2,
// 1: 0.04, 0.09, 0.08 -> 0.09 (monotone), 0.5.
TEST(Comparison, HolmStepDown) {
  const std::vector<double> p = {0.01, 0.04, 0.03, std::nan(""), 0.5};
  const std::vector<double> h = eng::holm_adjust(p);
  EXPECT_DOUBLE_EQ(h[0], 0.04);
  EXPECT_DOUBLE_EQ(h[2], 0.09);
  EXPECT_DOUBLE_EQ(h[1], 0.09);
  EXPECT_TRUE(std::isnan(h[3]));
  EXPECT_DOUBLE_EQ(h[4], 0.5);
}

// TOST on the paired differences 1, 2, 3, 2 (mean 2, se 0.408248, 3 degrees): within +-3 the
// binding test is "diff >= 3": t = -1/se = -sqrt(6) = -2.449490, whose 3-degree CDF is
// 1/2 + (y/(1+y^2) + atan y)/pi with y = t/sqrt 3 = -sqrt 2: 0.0458645. Within +-2 the mean sits on
// the margin: p = 1/2. Within 10 the other test cannot bind.
TEST(Comparison, TwoOneSidedTestsOfEquivalence) {
  const std::vector<double> a = {10, 20, 30, 40}, b = {11, 22, 33, 42};
  const eng::Comparison c = eng::compare_paired(a, b);
  const double y = -std::sqrt(2.0);
  const double pi = std::acos(-1.0);
  EXPECT_NEAR(eng::equivalence_p_value(c, 3), 0.5 + (y / (1 + y * y) + std::atan(y)) / pi, 1e-9);
  EXPECT_NEAR(eng::equivalence_p_value(c, 2), 0.5, 1e-12);
  EXPECT_LT(eng::equivalence_p_value(c, 10), 1e-3);
  const eng::Comparison flipped = eng::compare_paired(b, a);  // symmetric in the sign
  EXPECT_NEAR(eng::equivalence_p_value(flipped, 3), eng::equivalence_p_value(c, 3), 1e-12);
  const std::vector<double> same = {5, 7, 9};
  EXPECT_EQ(eng::equivalence_p_value(eng::compare_paired(same, same), 0), 0.0);
  const eng::Comparison one = eng::compare_paired(std::vector<double>{1}, std::vector<double>{2});
  EXPECT_TRUE(std::isnan(eng::equivalence_p_value(one, 5)));
}
