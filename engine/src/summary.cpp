#include "surgesim/engine/summary.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "surgesim/engine/tally.hpp"

namespace surgesim::engine {

Summary summarize(std::span<const double> values, double confidence) {
  if (values.empty()) throw std::invalid_argument("summarize: no values");
  if (!(confidence > 0 && confidence < 1)) {
    throw std::invalid_argument("summarize: confidence " + std::to_string(confidence) +
                                " must be in (0, 1)");
  }
  Tally t;
  for (double v : values) t.add(v);
  Summary s;
  s.n = values.size();
  s.mean = t.mean();
  s.confidence = confidence;
  if (s.n < 2) {
    s.sd = s.half_width = std::numeric_limits<double>::quiet_NaN();
  } else {
    s.sd = t.sd();
    const boost::math::students_t dist(static_cast<double>(s.n - 1));
    const double tq = boost::math::quantile(dist, 0.5 + confidence / 2);
    s.half_width = tq * s.sd / std::sqrt(static_cast<double>(s.n));
  }
  s.ci_low = s.mean - s.half_width;
  s.ci_high = s.mean + s.half_width;
  return s;
}

}  // namespace surgesim::engine
