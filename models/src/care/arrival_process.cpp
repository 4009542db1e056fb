#include "surgesim/care/arrival_process.hpp"

#include <cmath>
#include <stdexcept>

#include "surgesim/care/clinic_params.hpp"

namespace surgesim::care {

ArrivalProcess::ArrivalProcess(std::vector<double> visits_per_day,
                               const std::array<double, 24>& hourly_weights,
                               engine::SimTime horizon_min)
    : per_day_(std::move(visits_per_day)), horizon_(horizon_min) {
  double total = 0;
  for (double w : hourly_weights) {
    if (!(w >= 0)) throw std::invalid_argument("hourly weight must be >= 0");
    total += w;
  }
  if (!(total > 0) && !per_day_.empty()) throw std::invalid_argument("hourly weights are all zero");
  if (!(total > 0)) total = 1;  // no demand of its own (an epidemic feeds the clinic)
  for (std::size_t h = 0; h < 24; ++h) share_[h] = hourly_weights[h] / total;
  for (double v : per_day_) {
    if (!(v >= 0)) throw std::invalid_argument("visits per day must be >= 0");
  }
}

double ArrivalProcess::rate_per_min(long hour_index) const {
  if (per_day_.empty()) return 0;
  const auto day = static_cast<std::size_t>(hour_index / 24);
  const double visits = day < per_day_.size() ? per_day_[day] : per_day_.back();
  return visits * share_[static_cast<std::size_t>(hour_index % 24)] / 60.0;
}

engine::SimTime ArrivalProcess::next(engine::SimTime t, engine::Rng& rng) const {
  if (per_day_.empty()) return engine::kForever;
  double e = rng.exponential(1.0);  // the cumulative rate to cover before the next arrival
  for (;;) {
    if (t >= horizon_) return engine::kForever;
    const long hour = static_cast<long>(std::floor(t / 60.0));
    const engine::SimTime hour_end = std::min(static_cast<double>(hour + 1) * 60.0, horizon_);
    const double rate = rate_per_min(hour);
    const double mass = rate * (hour_end - t);
    if (mass > e) return t + e / rate;
    e -= mass;
    t = hour_end;
  }
}

double ArrivalProcess::expected_total() const {
  double total = 0;
  const long hours = static_cast<long>(std::ceil(horizon_ / 60.0));
  for (long h = 0; h < hours; ++h) {
    const double len = std::min(60.0, horizon_ - static_cast<double>(h) * 60.0);
    total += rate_per_min(h) * len;
  }
  return total;
}

}  // namespace surgesim::care
