#include "surgesim/care/city_supply.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "surgesim/day_order.hpp"

namespace surgesim::care {

std::vector<std::int64_t> share_out(std::int64_t total, const std::vector<double>& weights) {
  std::vector<std::int64_t> out(weights.size(), 0);
  if (weights.empty() || total <= 0) return out;
  double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<double> w = weights;
  if (!(sum > 0)) {
    std::fill(w.begin(), w.end(), 1.0);
    sum = static_cast<double>(w.size());
  }
  std::vector<std::pair<double, std::size_t>> remainder;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double exact = static_cast<double>(total) * w[i] / sum;
    out[i] = static_cast<std::int64_t>(std::floor(exact));
    given += out[i];
    remainder.emplace_back(exact - static_cast<double>(out[i]), i);
  }
  std::stable_sort(remainder.begin(), remainder.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; k = (k + 1) % remainder.size(), ++given) {
    ++out[remainder[k].second];
  }
  return out;
}

CityDrugSupply::CityDrugSupply(engine::Simulation& sim, const std::vector<DrugInfo>& drugs,
                               const std::vector<std::unique_ptr<FeverClinic>>& clinics, int days)
    : sim_(sim), drugs_(drugs), clinics_(clinics), days_(days) {}

void CityDrugSupply::start() {
  for (int d = 0; d < days_; ++d) {
    sim_.schedule_at(
        d * kMinutesPerDay, [this, d] { deliver_day(d); }, day_order::kCitySupply);
  }
}

void CityDrugSupply::deliver_day(int day) {
  for (std::size_t drug = 0; drug < drugs_.size(); ++drug) {
    const CitySupply& cs = drugs_[drug].city_supply;
    const std::int64_t today = cs.tablets_per_day.at(day);
    if (today <= 0) continue;
    std::vector<std::size_t> stocking;
    std::vector<double> weights;
    for (std::size_t c = 0; c < clinics_.size(); ++c) {
      bool stocks = false;
      for (const DrugSupply& s : clinics_[c]->params().drugs) stocks = stocks || s.drug == drug;
      if (!stocks || !clinics_[c]->params().open.at(day)) continue;  // dormant: nothing
      stocking.push_back(c);
      weights.push_back(cs.by_demand.at(day) && day > 0
                            ? static_cast<double>(clinics_[c]->drug_patients_on(day - 1, drug))
                            : 1.0);
    }
    const std::vector<std::int64_t> shares = share_out(today, weights);
    for (std::size_t i = 0; i < stocking.size(); ++i) {
      if (shares[i] > 0) clinics_[stocking[i]]->deliver(drug, shares[i]);
      delivered_ += shares[i];
    }
  }
}

}  // namespace surgesim::care
