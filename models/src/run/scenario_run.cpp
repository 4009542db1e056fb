#include "surgesim/run/scenario_run.hpp"

#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "day_board.hpp"
#include "surgesim/care/city_supply.hpp"
#include "surgesim/care/fever_clinic.hpp"
#include "surgesim/day_order.hpp"
#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/simulation.hpp"
#include "surgesim/scenario/levers.hpp"

namespace surgesim::run {

const std::vector<std::string>& care_kpi_names() {
  static const std::vector<std::string> names = {
      "fever_arrivals",       "fever_visits",           "fever_wait_mean_min",
      "fever_wait_p95_min",   "fever_left_unseen",      "fever_balked",
      "fever_reneged",        "fever_sent_home",        "fever_queue_peak",
      "fever_referred_up",    "drug_tablets_dispensed", "drug_stockout_facility_days",
      "patients_without_drug"};
  return names;
}

const std::vector<std::string>& epidemic_kpi_names() {
  static const std::vector<std::string> names = {"infections",
                                                 "attack_rate",
                                                 "peak_infection_day",
                                                 "symptomatic",
                                                 "severe",
                                                 "critical",
                                                 "deaths",
                                                 "staff_absent_peak_share",
                                                 "calls_120",
                                                 "clinic_visits_sought",
                                                 "phone_consults",
                                                 "self_care",
                                                 "mutual_aid",
                                                 "no_medicine",
                                                 "online_consults",
                                                 "health_packs",
                                                 "quarantined",
                                                 "deaths_at_home"};
  return names;
}

const std::vector<std::string>& ems_kpi_names() {
  static const std::vector<std::string> names = {"ems_calls",
                                                 "ems_calls_advice",
                                                 "ems_calls_diverted",
                                                 "ems_dispatches",
                                                 "ems_response_mean_min",
                                                 "ems_response_p90_min",
                                                 "ems_calls_abandoned",
                                                 "ems_handover_delay_mean_min",
                                                 "ems_vehicles_busy_peak"};
  return names;
}

const std::vector<std::string>& hospital_kpi_names() {
  static const std::vector<std::string> names = {
      "deaths_without_icu",  "icu_admissions",          "icu_peak_occupancy",
      "icu_denied",          "boarding_patient_hours",  "admissions_tier1",
      "admissions_tier2",    "admissions_tier3",        "ward_peak_occupancy",
      "fangcang_admissions", "fangcang_peak_occupancy", "fangcang_full",
      "direct_to_tier3",     "observation_full",        "ed_peak_occupancy",
      "ed_wait_hours",       "corridor_handovers",      "transfers_between_districts",
      "deaths_in_hospital"};
  return names;
}

std::vector<std::string> kpi_names(const scenario::Scenario& s) {
  std::vector<std::string> names;
  if (!s.clinics.empty()) names = care_kpi_names();
  if (s.epidemic)
    names.insert(names.end(), epidemic_kpi_names().begin(), epidemic_kpi_names().end());
  if (s.ems) names.insert(names.end(), ems_kpi_names().begin(), ems_kpi_names().end());
  if (s.hospitals)
    names.insert(names.end(), hospital_kpi_names().begin(), hospital_kpi_names().end());
  return names;
}

namespace {

std::vector<epi::FacilitySite> facility_sites(const scenario::Scenario& s) {
  std::vector<epi::FacilitySite> sites;
  for (const care::FeverClinicParams& c : s.clinics) {
    epi::FacilitySite f;
    f.district = static_cast<std::uint32_t>(s.epidemic->district_index(c.district));
    f.subdistrict = c.subdistrict;
    f.staff = c.doctors.max_written();
    f.hospital = c.kind == care::ClinicKind::kHospitalFeverClinic;
    sites.push_back(f);
  }
  return sites;
}

// The KPIs of one replication, set by name: a name that is not the scenario's KPI, or a KPI left
// unset, is a programming error caught at once (no list matched by position).
class KpiRecorder {
 public:
  KpiRecorder(const std::vector<std::string>& names, std::vector<double>& values)
      : names_(names), values_(values) {
    values_.assign(names_.size(), std::numeric_limits<double>::quiet_NaN());
  }
  void set(const char* name, double v) { values_[index(name)] = v; }
  void add(const char* name, double v) { values_[index(name)] += v; }
  /// Throws if a KPI of the scenario was never set.
  void check() const {
    for (std::size_t k = 0; k < names_.size(); ++k) {
      if (std::isnan(values_[k])) throw std::logic_error("KPI " + names_[k] + " was not set");
    }
  }

 private:
  std::size_t index(const char* name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) throw std::logic_error(std::string("no KPI ") + name + " here");
    return static_cast<std::size_t>(it - names_.begin());
  }
  const std::vector<std::string>& names_;
  std::vector<double>& values_;
};

double f64(std::uint64_t v) { return static_cast<double>(v); }

void add_care_kpis(std::vector<std::unique_ptr<care::FeverClinic>>& clinics,
                   const care::CareTotals& totals, ReplicationResult& r, KpiRecorder& k) {
  double arrivals = 0, visits = 0, balked = 0, reneged = 0, sent_home = 0, referred = 0;
  double dispensed = 0, stockout_days = 0, without = 0;
  for (auto& c : clinics) {
    c->finish();
    r.tablets_balance = r.tablets_balance && c->ledger_balances();
    for (const care::ClinicDayStats& d : c->days()) {
      arrivals += f64(d.arrivals);
      visits += f64(d.served);
      balked += f64(d.balked);
      reneged += f64(d.reneged);
      sent_home += f64(d.sent_home);
      referred += f64(d.referred_up);
      dispensed += static_cast<double>(d.tablets_dispensed);
      stockout_days += d.stockout ? 1 : 0;
      without += f64(d.without_drug);
    }
    r.clinic_days.push_back(c->days());
  }
  k.set("fever_arrivals", arrivals);
  k.set("fever_visits", visits);
  k.set("fever_wait_mean_min", totals.waits_min.count() ? totals.waits_min.mean() : 0.0);
  k.set("fever_wait_p95_min",
        totals.wait_quantiles_min.count() ? totals.wait_quantiles_min.quantile(0.95) : 0.0);
  k.set("fever_left_unseen", balked + reneged);
  k.set("fever_balked", balked);
  k.set("fever_reneged", reneged);
  k.set("fever_sent_home", sent_home);
  k.set("fever_queue_peak", static_cast<double>(totals.queue_peak));
  k.set("fever_referred_up", referred);
  k.set("drug_tablets_dispensed", dispensed);
  k.set("drug_stockout_facility_days", stockout_days);
  k.set("patients_without_drug", without);
}

void add_epidemic_kpis(const EpidemicOutcome& e, KpiRecorder& k) {
  epi::DistrictDay total;
  std::size_t peak_day = 0;
  std::uint64_t peak = 0;
  for (std::size_t d = 0; d < e.days.size(); ++d) {
    epi::DistrictDay day;
    for (const epi::DistrictDay& x : e.days[d]) day.add(x);
    if (day.new_infections > peak) {
      peak = day.new_infections;
      peak_day = d;
    }
    total.add(day);
  }
  double staff_peak = 0;
  for (double v : e.staff_absent_share) staff_peak = std::max(staff_peak, v);
  k.set("infections", f64(e.infections));
  k.set("attack_rate", f64(e.infections) / f64(e.population));
  k.set("peak_infection_day", static_cast<double>(peak_day));
  k.set("symptomatic", f64(total.onsets));
  k.set("severe", f64(total.severe));
  k.set("critical", f64(total.critical));
  k.set("deaths", f64(total.deaths));  // at home; the hospitals add theirs
  k.set("staff_absent_peak_share", staff_peak);
  k.set("calls_120", f64(total.calls_120));
  k.set("clinic_visits_sought", f64(total.clinic_visits));
  k.set("phone_consults", f64(total.phone_consults));
  k.set("self_care", f64(total.self_care));
  k.set("mutual_aid", f64(total.mutual_aid));
  k.set("no_medicine", f64(total.no_medicine));
  k.set("online_consults", f64(total.online_consults));
  k.set("health_packs", f64(total.health_packs));
  k.set("quarantined", f64(total.quarantined));
  k.set("deaths_at_home", f64(total.deaths));
}

void add_ems_kpis(const ems::EmsSystem& e, KpiRecorder& k) {
  ems::EmsDayStats t;
  for (const ems::EmsDayStats& d : e.days()) {
    t.calls += d.calls;
    t.advice += d.advice;
    t.diverted += d.diverted;
    t.dispatches += d.dispatches;
    t.abandoned += d.abandoned;
    t.vehicles_busy_peak = std::max(t.vehicles_busy_peak, d.vehicles_busy_peak);
  }
  const auto& r = e.responses_min();
  const auto& h = e.handover_delays_min();
  k.set("ems_calls", f64(t.calls));
  k.set("ems_calls_advice", f64(t.advice));
  k.set("ems_calls_diverted", f64(t.diverted));
  k.set("ems_dispatches", f64(t.dispatches));
  k.set("ems_response_mean_min", r.count() ? r.mean() : 0.0);
  k.set("ems_response_p90_min", r.count() ? e.response_quantiles_min().quantile(0.9) : 0.0);
  k.set("ems_calls_abandoned", f64(t.abandoned));
  k.set("ems_handover_delay_mean_min", h.count() ? h.mean() : 0.0);
  k.set("ems_vehicles_busy_peak", static_cast<double>(t.vehicles_busy_peak));
}

// The hospital KPIs; with hospitals, `deaths` is the deaths at home and in hospital (every severe
// course goes to hospital, which decides its end), so ICU access shows up in it.
void add_hospital_kpis(const hospital::HospitalSystem& h, KpiRecorder& k) {
  using hospital::Pool;
  hospital::HospitalDay t;
  int icu_peak = 0, ward_peak = 0, fangcang_peak = 0, ed_peak = 0;
  const auto peak_of = [](const hospital::HospitalDay& d, Pool p) {
    return d.occupancy_peak[static_cast<std::size_t>(p)];
  };
  for (const hospital::HospitalDay& d : h.days()) {
    t += d;
    icu_peak = std::max(icu_peak, peak_of(d, Pool::kIcu));
    fangcang_peak = std::max(fangcang_peak, peak_of(d, Pool::kFangcang));
    ed_peak = std::max(ed_peak, peak_of(d, Pool::kEd));
    ward_peak = std::max(ward_peak, peak_of(d, Pool::kTier2) + peak_of(d, Pool::kTier3Ward));
  }
  const auto at = [&](Pool p) { return f64(t.admissions[static_cast<std::size_t>(p)]); };
  k.set("deaths_without_icu", f64(t.deaths_without_icu));
  k.set("icu_admissions", f64(t.icu_admissions));
  k.set("icu_peak_occupancy", icu_peak);
  k.set("icu_denied", f64(t.icu_denied));
  k.set("boarding_patient_hours", t.boarding_patient_hours);
  k.set("admissions_tier1", at(Pool::kTier1));
  k.set("admissions_tier2", at(Pool::kTier2));
  k.set("admissions_tier3", at(Pool::kTier3Ward) + at(Pool::kIcu));
  k.set("ward_peak_occupancy", ward_peak);
  k.set("fangcang_admissions", at(Pool::kFangcang));
  k.set("fangcang_peak_occupancy", fangcang_peak);
  k.set("fangcang_full", f64(t.fangcang_full));
  k.set("direct_to_tier3", f64(t.direct_to_tier3));
  k.set("observation_full", f64(t.observation_full));
  k.set("ed_peak_occupancy", ed_peak);
  k.set("ed_wait_hours", t.ed_wait_hours);
  k.set("corridor_handovers", f64(t.corridor_handovers));
  k.set("transfers_between_districts", f64(t.transfers_between_districts));
  k.set("deaths_in_hospital", f64(t.deaths));
  k.add("deaths", f64(t.deaths));
}

// Deaths at home (the epidemic's days, its dead) and in hospital (the hospitals' days) add up to
// the deaths KPI, and each part to its own KPI.
bool deaths_add_up(const scenario::Scenario& s, const ReplicationResult& r) {
  std::uint64_t at_home = 0, in_hospital = 0;
  for (const auto& day : r.epidemic->days) {
    for (const epi::DistrictDay& x : day) at_home += x.deaths;
  }
  for (const hospital::HospitalDay& d : r.hospital_days) in_hospital += d.deaths;
  const std::vector<std::string> names = kpi_names(s);
  const auto kpi = [&](const char* name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1.0 : r.kpis[static_cast<std::size_t>(it - names.begin())];
  };
  const auto f = [](std::uint64_t v) { return static_cast<double>(v); };
  return at_home == r.epidemic->final_states[epi::kDead] && kpi("deaths_at_home") == f(at_home) &&
         kpi("deaths") == f(at_home + in_hospital) &&
         (!s.hospitals || kpi("deaths_in_hospital") == f(in_hospital));
}

ems::CallKind call_kind(epi::CallReason r) {
  switch (r) {
    case epi::CallReason::kMild:
      return ems::CallKind::kMild;
    case epi::CallReason::kModerate:
      return ems::CallKind::kModerate;
    case epi::CallReason::kSevere:
      return ems::CallKind::kSevere;
    case epi::CallReason::kCritical:
      return ems::CallKind::kCritical;
    case epi::CallReason::kIsolationNeed:
      return ems::CallKind::kIsolation;
  }
  return ems::CallKind::kBackground;
}

bool open_on(const care::FeverClinicParams& c, int day, int first_weekday) {
  return c.doctors.at(day) > 0 && !c.hours_on(day, first_weekday).closed();
}

// The models of one replication, on the replication's own copy of the scenario (whose levers its
// policies adjust), and the day loop that drives them.
class Replication {
 public:
  Replication(const scenario::Scenario& base, std::size_t rep, const std::function<void()>& on_day)
      : s_(base),
        rep_(rep),
        on_day_(on_day),
        streams_(s_.run.seed, rep),
        board_(s_.district_names().size()),
        policies_(s_.policies, board_.districts(), s_.run.days,
                  [this](const policy::LeverTarget& t) { return scenario::schedule_of(s_, t); }) {
    policies_.apply_dated();  // before any model reads a lever
    for (std::size_t c = 0; c < s_.clinics.size(); ++c)
      district_of_.push_back(s_.clinic_district(c));
    for (const policy::MetricInfo& m : policy::metric_catalogue()) {
      using policy::Source;
      measured_.push_back(m.source == Source::kCare       ? !s_.clinics.empty()
                          : m.source == Source::kEpidemic ? s_.epidemic.has_value()
                          : m.source == Source::kEms      ? s_.ems.has_value()
                                                          : s_.hospitals.has_value());
    }
    build();
  }

  ReplicationResult run() {
    ReplicationResult r;
    for (int d = 0; d < s_.run.days; ++d) {
      sim_.schedule_at((d + 1) * care::kMinutesPerDay, [this, d] { end_day(d); },
                       day_order::kDayEnd);
    }
    if (s_.epidemic) {
      r.epidemic = run_epidemic();
    } else {
      sim_.run_until(s_.run.days * care::kMinutesPerDay);
    }
    finish(r);
    return r;
  }

 private:
  void build() {
    clinics_.reserve(s_.clinics.size());
    for (const care::FeverClinicParams& p : s_.clinics) {
      clinics_.push_back(std::make_unique<care::FeverClinic>(
          sim_, p, s_.drugs, streams_, s_.run.days, s_.run.first_weekday, totals_));
    }
    for (auto& c : clinics_) c->start();
    if (!clinics_.empty()) {
      city_.emplace(sim_, s_.drugs, clinics_, s_.run.days);
      city_->start();
    }
    if (s_.ems) {
      ems_.emplace(sim_, *s_.ems, streams_, s_.run.days);
      ems_->start();
    }
    if (!s_.hospitals) return;
    hospitals_.emplace(sim_, *s_.hospitals, streams_, s_.run.days);
    if (!ems_) return;
    // Crews hand over at the hospitals' emergency departments (and wait there while they are
    // full of patients boarding); patients 120 did not carry come on their own later.
    hospital::HospitalSystem* h = &*hospitals_;
    ems_->use_emergency_departments(
        [h, this](std::uint32_t district, std::uint64_t token, std::function<void()> done) {
          if (token == ems::EmsSystem::kNoPatient) {
            h->ed_visit(district, std::move(done));
          } else {
            h->arrive(waiting_[token], std::move(done));
          }
        });
    ems_->on_delivery([h, this](std::uint64_t token, ems::Delivery d) {
      if (d == ems::Delivery::kHandedOver) return;  // already in the emergency department
      h->arrive_on_own(waiting_[token]);
    });
  }

  // The day has ended for every model: the board holds its measures (the epidemic's were
  // published as it handed the day over), then the policies act on them.
  void end_day(int d) {
    if (!clinics_.empty()) publish_clinics(board_, d, clinics_, district_of_);
    if (ems_) publish_ems(board_, d, *ems_);
    if (hospitals_) publish_hospitals(board_, d, *hospitals_, *s_.hospitals);
    policies_.end_of_day(d, board_);
    record_breaks(breaks_, d, board_, measured_);
    board_.clear();
    if (on_day_) on_day_();
  }

  EpidemicOutcome run_epidemic();
  void hand_over(epi::DayReport& day);
  void finish(ReplicationResult& r);

  scenario::Scenario s_;
  std::size_t rep_;
  const std::function<void()>& on_day_;
  engine::Simulation sim_;
  engine::RngStreams streams_;
  care::CareTotals totals_;
  std::vector<std::unique_ptr<care::FeverClinic>> clinics_;
  std::vector<int> district_of_;
  std::optional<care::CityDrugSupply> city_;
  std::optional<ems::EmsSystem> ems_;
  std::optional<hospital::HospitalSystem> hospitals_;
  std::vector<hospital::Patient> waiting_;  // severe patients in 120's hands, by token
  policy::Board board_;
  policy::PolicyRunner policies_;
  std::vector<bool> measured_;  // by metric: the scenario has the model that measures it
  Breaks breaks_;
};

// Hands the epidemic's day to the other models: visits to the clinics, isolation and observation
// to the hospitals, severe patients to the hospitals (through 120 when they called), calls to 120.
void Replication::hand_over(epi::DayReport& day) {
  for (const epi::CareVisit& v : day.visits) {
    care::FeverClinic* clinic = clinics_[v.facility].get();
    if (v.online) {
      const care::FeverPatient patient{v.key_group, v.needs_diagnostics, v.needs_drugs,
                                       day.online_tablets};
      sim_.schedule_at(v.minute, [clinic, patient] { clinic->consult_online(patient); });
      continue;
    }
    const care::FeverPatient patient{v.key_group, v.needs_diagnostics, v.needs_drugs};
    sim_.schedule_at(v.minute, [clinic, patient] { clinic->arrive(patient); });
  }
  hospital::HospitalSystem* hospitals = hospitals_ ? &*hospitals_ : nullptr;
  ems::EmsSystem* ems = ems_ ? &*ems_ : nullptr;
  if (hospitals) {
    for (const epi::IsolationStay& iso : day.isolations) {
      const std::uint32_t district = iso.district;
      const double days = iso.days;
      sim_.schedule_at(iso.minute,
                       [hospitals, district, days] { hospitals->isolate(district, days); });
    }
    for (const epi::ObservationStay& o : day.observations) {
      hospital::Patient patient;
      patient.district = o.district;
      patient.age = o.age;
      patient.ward_days = o.days;
      sim_.schedule_at(o.minute, [hospitals, patient] { hospitals->observe(patient); });
    }
  }
  // Severe patients reach a hospital: those who called 120 when the ambulance hands them over (or
  // on their own if 120 does not carry them), the others at once.
  std::unordered_map<std::uint32_t, std::uint64_t> carried;  // person -> token
  if (hospitals) {
    for (const epi::HospitalCase& c : day.cases) {
      hospital::Patient patient;
      patient.district = c.district;
      patient.age = c.age;
      patient.comorbid = c.comorbid;
      patient.ward_days = c.ward_days;
      patient.icu_days = c.icu_days;
      patient.critical_after_days = c.critical_after_days;
      patient.dies_on_ward = c.dies_on_ward;
      if (ems && c.by_120) {
        carried[c.person] = waiting_.size();
        waiting_.push_back(patient);
        continue;
      }
      sim_.schedule_at(c.minute, [hospitals, patient] { hospitals->arrive(patient); });
    }
  }
  if (!ems) return;
  for (const epi::Call120& call : day.calls) {
    // With hospitals, a course that turns critical does so in hospital: no call from home.
    if (hospitals && call.reason == epi::CallReason::kCritical) continue;
    const ems::CallKind kind = call_kind(call.reason);
    const std::uint32_t district = call.district;
    const auto it =
        call.reason == epi::CallReason::kSevere ? carried.find(call.person) : carried.end();
    const std::uint64_t token = it == carried.end() ? ems::EmsSystem::kNoPatient : it->second;
    sim_.schedule_at(call.minute,
                     [ems, kind, district, token] { ems->call(kind, district, token); });
  }
}

// Runs the epidemic a day at a time, feeding its visits and its staff absences to the clinics.
EpidemicOutcome Replication::run_epidemic() {
  const std::vector<epi::FacilitySite> sites = facility_sites(s_);
  epi::CityEpidemic epidemic(s_.epidemic->params, sites, s_.run.seed, rep_, s_.run.threads);
  EpidemicOutcome out;
  out.population = epidemic.population().size();
  out.transmission_rate = epidemic.transmission_rate();
  int staff_total = 0;
  for (const auto& f : sites) staff_total += f.staff;
  std::vector<std::uint8_t> open(clinics_.size());
  std::vector<int> sick(clinics_.size(), 0);
  // The clinics (and the rest of the event-driven models) of day d-1 run on their own thread
  // while the epidemic computes day d: the epidemic never reads their state, and each day's
  // visits and absences are handed over only once both are done, so the results are the same as
  // running them one after the other. Not when a triggered policy can change what the epidemic
  // reads (its controls, which clinics are open): day d-1's end could change day d.
  bool overlap = s_.run.threads != 1;
  for (const policy::PolicySpec& p : s_.policies)
    overlap = overlap && !p.triggered_on_epidemic_levers();
  auto run_clinics_until = [&](int day_end) { sim_.run_until(day_end * care::kMinutesPerDay); };
  for (int d = 0; d < s_.run.days; ++d) {
    std::future<void> clinics_done;
    if (d > 0 && overlap) clinics_done = std::async(std::launch::async, run_clinics_until, d);
    if (d > 0 && !overlap) run_clinics_until(d);
    for (std::size_t c = 0; c < clinics_.size(); ++c)
      open[c] = open_on(s_.clinics[c], d, s_.run.first_weekday) ? 1 : 0;
    epidemic.set_facility_open(open);
    epi::DayReport day = epidemic.step_day();
    if (clinics_done.valid()) clinics_done.get();
    hand_over(day);
    int absent_total = 0;
    for (std::size_t c = 0; c < clinics_.size(); ++c) {
      const int n = day.staff_absent_next_day[c];
      absent_total += n;
      // The clinic weighs them against the next day's roster as it starts (after any policy of
      // this day's end has changed it).
      if (n == sick[c] || d + 1 >= s_.run.days) continue;
      sick[c] = n;
      care::FeverClinic* clinic = clinics_[c].get();
      sim_.schedule_at((d + 1) * care::kMinutesPerDay, [clinic, n] { clinic->set_sick(n); },
                       day_order::kStaffing);
    }
    out.staff_absent_share.push_back(
        staff_total > 0 ? static_cast<double>(absent_total) / staff_total : 0.0);
    publish_epidemic(board_, day.districts, out.staff_absent_share.back());
    out.days.push_back(std::move(day.districts));
  }
  run_clinics_until(s_.run.days);
  out.final_states = epidemic.state_counts();
  std::uint64_t people = 0, by_days = 0;
  for (std::uint64_t n : out.final_states) people += n;
  for (const auto& day : out.days) {
    for (const auto& x : day) by_days += x.new_infections;
  }
  const auto by_grid = epidemic.infected_by_grid();
  out.infections = out.population - out.final_states[epi::kSusceptible];
  out.people_conserved =
      people == out.population && by_days == out.infections &&
      std::accumulate(by_grid.begin(), by_grid.end(), std::uint64_t{0}) == out.infections;
  const auto m = epidemic.medicine();
  out.medicine_balances = m.home_initial + m.packs_delivered == m.home_used + m.home_left &&
                          m.aid_initial == m.aid_given + m.aid_left;
  return out;
}

void Replication::finish(ReplicationResult& r) {
  const std::vector<std::string> names = kpi_names(s_);
  KpiRecorder kpis(names, r.kpis);
  if (!clinics_.empty()) add_care_kpis(clinics_, totals_, r, kpis);
  if (r.epidemic) add_epidemic_kpis(*r.epidemic, kpis);
  if (ems_) {
    add_ems_kpis(*ems_, kpis);
    r.ems_days = ems_->days();
    r.ems_calls_balance = ems_->calls_balance();
    r.vehicles_balance = ems_->vehicles_balance();
  }
  if (hospitals_) {
    add_hospital_kpis(*hospitals_, kpis);
    r.hospital_days = hospitals_->days();
    r.patients_balance = hospitals_->patients_balance();
    r.beds_balance = hospitals_->beds_balance();
  }
  kpis.check();
  if (r.epidemic) r.deaths_balance = deaths_add_up(s_, r);
  r.policy_events = policies_.events();
  r.breaks = breaks_;
  r.events = sim_.events_executed();
}

}  // namespace

ReplicationResult run_replication(const scenario::Scenario& s, std::size_t rep,
                                  const std::function<void()>& on_day) {
  return Replication(s, rep, on_day).run();
}

std::vector<ReplicationResult> run_replications(
    const scenario::Scenario& s, int threads,
    const std::function<void(std::size_t, std::size_t)>& progress) {
  const std::size_t total = s.run.replications * static_cast<std::size_t>(s.run.days);
  std::size_t days_done = 0;  // guarded by `report`
  std::mutex report;
  const std::function<void()> on_day = [&] {
    const std::lock_guard<std::mutex> lock(report);
    progress(++days_done, total);
  };
  return engine::replicate(
      {.replications = s.run.replications, .threads = threads}, [&](std::size_t rep) {
        return run_replication(s, rep, progress ? on_day : std::function<void()>{});
      });
}

}  // namespace surgesim::run
