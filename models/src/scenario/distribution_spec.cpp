#include "surgesim/scenario/distribution_spec.hpp"

#include "surgesim/scenario/limits.hpp"

#include <limits>
#include <stdexcept>
#include <vector>

namespace surgesim::scenario {

engine::Distribution read_distribution(Reader r, const std::string& unit) {
  r.expect_map();
  const std::string kind = r.at("dist").as_choice({"constant", "exponential", "gamma", "lognormal",
                                                   "weibull", "normal", "uniform", "empirical"});
  const std::string u = "_" + unit;
  // A duration's bound depends on its unit; shapes have their own.
  const double hi = unit == "min" ? kMaxMinutes : unit == "hours" ? kMaxHours : kMaxDays;
  auto num = [&](const std::string& key, double lo) {
    return r.at(key).as_double_in(
        lo, key.size() > u.size() && key.compare(key.size() - u.size(), u.size(), u) == 0
                ? hi
                : kMaxShape);
  };
  try {
    engine::Distribution d = engine::Distribution::constant(0);
    if (kind == "constant") {
      d = engine::Distribution::constant(num("value" + u, 0));
    } else if (kind == "exponential") {
      d = engine::Distribution::exponential_mean(num("mean" + u, 0));
    } else if (kind == "gamma") {
      if (r.has("shape")) {
        d = engine::Distribution::gamma(num("shape", 0), num("scale" + u, 0));
      } else {
        d = engine::Distribution::gamma_mean_sd(num("mean" + u, 0), num("sd" + u, 0));
      }
    } else if (kind == "lognormal") {
      d = engine::Distribution::lognormal_mean_sd(num("mean" + u, 0), num("sd" + u, 0));
    } else if (kind == "weibull") {
      d = engine::Distribution::weibull(num("shape", 0), num("scale" + u, 0));
    } else if (kind == "normal") {
      d = engine::Distribution::normal(num("mean" + u, 0), num("sd" + u, 0));
    } else if (kind == "uniform") {
      d = engine::Distribution::uniform(num("low" + u, 0), num("high" + u, 0));
    } else {
      Reader values = r.at("values" + u);
      std::vector<double> v;
      for (std::size_t i = 0; i < values.size(); ++i)
        v.push_back(values.item(i).as_double_in(0, hi));
      d = engine::Distribution::empirical(std::move(v));
    }
    r.finish();
    return d;
  } catch (const std::invalid_argument& e) {  // e.g. zero mean, uniform high <= low
    r.fail(e.what());
  }
}

}  // namespace surgesim::scenario
