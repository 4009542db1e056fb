#include "surgesim/engine/distribution.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace surgesim::engine {

namespace {
[[noreturn]] void bad(const std::string& dist, const char* param, double v, const char* expected) {
  std::ostringstream os;
  os << dist << ": " << param << " = " << v << ", expected " << expected;
  throw std::invalid_argument(os.str());
}
void positive(const char* dist, const char* param, double v) {
  if (!(v > 0) || !std::isfinite(v)) bad(dist, param, v, "a finite number > 0");
}
void non_negative(const char* dist, const char* param, double v) {
  if (!(v >= 0) || !std::isfinite(v)) bad(dist, param, v, "a finite number >= 0");
}
}  // namespace

Distribution Distribution::constant(double value) {
  if (!std::isfinite(value)) bad("constant", "value", value, "a finite number");
  return {Kind::kConstant, value, 0};
}

Distribution Distribution::exponential_mean(double mean) {
  positive("exponential", "mean", mean);
  return {Kind::kExponential, mean, 0};
}

Distribution Distribution::gamma(double shape, double scale) {
  positive("gamma", "shape", shape);
  positive("gamma", "scale", scale);
  return {Kind::kGamma, shape, scale};
}

Distribution Distribution::gamma_mean_sd(double mean, double sd) {
  positive("gamma", "mean", mean);
  positive("gamma", "sd", sd);
  const double shape = (mean * mean) / (sd * sd);
  return gamma(shape, mean / shape);
}

Distribution Distribution::lognormal_mean_sd(double mean, double sd) {
  positive("lognormal", "mean", mean);
  non_negative("lognormal", "sd", sd);
  Distribution d{Kind::kLognormal, mean, sd};
  const double s2 = std::log1p((sd * sd) / (mean * mean));  // as Rng::lognormal_mean_sd
  d.log_mu_ = std::log(mean) - s2 / 2;
  d.log_sigma_ = std::sqrt(s2);
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  positive("weibull", "shape", shape);
  positive("weibull", "scale", scale);
  return {Kind::kWeibull, shape, scale};
}

Distribution Distribution::normal(double mean, double sd, double min) {
  if (!std::isfinite(mean)) bad("normal", "mean", mean, "a finite number");
  non_negative("normal", "sd", sd);
  if (!std::isfinite(min)) bad("normal", "min", min, "a finite number");
  if (mean < min && sd == 0) bad("normal", "mean", mean, "a value >= min when sd is 0");
  // Resampling would loop for ever if nearly all mass lies below min.
  if (sd > 0 && (min - mean) / sd > 6) bad("normal", "min", min, "at most mean + 6 sd");
  return {Kind::kNormal, mean, sd, min};
}

Distribution Distribution::uniform(double a, double b) {
  if (!std::isfinite(a)) bad("uniform", "min", a, "a finite number");
  if (!std::isfinite(b) || !(b > a)) bad("uniform", "max", b, "a finite number > min");
  return {Kind::kUniform, a, b};
}

Distribution Distribution::empirical(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("empirical: no values given");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      bad("empirical", ("values[" + std::to_string(i) + "]").c_str(), values[i], "a finite number");
    }
  }
  Distribution d{Kind::kEmpirical, 0, 0};
  d.values_ = std::move(values);
  return d;
}

double Distribution::mean() const noexcept {
  switch (kind_) {
    case Kind::kConstant:
    case Kind::kExponential:
    case Kind::kLognormal:
    case Kind::kNormal:
      return a_;
    case Kind::kGamma:
      return a_ * b_;
    case Kind::kWeibull:
      return b_ * std::tgamma(1 + 1 / a_);
    case Kind::kUniform:
      return (a_ + b_) / 2;
    case Kind::kEmpirical: {
      double s = 0;
      for (double v : values_) s += v;
      return s / static_cast<double>(values_.size());
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind_) {
    case Kind::kConstant:
      return 0;
    case Kind::kExponential:
      return a_ * a_;
    case Kind::kGamma:
      return a_ * b_ * b_;
    case Kind::kLognormal:
    case Kind::kNormal:
      return b_ * b_;
    case Kind::kWeibull: {
      const double g1 = std::tgamma(1 + 1 / a_);
      return b_ * b_ * (std::tgamma(1 + 2 / a_) - g1 * g1);
    }
    case Kind::kUniform:
      return (b_ - a_) * (b_ - a_) / 12;
    case Kind::kEmpirical: {
      const double m = mean();
      double s = 0;
      for (double v : values_) s += (v - m) * (v - m);
      return s / static_cast<double>(values_.size());
    }
  }
  return 0;
}

std::string Distribution::describe() const {
  std::ostringstream os;
  switch (kind_) {
    case Kind::kConstant:
      os << "constant(" << a_ << ")";
      break;
    case Kind::kExponential:
      os << "exponential(mean=" << a_ << ")";
      break;
    case Kind::kGamma:
      os << "gamma(shape=" << a_ << ", scale=" << b_ << ")";
      break;
    case Kind::kLognormal:
      os << "lognormal(mean=" << a_ << ", sd=" << b_ << ")";
      break;
    case Kind::kWeibull:
      os << "weibull(shape=" << a_ << ", scale=" << b_ << ")";
      break;
    case Kind::kNormal:
      os << "normal(mean=" << a_ << ", sd=" << b_ << ", min=" << c_ << ")";
      break;
    case Kind::kUniform:
      os << "uniform(" << a_ << ", " << b_ << ")";
      break;
    case Kind::kEmpirical:
      os << "empirical(" << values_.size() << " values)";
      break;
  }
  return os.str();
}

}  // namespace surgesim::engine
