#pragma once

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <string>
#include <vector>

#include "surgesim/engine/rng.hpp"

namespace surgesim::engine {

/// A continuous distribution chosen at run time (service times, patience, lengths of stay), with
/// its parameters checked once at construction. Factory functions throw std::invalid_argument that
/// names the bad value.
class Distribution {
 public:
  enum class Kind {
    kConstant,
    kExponential,
    kGamma,
    kLognormal,
    kWeibull,
    kNormal,
    kUniform,
    kEmpirical
  };

  static Distribution constant(double value);
  static Distribution exponential_mean(double mean);
  static Distribution gamma(double shape, double scale);
  static Distribution gamma_mean_sd(double mean, double sd);
  static Distribution lognormal_mean_sd(double mean, double sd);
  static Distribution weibull(double shape, double scale);
  /// Normal, truncated below at `min` by resampling (durations are never negative).
  static Distribution normal(double mean, double sd, double min = 0);
  static Distribution uniform(double a, double b);
  /// Resamples the given observations, each equally likely.
  static Distribution empirical(std::vector<double> values);

  double sample(Rng& rng) const { return sample(rng.engine()); }
  /// Draws with Boost.Random from any uniform random bit generator (mt19937_64, SplitMix64, ...).
  template <class Engine>
  double sample(Engine& engine) const;
  Kind kind() const noexcept { return kind_; }
  /// Exact mean and variance (for the truncated normal: of the untruncated one).
  double mean() const noexcept;
  double variance() const;
  /// A short description, e.g. "lognormal(mean=8, sd=4)".
  std::string describe() const;
  /// The parameters as given to the factory: (value), (mean), (shape, scale), (mean, sd),
  /// (shape, scale), (mean, sd, min), (low, high); empirical() keeps its values.
  struct Parameters {
    double a, b, c;
  };
  Parameters parameters() const noexcept { return {a_, b_, c_}; }
  const std::vector<double>& values() const noexcept { return values_; }

 private:
  Distribution(Kind k, double a, double b, double c = 0) noexcept : kind_(k), a_(a), b_(b), c_(c) {}
  Kind kind_;
  double a_;
  double b_;
  double c_;
  double log_mu_ = 0;  // lognormal: parameters of the underlying normal, computed once
  double log_sigma_ = 0;
  std::vector<double> values_;
};

template <class Engine>
double Distribution::sample(Engine& e) const {
  namespace br = boost::random;
  switch (kind_) {
    case Kind::kConstant:
      return a_;
    case Kind::kExponential:
      return br::exponential_distribution<double>(1 / a_)(e);
    case Kind::kGamma:
      return br::gamma_distribution<double>(a_, b_)(e);
    case Kind::kLognormal:
      return b_ == 0 ? a_ : br::lognormal_distribution<double>(log_mu_, log_sigma_)(e);
    case Kind::kWeibull:
      return br::weibull_distribution<double>(a_, b_)(e);
    case Kind::kNormal:
      for (;;) {
        const double x = b_ == 0 ? a_ : br::normal_distribution<double>(a_, b_)(e);
        if (x >= c_) return x;
      }
    case Kind::kUniform:
      return br::uniform_real_distribution<double>(a_, b_)(e);
    case Kind::kEmpirical:
      return values_[br::uniform_int_distribution<std::size_t>(0, values_.size() - 1)(e)];
  }
  return a_;  // unreachable
}

}  // namespace surgesim::engine
