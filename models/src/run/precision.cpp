#include "surgesim/run/precision.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "surgesim/scenario/reader.hpp"

namespace surgesim::run {

bool TargetCi::met(double mean, double hw, std::size_t n) const {
  if (std::isnan(hw) || n < 3) return false;
  return hw <= (relative ? half_width * std::abs(mean) : half_width);
}

TargetCi parse_target_ci(const std::string& text, const std::vector<std::string>& kpis) {
  TargetCi t;
  t.text = text;
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw std::invalid_argument("--target-ci '" + text +
                                "': expected KPI=HALF_WIDTH or KPI=PERCENT%, e.g. "
                                "fever_wait_mean_min=2 or deaths=1%");
  t.kpi = text.substr(0, eq);
  std::string amount = text.substr(eq + 1);
  if (std::find(kpis.begin(), kpis.end(), t.kpi) == kpis.end()) {
    std::string msg = "--target-ci '" + text + "': no KPI '" + t.kpi + "' in this scenario";
    const std::string hint =
        scenario::closest_word(t.kpi, std::set<std::string>(kpis.begin(), kpis.end()));
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    throw std::invalid_argument(msg);
  }
  t.relative = amount.back() == '%';
  if (t.relative) amount.pop_back();
  try {
    std::size_t used = 0;
    t.half_width = std::stod(amount, &used);
    if (used != amount.size() || !(t.half_width > 0) || !std::isfinite(t.half_width))
      throw std::invalid_argument("");
  } catch (const std::logic_error&) {
    throw std::invalid_argument("--target-ci '" + text + "': expected a half-width > 0, found '" +
                                amount + "'");
  }
  if (t.relative) t.half_width /= 100;
  return t;
}

std::size_t next_batch(std::size_t done, std::size_t max) {
  return done >= max ? 0 : std::min(std::max<std::size_t>(done, 1), max - done);
}

}  // namespace surgesim::run
