#include "surgesim/engine/replicate.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "surgesim/engine/rng.hpp"

namespace eng = surgesim::engine;

namespace {
std::vector<double> run(int threads) {
  return eng::replicate({.replications = 16, .threads = threads}, [](std::size_t r) {
    eng::Rng rng = eng::RngStreams(77, r).make("work");
    double s = 0;
    for (int i = 0; i < 10000; ++i) s += rng.exponential(1.0);
    return s;
  });
}
}  // namespace

TEST(Replicate, ResultsAreIndexedByReplicationWhateverTheThreadCount) {
  const auto one = run(1);
  const auto two = run(2);
  const auto four = run(4);
  EXPECT_EQ(one, two);  // bit-identical doubles
  EXPECT_EQ(one, four);
  EXPECT_NE(one[0], one[1]);  // each replication has its own stream
}

TEST(Replicate, RejectsZeroReplications) {
  EXPECT_THROW(eng::replicate({.replications = 0}, [](std::size_t) { return 0; }),
               std::invalid_argument);
}
