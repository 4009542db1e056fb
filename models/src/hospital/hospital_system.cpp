#include "surgesim/hospital/hospital_system.hpp"

#include "surgesim/day_order.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace surgesim::hospital {

namespace eng = surgesim::engine;

namespace {
constexpr double kMinutesPerDay = 1440.0;
}

HospitalDay& HospitalDay::operator+=(const HospitalDay& o) noexcept {
  for (std::size_t k = 0; k < kPools; ++k) admissions[k] += o.admissions[k];
  boarding_patient_hours += o.boarding_patient_hours;
  ed_wait_hours += o.ed_wait_hours;
  corridor_handovers += o.corridor_handovers;
  turned_away += o.turned_away;
  icu_admissions += o.icu_admissions;
  icu_denied += o.icu_denied;
  deaths += o.deaths;
  deaths_without_icu += o.deaths_without_icu;
  discharges += o.discharges;
  transfers_up += o.transfers_up;
  transfers_between_districts += o.transfers_between_districts;
  transfers_down += o.transfers_down;
  fangcang_full += o.fangcang_full;
  direct_to_tier3 += o.direct_to_tier3;
  observation_full += o.observation_full;
  return *this;
}

struct HospitalSystem::Stay {
  Patient patient;
  std::uint32_t bed_district = 0;
  Pool pool = Pool::kTier2;
  eng::Ticket ticket;  // the bed held
  bool in_bed = false;
  eng::Ticket ed_ticket;  // the emergency-department place held (assessed, or boarding)
  bool in_ed = false;
  bool waiting_ed = false;  // in the corridor, for an ED place
  eng::Ticket ed_request;
  eng::SimTime ed_since = 0;
  std::shared_ptr<std::function<void()>> crew;  // the crew's release, until it goes
  eng::EventHandle assessment{};
  bool boarding = false;
  Pool board_pool = Pool::kTier2;
  eng::SimTime board_since = 0;
  eng::Ticket board_ticket;
  eng::EventHandle critical_event;
  bool critical = false;
};

HospitalSystem::HospitalSystem(eng::Simulation& sim, const HospitalParams& p,
                               const eng::RngStreams& streams, int days)
    : sim_(sim),
      p_(p),
      days_total_(days),
      outcome_rng_(streams.make("hospital/outcome")),
      ed_rng_(streams.make("hospital/ed")),
      transfer_rng_(streams.make("hospital/transfer")),
      days_(static_cast<std::size_t>(days)) {
  if (p.districts.empty()) throw std::invalid_argument("hospital: no districts");
  district_peaks_.assign(static_cast<std::size_t>(days) * p.districts.size() * kPools, 0);
  district_icu_denied_.assign(static_cast<std::size_t>(days) * p.districts.size(), 0);
  start_days();
  for (const Facility& f : p.facilities) {
    if (f.district >= p.districts.size())
      throw std::invalid_argument("hospital: facility '" + f.id + "' in no district");
  }
  for (std::size_t d = 0; d < p.districts.size(); ++d) {
    for (std::size_t k = 0; k < kPools; ++k) {
      const int n = p.beds_of(d, k);
      if (n < 0) throw std::invalid_argument("hospital: beds must be >= 0");
      const bool ward = k == static_cast<std::size_t>(Pool::kTier2);
      beds_.push_back(std::make_unique<eng::Resource>(
          sim,
          eng::ResourceOptions{
              .capacity = n,
              .queue_limit = ward && !p.boarding ? 0 : std::numeric_limits<std::size_t>::max()}));
    }
  }
}

void HospitalSystem::start_days() {
  // Beds are read each day, so a policy that adds (or removes) beds from a day on takes effect
  // then; a pool that shrinks below its patients keeps them until they leave.
  for (int d = 1; d < days_total_; ++d) {
    sim_.schedule_at(
        d * kMinutesPerDay,
        [this, d] {
          for (std::size_t r = 0; r < beds_.size(); ++r) {
            const int n = p_.beds_of(r / kPools, r % kPools, d);
            if (n == beds_[r]->capacity()) continue;
            if (n < beds_[r]->in_use()) over_capacity_ok_ = true;
            beds_[r]->set_capacity(n);
          }
        },
        day_order::kBeds);
  }
  // Each day's peak starts from the beds already in use at midnight.
  for (int d = 1; d < days_total_; ++d) {
    sim_.schedule_at(
        d * kMinutesPerDay,
        [this, d] {
          auto& peak = days_[static_cast<std::size_t>(d)].occupancy_peak;
          for (std::size_t k = 0; k < kPools; ++k) peak[k] = std::max(peak[k], occupied_[k]);
          for (std::uint32_t r = 0; r < p_.districts.size(); ++r) {
            for (std::size_t k = 0; k < kPools; ++k) {
              int& dp = district_peak_today(r, static_cast<Pool>(k));
              dp = std::max(dp, beds(r, static_cast<Pool>(k)).in_use());
            }
          }
        },
        day_order::kHospitalPeaks);
  }
}

int HospitalSystem::day_now() const {
  return std::min(static_cast<int>(sim_.now() / kMinutesPerDay), days_total_ - 1);
}

bool HospitalSystem::take_free(std::uint32_t district, std::initializer_list<Pool> pools,
                               Pool& pool_out, std::uint32_t& district_out, eng::Ticket& ticket,
                               bool pool_major) {
  const auto n = static_cast<std::uint32_t>(p_.districts.size());
  auto try_take = [&](std::uint32_t k, Pool pool) {
    const std::uint32_t d = k == 0 ? district : (k <= district ? k - 1 : k);  // own first
    eng::Resource& r = beds(d, pool);
    if (r.in_use() >= r.capacity() || r.queue_length() > 0) return false;
    ticket = r.request({}, [](const eng::Ticket&) {});
    pool_out = pool;
    district_out = d;
    return true;
  };
  if (pool_major) {
    for (Pool pool : pools) {
      for (std::uint32_t k = 0; k < n; ++k) {
        if (try_take(k, pool)) return true;
      }
    }
    return false;
  }
  for (std::uint32_t k = 0; k < n; ++k) {
    for (Pool pool : pools) {
      if (try_take(k, pool)) return true;
    }
  }
  return false;
}

bool HospitalSystem::direct_to_tier3(const Patient& patient) const noexcept {
  return patient.age < p_.tier3_direct_under_age ||
         (patient.comorbid && patient.age >= p_.tier3_direct_comorbid_from_age);
}

double HospitalSystem::stay_min(double days, Pool pool) const {
  return std::max(0.0, days) * p_.stay_factor[static_cast<std::size_t>(pool)] * kMinutesPerDay;
}

void HospitalSystem::count_in(std::uint32_t district, Pool pool) {
  const auto k = static_cast<std::size_t>(pool);
  ++occupied_[k];
  HospitalDay& day = today();
  ++day.admissions[k];
  day.occupancy_peak[k] = std::max(day.occupancy_peak[k], occupied_[k]);
  int& dp = district_peak_today(district, pool);
  dp = std::max(dp, beds(district, pool).in_use());
}

void HospitalSystem::leave_ed(Stay& s) {
  if (!s.in_ed) return;
  --occupied_[static_cast<std::size_t>(Pool::kEd)];
  s.in_ed = false;
  beds(s.patient.district, Pool::kEd).release(s.ed_ticket);
}

void HospitalSystem::enter_bed(Stay& s, std::uint32_t district, Pool pool, const eng::Ticket& t) {
  leave_ed(s);  // a bed frees the emergency-department place
  s.bed_district = district;
  s.pool = pool;
  s.ticket = t;
  s.in_bed = true;
  count_in(district, pool);
}

void HospitalSystem::leave_bed(Stay& s) {
  if (!s.in_bed) return;
  // Count the bed free before releasing it: the release may hand it to a waiting patient at once.
  --occupied_[static_cast<std::size_t>(s.pool)];
  s.in_bed = false;
  beds(s.bed_district, s.pool).release(s.ticket);
}

void HospitalSystem::finish(Stay& s, bool dies, bool without_icu) {
  leave_bed(s);
  leave_ed(s);
  sim_.cancel(s.critical_event);
  HospitalDay& day = today();
  if (dies) {
    ++day.deaths;
    if (without_icu) ++day.deaths_without_icu;
  } else {
    ++day.discharges;
  }
  ++ended_;
  --in_system_;
}

void HospitalSystem::arrive(const Patient& patient, std::function<void()> accepted) {
  if (patient.district >= p_.districts.size())
    throw std::invalid_argument("hospital: patient from no district");
  ++arrived_;
  ++in_system_;
  auto s = std::make_shared<Stay>();
  s->patient = patient;
  s->critical = patient.icu_days > 0;
  if (direct_to_tier3(patient)) ++today().direct_to_tier3;
  // The course goes on wherever the patient is: a patient who turns critical while waiting for
  // an ED place, or while being assessed, goes up to the ICU from there.
  if (s->critical && patient.critical_after_days > 0) {
    s->critical_event = sim_.schedule_in(patient.critical_after_days * kMinutesPerDay, [this, s] {
      if (s->in_bed) ++today().transfers_up;
      need_icu(s);
    });
  }
  if (beds(patient.district, Pool::kEd).capacity() == 0) {  // no emergency-department stage
    if (accepted) accepted();
    admit(s);
    return;
  }
  s->waiting_ed = true;
  s->ed_since = sim_.now();
  const eng::Ticket t = request_ed(
      patient.district, std::move(accepted), s->crew, [this, s](const eng::Ticket& place) {
        s->waiting_ed = false;
        s->ed_ticket = place;
        s->in_ed = true;
        s->assessment = sim_.schedule_in(std::max(0.0, p_.ed_assessment_min.sample(ed_rng_)),
                                         [this, s] { admit(s); });
      });
  if (s->waiting_ed) s->ed_request = t;
}

void HospitalSystem::arrive_on_own(const Patient& patient) {
  sim_.schedule_in(p_.self_arrival_hours * 60.0, [this, patient] { arrive(patient); });
}

namespace {
// Lets the crew go (once).
void release_crew(const std::shared_ptr<std::function<void()>>& crew) {
  if (crew && *crew) std::exchange(*crew, {})();
}
}  // namespace

eng::Ticket HospitalSystem::request_ed(std::uint32_t district, std::function<void()> accepted,
                                       std::shared_ptr<std::function<void()>>& crew,
                                       std::function<void(const eng::Ticket&)> on_place) {
  // The crew goes once a place takes the patient, or once it has waited crew_max_wait_min and
  // leaves the patient in the corridor to wait for a place.
  crew = std::make_shared<std::function<void()>>(std::move(accepted));
  eng::EventHandle timer{};
  const double max_wait = p_.crew_max_wait_min.at(day_now());
  const bool timed = *crew && std::isfinite(max_wait);
  if (timed) {
    timer = sim_.schedule_in(max_wait, [this, crew] {
      if (!*crew) return;
      ++today().corridor_handovers;
      release_crew(crew);
    });
  }
  const eng::SimTime t0 = sim_.now();
  return beds(district, Pool::kEd)
      .request({}, [this, district, crew, timer, timed, t0,
                    on_place = std::move(on_place)](const eng::Ticket& t) {
        today().ed_wait_hours += (sim_.now() - t0) / 60.0;
        if (timed) sim_.cancel(timer);
        count_in(district, Pool::kEd);
        release_crew(crew);
        on_place(t);
      });
}

void HospitalSystem::ed_visit(std::uint32_t district, std::function<void()> accepted) {
  if (district >= p_.districts.size()) throw std::invalid_argument("hospital: ED of no district");
  eng::Resource& ed = beds(district, Pool::kEd);
  if (ed.capacity() == 0) {
    if (accepted) accepted();
    return;
  }
  std::shared_ptr<std::function<void()>> crew;
  request_ed(district, std::move(accepted), crew, [this, district](const eng::Ticket& t) {
    ++ed_others_;
    sim_.schedule_in(std::max(0.0, p_.ed_other_stay_min.sample(ed_rng_)), [this, district, t] {
      --occupied_[static_cast<std::size_t>(Pool::kEd)];
      --ed_others_;
      beds(district, Pool::kEd).release(t);
    });
  });
}

// The decision after assessment: the ICU for a patient already critical, else a ward.
void HospitalSystem::admit(std::shared_ptr<Stay> s) {
  if (s->critical && s->patient.critical_after_days <= 0) {
    need_icu(s);
    return;
  }
  need_ward(s);
}

void HospitalSystem::isolate(std::uint32_t district, double days) {
  if (district >= p_.districts.size())
    throw std::invalid_argument("hospital: case from no district");
  Pool pool{};
  std::uint32_t d = 0;
  eng::Ticket t;
  if (!take_free(district, {Pool::kFangcang}, pool, d, t)) {
    ++today().fangcang_full;
    return;
  }
  count_in(d, Pool::kFangcang);
  sim_.schedule_in(std::max(0.0, days) * kMinutesPerDay, [this, d, t] {
    --occupied_[static_cast<std::size_t>(Pool::kFangcang)];
    beds(d, Pool::kFangcang).release(t);
  });
}

void HospitalSystem::observe(const Patient& patient) {
  if (patient.district >= p_.districts.size())
    throw std::invalid_argument("hospital: patient from no district");
  eng::Resource& tier1 = beds(patient.district, Pool::kTier1);
  if (tier1.in_use() >= tier1.capacity() || tier1.queue_length() > 0) {
    ++today().observation_full;
    return;
  }
  ++arrived_;
  ++in_system_;
  auto s = std::make_shared<Stay>();
  s->patient = patient;
  enter_bed(*s, patient.district, Pool::kTier1, tier1.request({}, [](const eng::Ticket&) {}));
  sim_.schedule_in(std::max(0.0, patient.ward_days) * kMinutesPerDay,
                   [this, s] { finish(*s, false, false); });
}

void HospitalSystem::need_ward(std::shared_ptr<Stay> s) {
  Pool pool{};
  std::uint32_t district = 0;
  eng::Ticket t;
  const bool direct = direct_to_tier3(s->patient);
  const bool found =
      direct ? take_free(s->patient.district, {Pool::kTier3Ward, Pool::kTier2}, pool, district, t,
                         true)
             : take_free(s->patient.district, {Pool::kTier2, Pool::kTier3Ward}, pool, district, t);
  if (found) {
    enter_bed(*s, district, pool, t);
    on_ward(s);
    return;
  }
  if (!p_.boarding) {  // a loss system: turned away
    leave_ed(*s);
    ++today().turned_away;
    sim_.cancel(s->critical_event);
    ++ended_;
    --in_system_;
    return;
  }
  // Boards in the emergency department until the district's ward of the tier it needs (tier 2,
  // or tier 3 when it goes there directly and the district has one) has a bed.
  const std::uint32_t d = s->patient.district;
  const Pool wait_for =
      direct && beds(d, Pool::kTier3Ward).capacity() > 0 ? Pool::kTier3Ward : Pool::kTier2;
  s->boarding = true;
  s->board_pool = wait_for;
  s->board_since = sim_.now();
  s->board_ticket = beds(d, wait_for).request({}, [this, s, d](const eng::Ticket& granted) {
    today().boarding_patient_hours += (sim_.now() - s->board_since) / 60.0;
    s->boarding = false;
    enter_bed(*s, d, s->board_pool, granted);
    on_ward(s);
  });
}

void HospitalSystem::on_ward(std::shared_ptr<Stay> s) {
  if (s->critical) return;  // it moves to the ICU when the critical event comes
  const double stay = stay_min(s->patient.ward_days, s->pool);
  // Only the stable step down: a fatal course stays on the ward to the end.
  if (p_.step_down_share > 0 && s->pool != Pool::kTier1 && !s->patient.dies_on_ward) {
    sim_.schedule_in((1 - p_.step_down_share) * stay, [this, s] {
      Pool pool{};
      std::uint32_t district = 0;
      eng::Ticket t;
      eng::Resource& tier1 = beds(s->patient.district, Pool::kTier1);
      if (tier1.in_use() >= tier1.capacity() || tier1.queue_length() > 0) return;
      if (!take_free(s->patient.district, {Pool::kTier1}, pool, district, t)) return;
      leave_bed(*s);
      enter_bed(*s, district, pool, t);
      ++today().transfers_down;
    });
  }
  sim_.schedule_in(stay, [this, s] { finish(*s, s->patient.dies_on_ward, false); });
}

void HospitalSystem::need_icu(std::shared_ptr<Stay> s) {
  if (s->waiting_ed) {  // worsened in the corridor: straight up, and the crew (if any) goes
    beds(s->patient.district, Pool::kEd).withdraw(s->ed_request);
    s->waiting_ed = false;
    today().ed_wait_hours += (sim_.now() - s->ed_since) / 60.0;
    release_crew(s->crew);
  }
  sim_.cancel(s->assessment);  // worsened while assessed: no ward decision any more
  if (s->boarding) {           // worsened while boarding: the ward bed is no longer what it needs
    beds(s->patient.district, s->board_pool).withdraw(s->board_ticket);
    today().boarding_patient_hours += (sim_.now() - s->board_since) / 60.0;
    s->boarding = false;
  }
  Pool pool{};
  std::uint32_t district = 0;
  eng::Ticket t;
  const std::uint32_t from = s->in_bed ? s->bed_district : s->patient.district;
  if (take_free(from, {Pool::kIcu}, pool, district, t)) {
    // An ICU bed in another district is reached by a transfer (120 or a transfer team), and the
    // time on the road counts as waiting for the ICU.
    double transfer = 0;
    if (district != from) {
      transfer = std::max(0.0, p_.transfer_min.sample(transfer_rng_));
      ++today().transfers_between_districts;
    }
    leave_bed(*s);
    enter_bed(*s, district, pool, t);
    in_icu(s, transfer);
    return;
  }
  // Waiting in the emergency department for the ICU counts as boarding.
  const eng::SimTime t0 = sim_.now();
  const std::uint32_t d = s->patient.district;
  auto board_end = [this, s, t0] {
    if (s->in_ed) today().boarding_patient_hours += (sim_.now() - t0) / 60.0;
  };
  beds(d, Pool::kIcu)
      .request(
          {.patience = p_.icu_patience_hours * 60.0},
          [this, s, d, t0, board_end](const eng::Ticket& granted) {
            board_end();
            leave_bed(*s);
            enter_bed(*s, d, Pool::kIcu, granted);
            in_icu(s, sim_.now() - t0);
          },
          [this, s, board_end] {  // denied: treated outside the ICU, at the no-ICU risk
            board_end();
            leave_ed(*s);
            ++today().icu_denied;
            ++district_icu_denied_[static_cast<std::size_t>(day_now()) * p_.districts.size() +
                                   s->patient.district];
            sim_.schedule_in(stay_min(s->patient.icu_days, Pool::kIcu), [this, s] {
              finish(*s, outcome_rng_.uniform01() < p_.p_death_no_icu, true);
            });
          });
}

void HospitalSystem::in_icu(std::shared_ptr<Stay> s, double waited_min) {
  ++today().icu_admissions;
  const double harm = std::min(1.0, waited_min / 60.0 / std::max(p_.full_harm_hours, 1e-9));
  const double p_death = p_.p_death_icu + (p_.p_death_no_icu - p_.p_death_icu) * harm;
  sim_.schedule_in(stay_min(s->patient.icu_days, Pool::kIcu), [this, s, p_death] {
    if (outcome_rng_.uniform01() < p_death) {
      finish(*s, true, false);
      return;
    }
    // Stable: down to a ward (tier 3, else 2, else 1) for the rest, or home if none is free.
    leave_bed(*s);
    Pool pool{};
    std::uint32_t district = 0;
    eng::Ticket t;
    if (!take_free(s->patient.district, {Pool::kTier3Ward, Pool::kTier2, Pool::kTier1}, pool,
                   district, t)) {
      finish(*s, false, false);
      return;
    }
    enter_bed(*s, district, pool, t);
    ++today().transfers_down;
    sim_.schedule_in(stay_min(s->patient.ward_days, pool), [this, s] { finish(*s, false, false); });
  });
}

bool HospitalSystem::patients_balance() const {
  std::uint64_t ended = 0;
  for (const HospitalDay& d : days_) ended += d.deaths + d.discharges + d.turned_away;
  int in_beds = -ed_others_ - occupied_[static_cast<std::size_t>(Pool::kFangcang)];
  for (int o : occupied_) in_beds += o;
  return arrived_ == ended_ + in_system_ && ended == ended_ &&
         static_cast<std::uint64_t>(in_beds) <= in_system_;
}

bool HospitalSystem::beds_balance() const {
  std::array<int, kPools> in_use{};
  for (std::size_t r = 0; r < beds_.size(); ++r) {
    const eng::Resource& pool = *beds_[r];
    if (pool.in_use() > pool.capacity() && !over_capacity_ok_) return false;
    in_use[r % kPools] += pool.in_use();
  }
  return in_use == occupied_;
}

}  // namespace surgesim::hospital
