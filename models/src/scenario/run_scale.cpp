#include "surgesim/scenario/run_scale.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace surgesim::scenario {

std::vector<int> scale_counts(const std::vector<int>& counts, double scale) {
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0) * scale;
  std::vector<int> out(counts.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  long assigned = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double x = counts[i] * scale;
    out[i] = static_cast<int>(std::floor(x));
    assigned += out[i];
    remainders.emplace_back(x - std::floor(x), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  const long target = std::lround(total);
  for (std::size_t k = 0; k < remainders.size() && assigned < target; ++k, ++assigned)
    ++out[remainders[k].second];
  return out;
}

namespace {
int scaled(int n, double scale) { return static_cast<int>(std::lround(n * scale)); }
}  // namespace

void scale_epidemic(EpidemicScenario& e, double scale) {
  for (epi::DistrictSpec& d : e.params.districts) {
    d.population =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(d.population) * scale));
    d.grids = std::max(d.subdistricts, scaled(d.grids, scale));  // grids keep their size
    d.population = std::max<std::uint64_t>(d.population, static_cast<std::uint64_t>(d.grids));
    d.initial_infected =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(d.initial_infected) * scale));
  }
  for (double& v : e.params.seeding.imports_per_day) v *= scale;
  // Services sized for the whole city: online consults a day (none stays none), health packs.
  const auto per_capita = [scale](std::int64_t v) {
    return v < 0 ? v : static_cast<std::int64_t>(std::llround(static_cast<double>(v) * scale));
  };
  e.params.controls.online_per_day.transform_written(per_capita);
  e.params.controls.health_packs_per_day.transform_written(per_capita);
  e.community_clinics = scale_counts(e.community_clinics, scale);
  e.hospital_clinics = scale_counts(e.hospital_clinics, scale);
}

void scale_capacities(Scenario& s, double scale) {
  for (care::DrugInfo& d : s.drugs) {
    d.city_supply.tablets_per_day.transform_written(
        [scale](std::int64_t v) { return static_cast<std::int64_t>(std::llround(v * scale)); });
  }
  if (s.ems) {
    ems::EmsParams& p = *s.ems;
    p.seats.transform_written([scale](int v) { return std::max(1, scaled(v, scale)); });
    for (double& v : p.background_calls_per_day) v *= scale;
    if (!p.ed_trolleys.empty()) p.ed_trolleys = scale_counts(p.ed_trolleys, scale);
    // Vehicles shared out over the districts; each district keeps as many stations as it has
    // vehicles for, at most its scaled count and at least one.
    std::vector<int> vehicles, stations(p.districts.size(), 0);
    for (const auto& v : p.vehicles) vehicles.push_back(v.written_at(0));
    for (const ems::Station& st : p.stations) ++stations[st.district];
    std::vector<int> v_scaled = scale_counts(vehicles, scale);
    // Every district that had an ambulance keeps one (taken from the largest fleet).
    for (std::size_t d = 0; d < v_scaled.size(); ++d) {
      if (v_scaled[d] > 0 || vehicles[d] == 0) continue;
      auto largest = std::max_element(v_scaled.begin(), v_scaled.end());
      if (*largest > 1) --*largest;
      v_scaled[d] = 1;
    }
    std::vector<ems::Station> rebuilt;
    for (std::size_t d = 0; d < p.districts.size(); ++d) {
      p.vehicles[d] = v_scaled[d];
      const int n = std::min(v_scaled[d], std::max(1, scaled(stations[d], scale)));
      for (int k = 0; k < n; ++k) {
        rebuilt.push_back({p.districts[d] + "/" + std::to_string(k), static_cast<std::uint32_t>(d),
                           v_scaled[d] / n + (k < v_scaled[d] % n ? 1 : 0)});
      }
    }
    p.stations = std::move(rebuilt);
  }
  if (s.hospitals) {
    hospital::HospitalParams& h = *s.hospitals;
    for (std::size_t k = 0; k < hospital::kPools; ++k) {
      std::vector<int> beds;
      for (const auto& d : h.districts) beds.push_back(d.beds[k].written_at(0));
      const std::vector<int> b = scale_counts(beds, scale);
      for (std::size_t d = 0; d < h.districts.size(); ++d) h.districts[d].beds[k] = b[d];
      for (hospital::Facility& f : h.facilities)
        f.beds.beds[k] = scaled(f.beds.beds[k].written_at(0), scale);
    }
  }
  for (policy::PolicySpec& p : s.policies) {
    for (policy::Action& a : p.actions) {
      if (a.op == engine::AdjustOp::kScale || a.targets.empty()) continue;
      switch (a.targets.front().kind) {
        case policy::LeverKind::kEmsSeats:  // a set leaves at least one seat, as written seats do
          a.amount = a.op == engine::AdjustOp::kSet ? std::max(1.0, std::round(a.amount * scale))
                                                    : std::round(a.amount * scale);
          break;
        case policy::LeverKind::kEmsVehicles:
        case policy::LeverKind::kBeds:
        case policy::LeverKind::kFacilityBeds:
        case policy::LeverKind::kCitySupply:
        case policy::LeverKind::kHealthPacks:
          a.amount = std::round(a.amount * scale);
          break;
        case policy::LeverKind::kOnlinePerDay:  // none (a set to -1) stays none
          if (a.op != engine::AdjustOp::kSet || a.amount >= 0)
            a.amount = std::round(a.amount * scale);
          break;
        default:
          break;
      }
    }
  }
}

}  // namespace surgesim::scenario
