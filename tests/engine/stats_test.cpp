#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "surgesim/engine/quantile_sketch.hpp"
#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/engine/time_series.hpp"
#include "surgesim/engine/time_weighted.hpp"

namespace eng = surgesim::engine;

TEST(Tally, MatchesTwoPassFormulasAndMergesExactly) {
  eng::Rng rng(1);
  std::vector<double> xs;
  eng::Tally all, left, right;
  for (int i = 0; i < 1000; ++i) {
    const double x = 1e6 + rng.normal(0, 3);  // large offset: the naive formula would cancel
    xs.push_back(x);
    all.add(x);
    (i < 400 ? left : right).add(x);
  }
  // Two-pass reference in extended precision.
  long double mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<long double>(xs.size());
  long double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  EXPECT_NEAR(all.mean(), static_cast<double>(mean), 1e-9);
  EXPECT_NEAR(all.variance(), static_cast<double>(ss / 999), 1e-6);
  EXPECT_EQ(all.min(), *std::min_element(xs.begin(), xs.end()));
  EXPECT_EQ(all.max(), *std::max_element(xs.begin(), xs.end()));
  left.merge(right);
  EXPECT_EQ(left.count(), 1000u);
  EXPECT_NEAR(left.mean(), all.mean(), 1e-9);
  EXPECT_NEAR(left.variance(), all.variance(), 1e-6);
  EXPECT_TRUE(std::isnan(eng::Tally{}.mean()));
}

TEST(TimeWeighted, WeightsEachValueByHowLongItHeld) {
  eng::TimeWeighted q(0, 0);
  q.set(2, 3);   // 0 for 2
  q.set(5, 1);   // 3 for 3
  q.set(10, 0);  // 1 for 5
  EXPECT_DOUBLE_EQ(q.area(10), 9 + 5);
  EXPECT_DOUBLE_EQ(q.mean(10), 14.0 / 10);
  EXPECT_DOUBLE_EQ(q.max(), 3);
  q.reset(10);
  q.set(12, 4);
  EXPECT_DOUBLE_EQ(q.mean(14), 2.0);  // 0 for 2, 4 for 2
}

TEST(QuantileSketch, StaysWithinItsStatedRelativeErrorBound) {
  eng::Rng rng(11);
  for (double alpha : {0.01, 0.005}) {
    eng::QuantileSketch sketch(alpha);
    std::vector<double> xs;
    for (int i = 0; i < 50000; ++i) {
      // A mix like clinic waits: many zeros, a lognormal body and a long tail.
      double x = 0;
      const double u = rng.uniform01();
      if (u > 0.3) x = rng.lognormal_mean_sd(12, 20);
      if (u > 0.98) x = rng.exponential(0.001);
      xs.push_back(x);
      sketch.add(x);
    }
    std::sort(xs.begin(), xs.end());
    for (double q : {0.0, 0.1, 0.29, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
      const auto rank = static_cast<std::size_t>(std::floor(q * (xs.size() - 1)));
      const double exact = xs[rank];
      EXPECT_LE(std::abs(sketch.quantile(q) - exact), alpha * std::abs(exact) + 1e-12)
          << "q=" << q << " alpha=" << alpha;
    }
  }
}

TEST(QuantileSketch, HandlesNegativesMergesAndRejectsBadInput) {
  eng::QuantileSketch a, b;
  for (int i = -500; i <= 500; ++i) (i < 0 ? a : b).add(i);
  a.merge(b);
  EXPECT_EQ(a.count(), 1001u);
  EXPECT_NEAR(a.quantile(0.5), 0.0, 1e-12);
  EXPECT_NEAR(a.quantile(0.0), -500, 500 * a.relative_accuracy());
  EXPECT_NEAR(a.quantile(0.75), 250, 250 * a.relative_accuracy());
  EXPECT_THROW(a.add(std::nan("")), std::invalid_argument);
  EXPECT_THROW(a.quantile(1.5), std::invalid_argument);
  EXPECT_THROW(eng::QuantileSketch(0.0), std::invalid_argument);
  EXPECT_TRUE(std::isnan(eng::QuantileSketch{}.quantile(0.5)));
}

TEST(BinnedSeries, SumsAndCountsPerDay) {
  eng::BinnedSeries daily(1440);
  daily.add(0, 2);
  daily.add(1439.9, 3);
  daily.add(1440, 1);
  daily.add(5000, 4);
  EXPECT_EQ(daily.bins(), 4u);
  EXPECT_DOUBLE_EQ(daily.sum(0), 5);
  EXPECT_EQ(daily.count(0), 2u);
  EXPECT_DOUBLE_EQ(daily.sum(2), 0);
  EXPECT_DOUBLE_EQ(daily.sum(3), 4);
  EXPECT_THROW(daily.add(-1, 1), std::invalid_argument);
  EXPECT_THROW(eng::BinnedSeries(0), std::invalid_argument);
}

TEST(TimeWeightedSeries, DailyMeanAndPeakAcrossBinBoundaries) {
  eng::TimeWeightedSeries occ(10, 0);
  occ.set(5, 4);   // day 0: 0 for 5, 4 for 5 -> mean 2
  occ.set(15, 2);  // day 1: 4 for 5, 2 for 5 -> mean 3, peak 4
  occ.finish(25);  // day 2: 2 for 5 (partial bin) -> mean 2
  ASSERT_EQ(occ.bins(), 3u);
  EXPECT_DOUBLE_EQ(occ.mean(0), 2);
  EXPECT_DOUBLE_EQ(occ.mean(1), 3);
  EXPECT_DOUBLE_EQ(occ.max(1), 4);
  EXPECT_DOUBLE_EQ(occ.mean(2), 2);
  EXPECT_THROW(occ.set(1, 0), std::invalid_argument);
}

TEST(Summary, StudentTIntervalMatchesTables) {
  // n = 10: t(0.975, 9) = 2.262157.
  std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const auto s = eng::summarize(v);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_NEAR(s.sd, 3.0276503540974917, 1e-12);
  EXPECT_NEAR(s.half_width, 2.262157 * 3.0276503540974917 / std::sqrt(10.0), 1e-5);
  EXPECT_NEAR(s.ci_low, s.mean - s.half_width, 1e-12);
  const auto one = eng::summarize(std::vector<double>{4.0});
  EXPECT_TRUE(std::isnan(one.half_width));
  EXPECT_THROW(eng::summarize(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(eng::summarize(v, 1.0), std::invalid_argument);
}
