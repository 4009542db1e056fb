#include "surgesim/engine/comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "surgesim/engine/tally.hpp"

namespace surgesim::engine {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Tally tally(std::span<const double> v) {
  Tally t;
  for (double x : v) t.add(x);
  return t;
}

// Interval and two-sided p-value of a mean `diff` with standard error `se` on `df` degrees.
void t_test(Comparison& c, double se, double df, double confidence) {
  c.ci_low = c.ci_high = c.diff_mean;
  c.se = se;
  c.df = df;
  if (!(df >= 1) || std::isnan(se)) {
    c.half_width = c.ci_low = c.ci_high = c.p_value = kNaN;
    return;
  }
  if (se == 0) {  // no spread at all: a difference is certain, none is none
    c.half_width = 0;
    c.p_value = c.diff_mean == 0 ? 1.0 : 0.0;
    return;
  }
  const boost::math::students_t dist(df);
  c.half_width = boost::math::quantile(dist, 0.5 + confidence / 2) * se;
  c.ci_low = c.diff_mean - c.half_width;
  c.ci_high = c.diff_mean + c.half_width;
  c.p_value = 2 * boost::math::cdf(boost::math::complement(dist, std::abs(c.diff_mean) / se));
}

void check(std::span<const double> a, std::span<const double> b, double confidence) {
  if (a.empty() || b.empty()) throw std::invalid_argument("compare: no values");
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("compare: confidence must be in (0, 1)");
}

}  // namespace

Comparison compare_paired(std::span<const double> a, std::span<const double> b, double confidence) {
  check(a, b, confidence);
  if (a.size() != b.size()) throw std::invalid_argument("compare: paired sets differ in size");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  const Tally ta = tally(a), tb = tally(b), td = tally(d);
  Comparison c;
  c.paired = true;
  c.n_a = c.n_b = a.size();
  c.a_mean = ta.mean();
  c.b_mean = tb.mean();
  c.diff_mean = td.mean();
  c.cannot_differ = std::all_of(d.begin(), d.end(), [](double x) { return x == 0; });
  const double n = static_cast<double>(d.size());
  t_test(c, d.size() > 1 ? td.sd() / std::sqrt(n) : kNaN, n - 1, confidence);
  if (c.cannot_differ) c.p_value = 1;
  const double vd = d.size() > 1 ? td.sd() * td.sd() : kNaN;
  const double vi = d.size() > 1 ? ta.sd() * ta.sd() + tb.sd() * tb.sd() : kNaN;
  c.crn_gain = vd > 0 ? vi / vd : kNaN;
  return c;
}

Comparison compare_independent(std::span<const double> a, std::span<const double> b,
                               double confidence) {
  check(a, b, confidence);
  const Tally ta = tally(a), tb = tally(b);
  Comparison c;
  c.n_a = a.size();
  c.n_b = b.size();
  c.a_mean = ta.mean();
  c.b_mean = tb.mean();
  c.diff_mean = c.b_mean - c.a_mean;
  c.crn_gain = kNaN;
  if (a.size() < 2 || b.size() < 2) {
    t_test(c, kNaN, 0, confidence);
    return c;
  }
  const double va = ta.sd() * ta.sd() / static_cast<double>(a.size());
  const double vb = tb.sd() * tb.sd() / static_cast<double>(b.size());
  const double se = std::sqrt(va + vb);
  // Welch-Satterthwaite degrees of freedom.
  const double df = va + vb > 0 ? (va + vb) * (va + vb) /
                                      (va * va / static_cast<double>(a.size() - 1) +
                                       vb * vb / static_cast<double>(b.size() - 1))
                                : 1.0;
  t_test(c, se, df, confidence);
  c.cannot_differ = se == 0 && c.diff_mean == 0;
  return c;
}

double equivalence_p_value(const Comparison& c, double margin) {
  if (c.cannot_differ) return 0;
  if (!(c.df >= 1) || std::isnan(c.se) || std::isnan(margin)) return kNaN;
  if (c.se == 0) return std::abs(c.diff_mean) < margin ? 0.0 : 1.0;
  const boost::math::students_t dist(c.df);
  // H0: diff <= -margin, rejected by a large t; H0: diff >= margin, rejected by a small t.
  const double p_low =
      boost::math::cdf(boost::math::complement(dist, (c.diff_mean + margin) / c.se));
  const double p_high = boost::math::cdf(dist, (c.diff_mean - margin) / c.se);
  return std::max(p_low, p_high);
}

std::vector<double> holm_adjust(std::span<const double> p) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!std::isnan(p[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
  std::vector<double> out(p.size(), kNaN);
  const double m = static_cast<double>(order.size());
  double running = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * p[order[k]]));
    out[order[k]] = running;
  }
  return out;
}

}  // namespace surgesim::engine
