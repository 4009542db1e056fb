#include "surgesim/ems/ems_system.hpp"

#include "surgesim/day_order.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace surgesim::ems {

namespace eng = surgesim::engine;

namespace {
constexpr double kMinutesPerDay = 1440.0;

std::array<double, 24> flat_if_zero(const std::array<double, 24>& w) {
  double total = 0;
  for (double x : w) total += x;
  if (total > 0) return w;
  std::array<double, 24> flat{};
  flat.fill(1.0);
  return flat;
}
}  // namespace

EmsSystem::EmsSystem(eng::Simulation& sim, const EmsParams& p, const eng::RngStreams& streams,
                     int days)
    : sim_(sim),
      p_(p),
      days_total_(days),
      seats_(sim, {.capacity = p.seats.at(0)}),
      background_(p.background_calls_per_day, flat_if_zero(p.background_hourly),
                  days * kMinutesPerDay),
      background_rng_(streams.make("ems/background")),
      triage_rng_(streams.make("ems/triage")),
      handling_rng_(streams.make("ems/handling")),
      scene_rng_(streams.make("ems/scene")),
      patience_rng_(streams.make("ems/patience")),
      ed_rng_(streams.make("ems/ed")),
      days_(static_cast<std::size_t>(days)) {
  const std::size_t nd = p.districts.size();
  if (nd == 0) throw std::invalid_argument("ems: no districts");
  if (p.x_km.size() != nd || p.y_km.size() != nd)
    throw std::invalid_argument("ems: each district needs x_km and y_km");
  if (!(p.speed_kmh > 0)) throw std::invalid_argument("ems: speed must be > 0");
  for (std::size_t d = 0; d < nd; ++d) {
    const int trolleys = p.ed_trolleys.empty() ? 1 << 30 : p.ed_trolleys.at(d);
    eds_.push_back(
        std::make_unique<eng::Resource>(sim, eng::ResourceOptions{.capacity = trolleys}));
  }
  idle_.resize(nd);
  stations_in_.assign(nd, 0);
  for (std::uint32_t s = 0; s < p.stations.size(); ++s) {
    const Station& st = p.stations[s];
    if (st.district >= nd) throw std::invalid_argument("ems: station " + st.id + ": no district");
    station_rank_.push_back(stations_in_[st.district]++);
  }
  if (!p.vehicles.empty() && p.vehicles.size() != nd)
    throw std::invalid_argument("ems: vehicles are given for each district or none");
  for (std::uint32_t s = 0; s < p.stations.size(); ++s) {
    const Station& st = p.stations[s];
    const int n = station_vehicles(s, 0);
    for (int k = 0; k < n; ++k) {
      idle_[st.district].push_back(static_cast<std::uint32_t>(vehicles_.size()));
      vehicles_.push_back({s, st.district, true, false});
    }
    created_.push_back(n);
  }
  // Districts by straight-line distance from each district (ties by index).
  by_distance_.resize(nd);
  for (std::size_t a = 0; a < nd; ++a) {
    std::vector<std::uint32_t>& order = by_distance_[a];
    order.resize(nd);
    std::iota(order.begin(), order.end(), 0u);
    auto dist = [&](std::uint32_t b) {
      return std::hypot(p.x_km[a] - p.x_km[b], p.y_km[a] - p.y_km[b]);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return dist(x) < dist(y); });
  }
}

int EmsSystem::day_now() const {
  return std::min(static_cast<int>(sim_.now() / kMinutesPerDay), days_total_ - 1);
}

double EmsSystem::travel_min(std::uint32_t from, std::uint32_t to) const {
  const double km = from == to ? p_.within_district_km
                               : p_.detour_factor * std::hypot(p_.x_km[from] - p_.x_km[to],
                                                               p_.y_km[from] - p_.y_km[to]);
  const auto hour = static_cast<std::size_t>(std::fmod(sim_.now(), kMinutesPerDay) / 60.0) % 24;
  const double c = p_.congestion[hour] > 0 ? p_.congestion[hour] : 1.0;
  return km / p_.speed_kmh * 60.0 * c;
}

int EmsSystem::station_vehicles(std::uint32_t station, int day) const {
  const Station& st = p_.stations[station];
  if (p_.vehicles.empty()) return st.vehicles;
  const int n = p_.vehicles[st.district].at(day);
  const int k = stations_in_[st.district];
  return n / k + (station_rank_[station] < n % k ? 1 : 0);
}

void EmsSystem::start() {
  schedule_background(0);
  for (double s : p_.crewed_share) crews_vary_ = crews_vary_ || s > 0;
  // Crews change by the hour when their share does; the fleet itself by the day (policies).
  for (int h = crews_vary_ ? 0 : 24; h < days_total_ * 24; h += crews_vary_ ? 1 : 24) {
    sim_.schedule_at(
        h * 60.0, [this, h] { set_crews(h); }, day_order::kCrews);
  }
  // Seats are read each day, so a policy that changes them from a day on takes effect then.
  for (int d = 1; d < days_total_; ++d) {
    sim_.schedule_at(
        d * kMinutesPerDay,
        [this, d] {
          const int n = p_.seats.at(d);
          if (n != seats_.capacity()) seats_.set_capacity(n);
        },
        day_order::kCrews);
  }
}

void EmsSystem::schedule_background(eng::SimTime after) {
  const eng::SimTime t = background_.next(after, background_rng_);
  if (t == eng::kForever) return;
  sim_.schedule_at(t, [this] {
    std::uint32_t d = 0;
    const auto& w = p_.background_district_weight;
    if (w.empty()) {
      d = static_cast<std::uint32_t>(background_rng_.uniform_index(p_.districts.size()));
    } else {
      const double total = std::accumulate(w.begin(), w.end(), 0.0);
      double u = background_rng_.uniform01() * total;
      while (d + 1 < w.size() && u >= w[d]) u -= w[d++];
    }
    call(CallKind::kBackground, d);
    schedule_background(sim_.now());
  });
}

void EmsSystem::call(CallKind kind, std::uint32_t district, std::uint64_t patient) {
  if (district >= p_.districts.size()) throw std::invalid_argument("ems: call from no district");
  ++calls_;
  ++in_handling_;
  ++today().calls;
  const eng::SimTime t0 = sim_.now();
  seats_.request({}, [this, kind, district, t0, patient](const eng::Ticket& seat) {
    sim_.schedule_in(std::max(0.0, p_.handling_min.sample(handling_rng_)),
                     [this, kind, district, t0, seat, patient] {
                       seats_.release(seat);
                       --in_handling_;
                       answered(kind, district, t0, patient);
                     });
  });
}

void EmsSystem::answered(CallKind kind, std::uint32_t district, eng::SimTime called_at,
                         std::uint64_t patient) {
  const auto& t = p_.triage[static_cast<std::size_t>(kind)];
  const double u = triage_rng_.uniform01();
  if (u >= t[0] + t[1]) {  // advice only
    ++today().advice;
    ++ended_;
    deliver(patient, Delivery::kNotCarried);
    return;
  }
  const Urgency urgency = u < t[0] ? Urgency::kUrgent : Urgency::kNonUrgent;
  if (urgency == Urgency::kNonUrgent) {
    const double share = p_.diversion.at(day_now());
    if (share > 0 && triage_rng_.uniform01() < share) {
      ++today().diverted;
      ++ended_;
      deliver(patient, Delivery::kNotCarried);
      return;
    }
  }
  need_vehicle(urgency, district, called_at, patient);
}

std::int64_t EmsSystem::nearest_idle(std::uint32_t district) const {
  for (std::uint32_t d : by_distance_[district]) {
    if (!idle_[d].empty()) return idle_[d].back();
  }
  return -1;
}

void EmsSystem::need_vehicle(Urgency u, std::uint32_t district, eng::SimTime called_at,
                             std::uint64_t patient) {
  const std::int64_t v = nearest_idle(district);
  if (v >= 0) {
    idle_[vehicles_[static_cast<std::size_t>(v)].district].pop_back();
    dispatch(static_cast<std::uint32_t>(v), u, district, called_at, sim_.now(), patient,
             vehicles_[static_cast<std::size_t>(v)].district);
    return;
  }
  const std::pair<int, std::uint64_t> key{static_cast<int>(u), order_++};
  Pending& call = pending_[key];
  call = {u, district, called_at, sim_.now(), {}, patient};
  const auto& patience = p_.patience_min[static_cast<std::size_t>(u)];
  if (patience) {
    call.patience = sim_.schedule_in(std::max(0.0, patience->sample(patience_rng_)), [this, key] {
      const std::uint64_t who = pending_.at(key).patient;
      pending_.erase(key);
      ++today().abandoned;
      ++ended_;
      deliver(who, Delivery::kNotCarried);
    });
  }
}

void EmsSystem::dispatch(std::uint32_t v, Urgency u, std::uint32_t district, eng::SimTime called_at,
                         eng::SimTime answered_at, std::uint64_t patient, std::uint32_t from) {
  Vehicle& veh = vehicles_[v];
  if (!veh.busy) {
    veh.busy = true;
    ++busy_;
  }
  ++ended_;
  EmsDayStats& day = today();
  ++day.dispatches;
  day.vehicles_busy_peak = std::max(day.vehicles_busy_peak, busy_);
  dispatch_waits_.add(sim_.now() - answered_at);
  sim_.schedule_in(travel_min(from, district), [this, v, u, district, called_at, patient] {
    const double response = sim_.now() - called_at;
    responses_.add(response);
    response_q_.add(response);
    EmsDayStats& d = today();
    ++d.responses;
    d.response_sum_min += response;
    sim_.schedule_in(
        std::max(0.0, p_.scene_min.sample(scene_rng_)), [this, v, u, district, patient] {
          if (scene_rng_.uniform01() >= p_.transport_share[static_cast<std::size_t>(u)]) {
            deliver(patient, Delivery::kNotCarried);
            job_done(v, district);
            return;
          }
          // To the district's emergency department; the crew waits with the patient for a place.
          sim_.schedule_in(travel_min(district, district), [this, v, district, patient] {
            const eng::SimTime arrived = sim_.now();
            auto accepted = [this, v, district, arrived, patient] {
              const double held = sim_.now() - arrived;
              handover_delays_.add(held);
              EmsDayStats& d = today();
              ++d.handovers;
              d.handover_delay_sum_min += held;
              sim_.schedule_in(std::max(0.0, p_.handover_min.sample(ed_rng_)),
                               [this, v, district, patient] {
                                 deliver(patient, Delivery::kHandedOver);
                                 job_done(v, district);
                               });
            };
            if (ed_arrival_) {
              ed_arrival_(district, patient, accepted);
              return;
            }
            eds_[district]->request({}, [this, district, accepted](const eng::Ticket& trolley) {
              sim_.schedule_in(std::max(0.0, p_.ed_stay_min.sample(ed_rng_)),
                               [this, district, trolley] { eds_[district]->release(trolley); });
              accepted();
            });
          });
        });
  });
}

void EmsSystem::job_done(std::uint32_t v, std::uint32_t at) {
  const Vehicle& veh = vehicles_[v];
  if (p_.retask && veh.on_duty && !pending_.empty()) {
    const auto it = pending_.begin();  // most urgent, then longest waiting
    const Pending call = it->second;
    pending_.erase(it);
    sim_.cancel(call.patience);
    dispatch(v, call.urgency, call.district, call.called_at, call.answered_at, call.patient, at);
    return;
  }
  sim_.schedule_in(travel_min(at, veh.district), [this, v] { back_at_station(v); });
}

void EmsSystem::back_at_station(std::uint32_t v) {
  vehicles_[v].busy = false;
  --busy_;
  vehicle_free(v);
}

void EmsSystem::vehicle_free(std::uint32_t v) {
  Vehicle& veh = vehicles_[v];
  if (!veh.on_duty) return;  // the crew's shift is over; it waits at the station
  if (pending_.empty()) {
    idle_[veh.district].push_back(v);
    return;
  }
  const auto it = pending_.begin();  // most urgent, then longest waiting
  const Pending call = it->second;
  pending_.erase(it);
  sim_.cancel(call.patience);
  dispatch(v, call.urgency, call.district, call.called_at, call.answered_at, call.patient,
           veh.district);
}

void EmsSystem::set_crews(int hour) {
  const int day = std::min(hour / 24, days_total_ - 1);
  for (std::uint32_t s = 0; s < p_.stations.size(); ++s) {
    for (const int n = station_vehicles(s, day); created_[s] < n; ++created_[s])
      vehicles_.push_back({s, p_.stations[s].district, false, false});  // crewed below
  }
  const double share = crews_vary_ ? p_.crewed_share[static_cast<std::size_t>(hour % 24)] : 1.0;
  std::vector<int> seen(p_.stations.size(), 0);
  for (std::uint32_t v = 0; v < vehicles_.size(); ++v) {
    Vehicle& veh = vehicles_[v];
    const int crewed = static_cast<int>(std::lround(share * station_vehicles(veh.station, day)));
    const bool on = seen[veh.station]++ < crewed;
    if (on == veh.on_duty) continue;
    veh.on_duty = on;
    if (veh.busy) continue;  // takes effect when it is back
    if (on) {
      vehicle_free(v);
    } else {
      auto& idle = idle_[veh.district];
      idle.erase(std::find(idle.begin(), idle.end(), v));
    }
  }
}

bool EmsSystem::calls_balance() const {
  std::uint64_t advice = 0, diverted = 0, dispatched = 0, abandoned = 0, calls = 0;
  for (const EmsDayStats& d : days_) {
    calls += d.calls;
    advice += d.advice;
    diverted += d.diverted;
    dispatched += d.dispatches;
    abandoned += d.abandoned;
  }
  return calls == calls_ && calls_ == ended_ + in_handling_ + pending_.size() &&
         ended_ == advice + diverted + dispatched + abandoned;
}

bool EmsSystem::vehicles_balance() const {
  std::vector<int> listed(vehicles_.size(), 0);
  for (const auto& station_idle : idle_) {
    for (std::uint32_t v : station_idle) ++listed[v];
  }
  int busy = 0;
  for (std::size_t v = 0; v < vehicles_.size(); ++v) {
    const Vehicle& veh = vehicles_[v];
    busy += veh.busy ? 1 : 0;
    if (listed[v] != (!veh.busy && veh.on_duty ? 1 : 0)) return false;
  }
  return busy == busy_;
}

}  // namespace surgesim::ems
