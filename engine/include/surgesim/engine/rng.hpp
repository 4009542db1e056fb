#pragma once

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <span>
#include <string_view>

#include "surgesim/engine/uniform_index.hpp"

namespace surgesim::engine {

/// One independent random stream. All sampling goes through Boost.Random distributions, whose
/// algorithms are fixed by Boost (unlike std:: distributions), so a seed gives the same numbers on
/// every machine and compiler. Invalid parameters throw std::invalid_argument naming the value.
class Rng {
 public:
  using Engine = boost::random::mt19937_64;
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  Engine& engine() noexcept { return engine_; }

  /// Uniform on [0, 1).
  double uniform01();
  double uniform(double a, double b);
  /// Uniform integer in [a, b].
  std::int64_t uniform_int(std::int64_t a, std::int64_t b);
  /// Uniform index in [0, n), n >= 1 (see engine::uniform_index).
  std::uint64_t uniform_index(std::uint64_t n) {
    if (n == 0) reject_empty_range();
    return engine::uniform_index(engine_, n);
  }
  bool bernoulli(double p);
  double exponential(double rate);
  double gamma(double shape, double scale);
  /// Lognormal given the mean and sd of the variable itself (not of its logarithm).
  double lognormal_mean_sd(double mean, double sd);
  double weibull(double shape, double scale);
  double normal(double mean, double sd);
  std::int64_t poisson(double mean);
  std::int64_t binomial(std::int64_t n, double p);
  /// Index i drawn with probability weights[i] / sum(weights).
  std::size_t discrete(std::span<const double> weights);

 private:
  [[noreturn]] static void reject_empty_range();
  Engine engine_;
};

/// Derives independent streams from (master seed, replication, stream name, index). A stream's
/// identity depends only on these values, never on creation order or thread, so adding a component
/// does not shift the numbers any other component sees.
class RngStreams {
 public:
  RngStreams(std::uint64_t master_seed, std::uint64_t replication) noexcept;
  Rng make(std::string_view name, std::uint64_t index = 0) const;
  std::uint64_t seed_for(std::string_view name, std::uint64_t index = 0) const noexcept;
  std::uint64_t master_seed() const noexcept { return master_; }
  std::uint64_t replication() const noexcept { return replication_; }

 private:
  std::uint64_t master_;
  std::uint64_t replication_;
  std::uint64_t base_;
};

/// SplitMix64 finaliser: a bijective 64-bit mix with good avalanche, used to combine seed parts.
std::uint64_t mix64(std::uint64_t x) noexcept;

}  // namespace surgesim::engine
