#include "surgesim/engine/rng.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

namespace surgesim::engine {

namespace {
[[noreturn]] void bad(const char* what, const char* param, double value, const char* expected) {
  throw std::invalid_argument(std::string(what) + ": " + param + " = " + std::to_string(value) +
                              ", expected " + expected);
}
void positive(const char* what, const char* param, double v) {
  if (!(v > 0) || !std::isfinite(v)) bad(what, param, v, "a finite number > 0");
}
void non_negative(const char* what, const char* param, double v) {
  if (!(v >= 0) || !std::isfinite(v)) bad(what, param, v, "a finite number >= 0");
}
void probability(const char* what, double p) {
  if (!(p >= 0 && p <= 1)) bad(what, "p", p, "a probability in [0, 1]");
}
}  // namespace

double Rng::uniform01() { return boost::random::uniform_01<double>()(engine_); }

double Rng::uniform(double a, double b) {
  if (!std::isfinite(a) || !std::isfinite(b) || !(a < b)) bad("uniform", "b", b, "finite, > a");
  return boost::random::uniform_real_distribution<double>(a, b)(engine_);
}

std::int64_t Rng::uniform_int(std::int64_t a, std::int64_t b) {
  if (a > b) bad("uniform_int", "b", static_cast<double>(b), ">= a");
  return boost::random::uniform_int_distribution<std::int64_t>(a, b)(engine_);
}

void Rng::reject_empty_range() {
  throw std::invalid_argument("uniform_index: n = 0, expected n >= 1");
}

bool Rng::bernoulli(double p) {
  probability("bernoulli", p);
  return boost::random::bernoulli_distribution<double>(p)(engine_);
}

double Rng::exponential(double rate) {
  positive("exponential", "rate", rate);
  return boost::random::exponential_distribution<double>(rate)(engine_);
}

double Rng::gamma(double shape, double scale) {
  positive("gamma", "shape", shape);
  positive("gamma", "scale", scale);
  return boost::random::gamma_distribution<double>(shape, scale)(engine_);
}

double Rng::lognormal_mean_sd(double mean, double sd) {
  positive("lognormal", "mean", mean);
  non_negative("lognormal", "sd", sd);
  if (sd == 0) return mean;
  const double s2 = std::log1p((sd * sd) / (mean * mean));
  return boost::random::lognormal_distribution<double>(std::log(mean) - s2 / 2,
                                                       std::sqrt(s2))(engine_);
}

double Rng::weibull(double shape, double scale) {
  positive("weibull", "shape", shape);
  positive("weibull", "scale", scale);
  return boost::random::weibull_distribution<double>(shape, scale)(engine_);
}

double Rng::normal(double mean, double sd) {
  if (!std::isfinite(mean)) bad("normal", "mean", mean, "a finite number");
  non_negative("normal", "sd", sd);
  if (sd == 0) return mean;
  return boost::random::normal_distribution<double>(mean, sd)(engine_);
}

std::int64_t Rng::poisson(double mean) {
  non_negative("poisson", "mean", mean);
  if (mean == 0) return 0;
  return boost::random::poisson_distribution<std::int64_t, double>(mean)(engine_);
}

std::int64_t Rng::binomial(std::int64_t n, double p) {
  if (n < 0) bad("binomial", "n", static_cast<double>(n), "an integer >= 0");
  probability("binomial", p);
  if (n == 0 || p == 0) return 0;
  if (p == 1) return n;
  return boost::random::binomial_distribution<std::int64_t, double>(n, p)(engine_);
}

std::size_t Rng::discrete(std::span<const double> weights) {
  if (weights.empty()) throw std::invalid_argument("discrete: empty weight list");
  double total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] >= 0) || !std::isfinite(weights[i])) {
      bad("discrete", ("weights[" + std::to_string(i) + "]").c_str(), weights[i],
          "a finite number >= 0");
    }
    total += weights[i];
  }
  if (!(total > 0)) throw std::invalid_argument("discrete: all weights are zero");
  return boost::random::discrete_distribution<std::size_t, double>(weights.begin(),
                                                                   weights.end())(engine_);
}

std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

RngStreams::RngStreams(std::uint64_t master_seed, std::uint64_t replication) noexcept
    : master_(master_seed),
      replication_(replication),
      base_(mix64(mix64(master_seed) ^ mix64(replication ^ 0x5eed5eed5eed5eedULL))) {}

std::uint64_t RngStreams::seed_for(std::string_view name, std::uint64_t index) const noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the stream name
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix64(base_ ^ mix64(h ^ mix64(index + 0x51ed270b27ULL)));
}

Rng RngStreams::make(std::string_view name, std::uint64_t index) const {
  return Rng(seed_for(name, index));
}

}  // namespace surgesim::engine
