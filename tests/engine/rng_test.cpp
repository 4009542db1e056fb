#include "surgesim/engine/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/engine/tally.hpp"

namespace eng = surgesim::engine;

// The engine is the standard's mt19937_64: C++ [rand.predef] fixes its 10000th output for the
// default seed, so any machine producing this value produces the same streams.
TEST(Rng, EngineIsTheStandardMt19937_64) {
  eng::Rng::Engine e;  // default seed 5489
  for (int i = 1; i < 10000; ++i) e();
  EXPECT_EQ(e(), 9981545732273789042ULL);
}

TEST(RngStreams, SameIdentitySameNumbersDifferentIdentityDifferentNumbers) {
  const eng::RngStreams a(2022, 0), b(2022, 0), rep1(2022, 1), seed2(2023, 0);
  auto draw = [](eng::Rng r) {
    std::vector<double> v;
    for (int i = 0; i < 5; ++i) v.push_back(r.uniform01());
    return v;
  };
  EXPECT_EQ(draw(a.make("clinic/service", 3)), draw(b.make("clinic/service", 3)));
  EXPECT_NE(draw(a.make("clinic/service", 3)), draw(a.make("clinic/service", 4)));
  EXPECT_NE(draw(a.make("clinic/service")), draw(a.make("clinic/arrivals")));
  EXPECT_NE(draw(a.make("x")), draw(rep1.make("x")));
  EXPECT_NE(draw(a.make("x")), draw(seed2.make("x")));
  // The identity does not depend on what else was created before.
  const eng::RngStreams c(2022, 0);
  (void)c.make("something else");
  EXPECT_EQ(draw(c.make("clinic/service", 3)), draw(a.make("clinic/service", 3)));
}

// Sample means against exact means, with a tolerance of 4.5 standard errors.
TEST(Distribution, SampleMomentsMatchTheExactOnes) {
  const std::vector<eng::Distribution> ds = {
      eng::Distribution::constant(3),
      eng::Distribution::exponential_mean(8),
      eng::Distribution::gamma(2.5, 3),
      eng::Distribution::gamma_mean_sd(10, 4),
      eng::Distribution::lognormal_mean_sd(8, 4),
      eng::Distribution::weibull(1.5, 6),
      eng::Distribution::normal(20, 3),
      eng::Distribution::uniform(2, 5),
      eng::Distribution::empirical({1, 2, 2, 7}),
  };
  eng::Rng rng(99);
  for (const auto& d : ds) {
    eng::Tally t;
    for (int i = 0; i < 200000; ++i) t.add(d.sample(rng));
    const double se = std::sqrt(d.variance() / 200000.0);
    EXPECT_NEAR(t.mean(), d.mean(), 4.5 * se + 1e-12) << d.describe();
    if (d.variance() > 0) {
      EXPECT_NEAR(t.variance() / d.variance(), 1.0, 0.05) << d.describe();
    }
  }
}

TEST(Rng, IntegerDistributionsHaveTheirMeans) {
  eng::Rng rng(5);
  eng::Tally pois, bin, disc;
  const std::vector<double> w{1, 0, 3};
  for (int i = 0; i < 100000; ++i) {
    pois.add(static_cast<double>(rng.poisson(4.2)));
    bin.add(static_cast<double>(rng.binomial(30, 0.2)));
    disc.add(static_cast<double>(rng.discrete(w)));
  }
  EXPECT_NEAR(pois.mean(), 4.2, 4.5 * std::sqrt(4.2 / 1e5));
  EXPECT_NEAR(bin.mean(), 6.0, 4.5 * std::sqrt(4.8 / 1e5));
  EXPECT_NEAR(disc.mean(), 1.5, 4.5 * std::sqrt(0.75 / 1e5));  // index 1 has weight 0
  EXPECT_EQ(disc.min(), 0);
  EXPECT_EQ(disc.max(), 2);
}

// Each of 7 indices equally likely: chi-square with 6 degrees of freedom, below its 0.999 quantile.
TEST(Rng, UniformIndexIsUniformAndInRange) {
  eng::Rng rng(8);
  std::vector<int> counts(7, 0);
  const int n = 700000;
  for (int i = 0; i < n; ++i) {
    const auto k = rng.uniform_index(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  EXPECT_LT(chi2, 22.458);  // chi-square(6) 0.999 quantile
  EXPECT_EQ(rng.uniform_index(1), 0u);
  EXPECT_THROW(rng.uniform_index(0), std::invalid_argument);
}

TEST(Rng, BadParametersNameTheValue) {
  eng::Rng rng(1);
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(message([&] { rng.exponential(-2); }).find("rate = -2"), std::string::npos);
  EXPECT_NE(message([&] { rng.exponential(0); }).find("rate = 0"), std::string::npos);
  EXPECT_NE(message([&] { rng.gamma(1, -1); }).find("scale"), std::string::npos);
  EXPECT_NE(message([&] { rng.discrete(std::vector<double>{}); }).find("empty"), std::string::npos);
  EXPECT_NE(message([&] {
              rng.discrete(std::vector<double>{0, 0});
            }).find("zero"),
            std::string::npos);
  EXPECT_NE(message([&] { rng.bernoulli(1.5); }).find("1.5"), std::string::npos);
  EXPECT_THROW(rng.poisson(-1), std::invalid_argument);
  EXPECT_THROW(rng.binomial(-1, 0.5), std::invalid_argument);
  EXPECT_THROW(eng::Distribution::exponential_mean(0), std::invalid_argument);
  EXPECT_THROW(eng::Distribution::lognormal_mean_sd(-8, 4), std::invalid_argument);
  EXPECT_THROW(eng::Distribution::uniform(5, 2), std::invalid_argument);
  EXPECT_THROW(eng::Distribution::empirical({}), std::invalid_argument);
  EXPECT_THROW(eng::Distribution::weibull(0, 1), std::invalid_argument);
  EXPECT_NE(message([] { eng::Distribution::exponential_mean(-3); }).find("mean = -3"),
            std::string::npos);
}
