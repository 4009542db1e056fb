#include "surgesim/care/fever_clinic.hpp"

#include "surgesim/day_order.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace surgesim::care {

namespace eng = surgesim::engine;

namespace {
std::string stream(const FeverClinicParams& p, const char* what) {
  return "clinic/" + p.id + "/" + what;
}
}  // namespace

FeverClinic::FeverClinic(eng::Simulation& sim, const FeverClinicParams& params,
                         const std::vector<DrugInfo>& drugs, const eng::RngStreams& streams,
                         int days, int first_weekday, CareTotals& totals)
    : sim_(sim),
      p_(params),
      drugs_(drugs),
      days_total_(days),
      first_weekday_(first_weekday),
      totals_(totals),
      doctors_(sim, {.capacity = 0, .queue_limit = params.queue_limit_on(0)}),
      delivered_(params.drugs.size(), 0),
      dispensed_(params.drugs.size(), 0),
      arrivals_(params.visits_per_day, params.hourly_weights, days * kMinutesPerDay),
      arrival_rng_(streams.make(stream(params, "arrivals"))),
      mix_rng_(streams.make(stream(params, "mix"))),
      service_rng_(streams.make(stream(params, "service"))),
      patience_rng_(streams.make(stream(params, "patience"))),
      days_(static_cast<std::size_t>(days)) {
  for (const DrugSupply& d : p_.drugs) {
    stock_.push_back(std::make_unique<eng::Container>(sim_, d.initial_tablets));
  }
  drug_patients_.assign(drugs_.size(),
                        std::vector<std::uint64_t>(static_cast<std::size_t>(days), 0));
}

void FeverClinic::set_absent(int doctors) {
  absent_ = std::max(0, doctors);
  update_capacity();
}

void FeverClinic::set_sick(int staff) {
  sick_ = std::max(0, staff);
  absent_ = absent_of_sick(day_now());
  update_capacity();
}

// Sick staff beyond the day's reserve (staff not on that day's roster) are missed on duty.
int FeverClinic::absent_of_sick(int day) const {
  const int reserve = std::max(0, p_.doctors.max_written() - p_.doctors.at(day));
  return std::max(0, sick_ - reserve);
}

std::optional<std::size_t> FeverClinic::slot_of(std::size_t drug) const {
  for (std::size_t k = 0; k < p_.drugs.size(); ++k) {
    if (p_.drugs[k].drug == drug) return k;
  }
  return std::nullopt;
}

bool FeverClinic::deliver(std::size_t drug, std::int64_t tablets) {
  const auto k = slot_of(drug);
  if (!k) return false;
  stock_[*k]->put(tablets);
  delivered_[*k] += tablets;
  return true;
}

std::uint64_t FeverClinic::drug_patients_on(int day, std::size_t drug) const {
  return drug_patients_[drug][static_cast<std::size_t>(day)];
}

int FeverClinic::day_now() const {
  const int d = static_cast<int>(sim_.now() / kMinutesPerDay);
  return std::min(d, days_total_ - 1);
}

void FeverClinic::start() {
  schedule_hours();
  for (int d = 0; d < days_total_; ++d) {
    sim_.schedule_at(
        d * kMinutesPerDay,
        [this, d] {
          if (sick_ >= 0) absent_ = absent_of_sick(d);  // today's roster, policies included
          days_[static_cast<std::size_t>(d)].doctors_on_duty =
              std::max(0, p_.doctors.at(d) - absent_);
          if (d > 0) {
            days_[static_cast<std::size_t>(d - 1)].tablets_on_hand = tablets_on_hand();
            days_[static_cast<std::size_t>(d - 1)].queue_end =
                static_cast<std::uint32_t>(doctors_.queue_length());
          }
          waits_today_ = eng::QuantileSketch{};
          doctors_.set_queue_limit(p_.queue_limit_on(d));
          update_capacity();
        },
        day_order::kClinicDayStart);
  }
  for (std::size_t k = 0; k < p_.drugs.size(); ++k) {
    const DrugSupply& d = p_.drugs[k];
    if (d.resupply_every_days <= 0) continue;
    for (double t = d.resupply_every_days * kMinutesPerDay; t < days_total_ * kMinutesPerDay;
         t += d.resupply_every_days * kMinutesPerDay) {
      sim_.schedule_at(
          t,
          [this, k] {
            const int day = day_now();
            const std::int64_t n = p_.drugs[k].resupply_tablets.at(day);
            if (n <= 0 || !p_.open.at(day)) return;  // a dormant clinic is not resupplied
            stock_[k]->put(n);
            delivered_[k] += n;
          },
          day_order::kClinicDayStart);
    }
  }
  schedule_next_arrival(0);
}

// The day's hours are decided as the day starts, from the clinic's `open` lever and its hours,
// so a policy that opens or closes it from a day on takes effect then. A clinic open until
// midnight and again from midnight never closes in between.
void FeverClinic::schedule_hours() {
  for (int d = 0; d < days_total_; ++d) {
    sim_.schedule_at(
        d * kMinutesPerDay, [this, d] { begin_hours(d); }, day_order::kClinicHours);
  }
}

DailyHours FeverClinic::hours_on(int day) const {
  if (day >= days_total_) return DailyHours{0, 0};
  return p_.hours_on(day, first_weekday_);
}

void FeverClinic::begin_hours(int day) {
  const DailyHours h = hours_on(day);
  const eng::SimTime midnight = day * kMinutesPerDay;
  if (open_ && (h.closed() || h.open_min > 0)) set_open(false);
  if (h.closed()) return;
  if (h.open_min == 0) {
    if (!open_) set_open(true);
  } else {
    sim_.schedule_at(
        midnight + h.open_min, [this] { set_open(true); }, day_order::kClinicHours);
  }
  if (h.close_min < 1440) {
    sim_.schedule_at(
        midnight + h.close_min, [this] { set_open(false); }, day_order::kClinicHours);
  }
}

void FeverClinic::set_open(bool open) {
  open_ = open;
  if (open) {  // those who came while it was closed (or were sent home) join the queue now
    std::vector<FeverPatient> back;
    back.swap(waiting_for_opening_);
    for (const FeverPatient& p : back) join_queue(p);
  }
  closing_ = !open && p_.serve_late && doctors_.queue_length() > 0;
  if (!open && !p_.serve_late) send_waiting_home();
  update_capacity();
}

void FeverClinic::update_capacity() {
  const int day = day_now();
  const int staff = std::min(p_.rooms.at(day), std::max(0, p_.doctors.at(day) - absent_));
  doctors_.set_capacity(open_ || closing_ ? staff : 0);
}

void FeverClinic::schedule_next_arrival(eng::SimTime after) {
  const eng::SimTime t = arrivals_.next(after, arrival_rng_);
  if (t == eng::kForever) return;
  sim_.schedule_at(t, [this] {
    FeverPatient patient;
    patient.key_group = p_.key_group_share > 0 && mix_rng_.bernoulli(p_.key_group_share);
    patient.needs_diagnostics =
        p_.needs_diagnostics_share > 0 && mix_rng_.bernoulli(p_.needs_diagnostics_share);
    for (std::size_t d = 0; d < drugs_.size(); ++d) {
      if (drugs_[d].need_share > 0 && mix_rng_.bernoulli(drugs_[d].need_share)) {
        patient.needs_drugs |= 1u << d;
      }
    }
    schedule_next_arrival(sim_.now());
    arrive(patient);
  });
}

void FeverClinic::arrive(const FeverPatient& patient) {
  ++today().arrivals;
  FeverPatient p = patient;
  p.service_min = p_.service_min.sample(service_rng_);
  if (p_.patience_min) p.patience_min = p_.patience_min->sample(patience_rng_);
  join_queue(p);
}

void FeverClinic::consult_online(const FeverPatient& patient) {
  ++today().online;
  dispense(patient);
}

void FeverClinic::join_queue(const FeverPatient& patient) {
  if (!open_) {  // closed: the patient comes back when it opens
    waiting_for_opening_.push_back(patient);
    return;
  }
  const eng::SimTime t0 = sim_.now();
  eng::RequestOptions o;
  o.priority = p_.priority_for_key_groups && patient.key_group ? 1 : 0;
  if (patient.patience_min >= 0) o.patience = patient.patience_min;
  // A stale entry in waiting_ (after reneging) is harmless: its ticket no longer withdraws.
  const eng::Ticket t = doctors_.request(
      o, [this, patient, t0](const eng::Ticket& g) { on_granted(patient, t0, g); },
      [this] { ++today().reneged; });
  if (t.outcome == eng::RequestOutcome::kBalked) {
    ++today().balked;
  } else if (t.outcome == eng::RequestOutcome::kQueued) {
    if (waiting_.size() <= t.slot) waiting_.resize(t.slot + 1);
    waiting_[t.slot] = Waiting{t, patient, true};
    const auto q = static_cast<std::uint32_t>(doctors_.queue_length());
    ClinicDayStats& s = today();
    s.queue_peak = std::max(s.queue_peak, q);
    totals_.queue_peak = std::max(totals_.queue_peak, q);
  }
}

void FeverClinic::on_granted(const FeverPatient& patient, eng::SimTime t0, const eng::Ticket& t) {
  if (t.slot < waiting_.size()) waiting_[t.slot].active = false;
  const double wait = sim_.now() - t0;
  ClinicDayStats& s = today();
  s.wait_sum_min += wait;
  ++s.waits;
  totals_.waits_min.add(wait);
  totals_.wait_quantiles_min.add(wait);
  waits_today_.add(wait);
  sim_.schedule_in(patient.service_min, [this, patient, t] { on_done(patient, t); });
}

void FeverClinic::on_done(const FeverPatient& patient, const eng::Ticket& ticket) {
  ClinicDayStats& s = today();
  ++s.served;
  if (patient.needs_diagnostics && !p_.can_diagnose()) ++s.referred_up;
  dispense(patient);
  doctors_.release(ticket);
  if (closing_ && doctors_.queue_length() == 0) {
    closing_ = false;
    update_capacity();
  }
}

void FeverClinic::dispense(const FeverPatient& patient) {
  if (patient.needs_drugs == 0) return;
  ClinicDayStats& s = today();
  const int day = day_now();
  bool without = false;
  for (std::size_t d = 0; d < drugs_.size(); ++d) {
    if (!(patient.needs_drugs & (1u << d))) continue;
    ++drug_patients_[d][static_cast<std::size_t>(day)];
    std::int64_t got = 0;
    int want = 0;
    if (const auto k = slot_of(d)) {
      want = p_.drugs[*k].tablets_per_visit.at(day);
      if (patient.tablets_limit >= 0 && patient.tablets_limit < want)
        want = static_cast<int>(patient.tablets_limit);
      got = stock_[*k]->take_up_to(want);
      dispensed_[*k] += got;
    }
    s.tablets_dispensed += got;
    if (want > 0 && got < want) s.stockout = true;  // want == 0: the clinic does not stock it
    if (got == 0) without = true;
  }
  if (without) ++s.without_drug;
}

void FeverClinic::send_waiting_home() {
  for (Waiting& w : waiting_) {
    if (!w.active) continue;
    w.active = false;
    if (!doctors_.withdraw(w.ticket)) continue;
    ++today().sent_home;
    waiting_for_opening_.push_back(w.patient);
  }
}

void FeverClinic::finish() {
  days_.back().tablets_on_hand = tablets_on_hand();
  days_.back().queue_end = static_cast<std::uint32_t>(doctors_.queue_length());
}

std::int64_t FeverClinic::tablets_on_hand() const {
  std::int64_t n = 0;
  for (const auto& c : stock_) n += c->level();
  return n;
}

std::int64_t FeverClinic::drug_on_hand(std::size_t drug) const {
  const auto k = slot_of(drug);
  return k ? stock_[*k]->level() : 0;
}

std::int64_t FeverClinic::drug_dispensed(std::size_t drug) const {
  const auto k = slot_of(drug);
  return k ? dispensed_[*k] : 0;
}

bool FeverClinic::ledger_balances() const {
  for (std::size_t k = 0; k < stock_.size(); ++k) {
    if (p_.drugs[k].initial_tablets + delivered_[k] != dispensed_[k] + stock_[k]->level()) {
      return false;
    }
    if (!stock_[k]->balance_ok()) return false;
  }
  return true;
}

}  // namespace surgesim::care
