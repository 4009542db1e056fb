#include "day_board.hpp"

#include <algorithm>

namespace surgesim::run {

namespace {
std::size_t m(const char* name) {
  const std::size_t i = policy::metric_index(name);
  if (i == policy::kNoMetric) throw std::logic_error(std::string("no metric ") + name);
  return i;
}
double f(std::uint64_t v) { return static_cast<double>(v); }
}  // namespace

void publish_clinics(policy::Board& b, int day,
                     const std::vector<std::unique_ptr<care::FeverClinic>>& clinics,
                     const std::vector<int>& district_of) {
  static const std::size_t arrivals = m("fever_arrivals"), visits = m("fever_visits"),
                           wait_mean = m("fever_wait_mean_min"), wait_p95 = m("fever_wait_p95_min"),
                           queue = m("fever_queue_peak"), unseen = m("fever_left_unseen"),
                           without = m("patients_without_drug"),
                           stockout = m("drug_stockout_facilities"),
                           stockout_share = m("drug_stockout_share");
  const std::size_t n = b.districts();
  std::vector<engine::QuantileSketch> waits(n);
  engine::QuantileSketch city_waits;
  std::vector<double> wait_sum(n, 0), wait_count(n, 0), working(n, 0);
  double city_working = 0;
  double city_sum = 0, city_count = 0;
  const auto both = [&](std::size_t metric, std::size_t d, double v) {
    b.set_city(metric, b.city(metric) + v);
    b.add_district(metric, d, v);
  };
  for (std::size_t c = 0; c < clinics.size(); ++c) {
    const care::ClinicDayStats& s = clinics[c]->days()[static_cast<std::size_t>(day)];
    const auto d = static_cast<std::size_t>(district_of[c]);
    both(arrivals, d, f(s.arrivals));
    both(visits, d, f(s.served));
    both(unseen, d, f(s.balked + s.reneged));
    both(without, d, f(s.without_drug));
    both(stockout, d, s.stockout ? 1.0 : 0.0);
    if (s.arrivals > 0 || s.served > 0) {
      working[d] += 1;
      city_working += 1;
    }
    b.set_city(queue, std::max(b.city(queue), static_cast<double>(s.queue_peak)));
    b.set_district(queue, d, std::max(b.district(queue, d), static_cast<double>(s.queue_peak)));
    wait_sum[d] += s.wait_sum_min;
    wait_count[d] += f(s.waits);
    city_sum += s.wait_sum_min;
    city_count += f(s.waits);
    waits[d].merge(clinics[c]->waits_today());
    city_waits.merge(clinics[c]->waits_today());
  }
  for (std::size_t d = 0; d < n; ++d) {
    b.set_district(stockout_share, d, working[d] > 0 ? b.district(stockout, d) / working[d] : 0.0);
    b.set_district(wait_mean, d, wait_count[d] > 0 ? wait_sum[d] / wait_count[d] : 0.0);
    b.set_district(wait_p95, d, waits[d].count() ? waits[d].quantile(0.95) : 0.0);
  }
  b.set_city(stockout_share, city_working > 0 ? b.city(stockout) / city_working : 0.0);
  b.set_city(wait_mean, city_count > 0 ? city_sum / city_count : 0.0);
  b.set_city(wait_p95, city_waits.count() ? city_waits.quantile(0.95) : 0.0);
}

void publish_epidemic(policy::Board& b, const std::vector<epi::DistrictDay>& districts,
                      double staff_absent_share) {
  static const std::size_t infections = m("new_infections"), infectious = m("infectious"),
                           onsets = m("symptomatic"), severe = m("severe"), calls = m("calls_120"),
                           visits = m("clinic_visits_sought"), online = m("online_consults"),
                           no_medicine = m("no_medicine"), quarantined = m("quarantined"),
                           absent = m("staff_absent_share"), deaths = m("deaths");
  const auto put = [&](std::size_t metric, std::size_t d, std::uint64_t v) {
    b.set_city(metric, b.city(metric) + f(v));
    b.set_district(metric, d, f(v));
  };
  for (std::size_t d = 0; d < districts.size() && d < b.districts(); ++d) {
    const epi::DistrictDay& x = districts[d];
    put(infections, d, x.new_infections);
    put(infectious, d, x.infectious);
    put(onsets, d, x.onsets);
    put(severe, d, x.severe);
    put(calls, d, x.calls_120);
    put(visits, d, x.clinic_visits);
    put(online, d, x.online_consults);
    put(no_medicine, d, x.no_medicine);
    put(quarantined, d, x.quarantined);
    b.set_city(deaths, b.city(deaths) + f(x.deaths));
  }
  b.set_city(absent, staff_absent_share);
}

void publish_ems(policy::Board& b, int day, const ems::EmsSystem& e) {
  static const std::size_t calls = m("ems_calls"), dispatches = m("ems_dispatches"),
                           response = m("ems_response_mean_min"),
                           abandoned = m("ems_calls_abandoned"), busy = m("ems_vehicles_busy_peak");
  const ems::EmsDayStats& s = e.days()[static_cast<std::size_t>(day)];
  b.set_city(calls, f(s.calls));
  b.set_city(dispatches, f(s.dispatches));
  b.set_city(response, s.responses ? s.response_sum_min / f(s.responses) : 0.0);
  b.set_city(abandoned, f(s.abandoned));
  b.set_city(busy, static_cast<double>(s.vehicles_busy_peak));
}

void publish_hospitals(policy::Board& b, int day, const hospital::HospitalSystem& h,
                       const hospital::HospitalParams& p) {
  using hospital::Pool;
  static const std::size_t denied = m("icu_denied"), boarding = m("boarding_patient_hours"),
                           deaths = m("deaths");
  const hospital::HospitalDay& s = h.days()[static_cast<std::size_t>(day)];
  const std::size_t n = std::min(p.districts.size(), b.districts());
  const auto beds = [&](Pool pool, std::size_t d) {
    return static_cast<double>(p.beds_of(d, static_cast<std::size_t>(pool), day));
  };
  const auto city_beds = [&](Pool pool) {
    double sum = 0;
    for (std::size_t d = 0; d < p.districts.size(); ++d) sum += beds(pool, d);
    return sum;
  };
  const auto peak = [&](Pool pool) {
    return static_cast<double>(s.occupancy_peak[static_cast<std::size_t>(pool)]);
  };
  const auto district_peak = [&](Pool pool, std::size_t d) {
    return static_cast<double>(h.district_peak(day, d, pool));
  };
  // A pool (or the wards, tiers 2 and 3 together): the day's peak and its share of the beds, for
  // the city and for each district's own hospitals.
  const auto pools = [&](const char* name, const char* share, std::initializer_list<Pool> ps) {
    const std::size_t used = m(name), part = m(share);
    double city_used = 0, city_capacity = 0;
    for (Pool pool : ps) {
      city_used += peak(pool);
      city_capacity += city_beds(pool);
    }
    b.set_city(used, city_used);
    b.set_city(part, city_capacity > 0 ? city_used / city_capacity : 0.0);
    for (std::size_t d = 0; d < n; ++d) {
      double u = 0, c = 0;
      for (Pool pool : ps) {
        u += district_peak(pool, d);
        c += beds(pool, d);
      }
      b.set_district(used, d, u);
      b.set_district(part, d, c > 0 ? u / c : 0.0);
    }
  };
  pools("ed_occupancy", "ed_occupancy_share", {Pool::kEd});
  pools("ward_occupancy", "ward_occupancy_share", {Pool::kTier2, Pool::kTier3Ward});
  pools("icu_occupancy", "icu_occupancy_share", {Pool::kIcu});
  pools("fangcang_occupancy", "fangcang_occupancy_share", {Pool::kFangcang});
  b.set_city(denied, f(s.icu_denied));
  for (std::size_t d = 0; d < n; ++d) b.set_district(denied, d, f(h.district_icu_denied(day, d)));
  b.set_city(boarding, s.boarding_patient_hours);
  b.set_city(deaths, b.city(deaths) + f(s.deaths));
}

}  // namespace surgesim::run
