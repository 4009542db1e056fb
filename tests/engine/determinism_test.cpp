#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "surgesim/engine/replicate.hpp"
#include "surgesim/examples/mmc_model.hpp"
#include "surgesim/examples/phold_model.hpp"

namespace eng = surgesim::engine;
namespace ex = surgesim::examples;

namespace {
std::vector<unsigned char> bytes(const ex::MmcResult& r) {
  std::vector<unsigned char> b(sizeof r);
  std::memcpy(b.data(), &r, sizeof r);
  return b;
}
ex::MmcParams params(std::uint64_t seed, ex::Style style, std::uint64_t rep = 0) {
  return {.servers = 4,
          .arrival_rate = 3.5,
          .service_rate = 1.0,
          .customers = 50000,
          .warmup_customers = 0,
          .seed = seed,
          .replication = rep,
          .style = style};
}
std::vector<std::vector<unsigned char>> replicated(int threads) {
  const auto rs = eng::replicate({.replications = 8, .threads = threads}, [](std::size_t r) {
    return ex::run_mmc(params(9, ex::Style::kCoroutine, r));
  });
  std::vector<std::vector<unsigned char>> out;
  for (const auto& r : rs) out.push_back(bytes(r));
  return out;
}
}  // namespace

TEST(Determinism, SameSeedGivesIdenticalBytes) {
  EXPECT_EQ(bytes(ex::run_mmc(params(1, ex::Style::kCallback))),
            bytes(ex::run_mmc(params(1, ex::Style::kCallback))));
  EXPECT_NE(bytes(ex::run_mmc(params(1, ex::Style::kCallback))),
            bytes(ex::run_mmc(params(2, ex::Style::kCallback))));
  const auto a = ex::run_phold({.entities = 500, .events = 200000, .seed = 3});
  const auto b = ex::run_phold({.entities = 500, .events = 200000, .seed = 3});
  const auto c = ex::run_phold({.entities = 500, .events = 200000, .seed = 4});
  EXPECT_EQ(a.checksum, b.checksum);
  EXPECT_EQ(a.end_time, b.end_time);
  EXPECT_NE(a.checksum, c.checksum);
}

TEST(Determinism, OneAndTwoThreadsGiveIdenticalBytes) { EXPECT_EQ(replicated(1), replicated(2)); }

// Both styles draw the same numbers in the same order, so the measured waits agree exactly.
TEST(Determinism, CallbackAndCoroutineStylesAgree) {
  const auto cb = ex::run_mmc(params(5, ex::Style::kCallback));
  const auto co = ex::run_mmc(params(5, ex::Style::kCoroutine));
  EXPECT_EQ(cb.mean_wait, co.mean_wait);
  EXPECT_EQ(cb.p_wait, co.p_wait);
  EXPECT_EQ(cb.measured, co.measured);
}
