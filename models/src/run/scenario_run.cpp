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
#include "kpis.hpp"
#include "surgesim/care/city_supply.hpp"
#include "surgesim/care/fever_clinic.hpp"
#include "surgesim/day_order.hpp"
#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/simulation.hpp"
#include "surgesim/scenario/levers.hpp"

namespace surgesim::run {

std::vector<bool> measured_metrics(const scenario::Scenario& s) {
  std::vector<bool> measured;
  for (const policy::MetricInfo& m : policy::metric_catalogue()) {
    using policy::Source;
    measured.push_back(m.source == Source::kCare       ? !s.clinics.empty()
                       : m.source == Source::kEpidemic ? s.epidemic.has_value()
                       : m.source == Source::kEms      ? s.ems.has_value()
                                                       : s.hospitals.has_value());
  }
  return measured;
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
    f.stream_key = engine::RngStreams(0, 0).seed_for(c.id);  // a portable hash of the id
    sites.push_back(f);
  }
  return sites;
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
        history_(board_.districts()),
        policies_(s_.policies, board_.districts(), s_.run.days,
                  [this](const policy::LeverTarget& t) { return scenario::schedule_of(s_, t); }) {
    policies_.apply_dated();  // before any model reads a lever
    for (std::size_t c = 0; c < s_.clinics.size(); ++c)
      district_of_.push_back(s_.clinic_district(c));
    measured_ = measured_metrics(s_);
    build();
  }

  ReplicationResult run() {
    ReplicationResult r;
    r.replication = rep_;
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
    history_.record(board_);
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
  policy::BoardHistory history_;  // every day's board, for the KPIs and board_timeseries.csv
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
  for (auto& c : clinics_) {
    c->finish();
    r.tablets_balance = r.tablets_balance && c->ledger_balances();
    r.clinic_days.push_back(c->days());
  }
  if (!clinics_.empty()) add_care_kpis(clinics_, totals_, history_, kpis);
  if (r.epidemic) add_epidemic_kpis(*r.epidemic, history_, kpis);
  if (ems_) {
    add_ems_kpis(*ems_, history_, kpis);
    r.ems_days = ems_->days();
    r.ems_calls_balance = ems_->calls_balance();
    r.vehicles_balance = ems_->vehicles_balance();
  }
  if (hospitals_) {
    add_hospital_kpis(*hospitals_, history_, kpis);
    r.hospital_days = hospitals_->days();
    r.patients_balance = hospitals_->patients_balance();
    r.beds_balance = hospitals_->beds_balance();
  }
  kpis.check();
  if (r.epidemic) r.deaths_balance = deaths_add_up(s_, r);
  r.policy_events = policies_.events();
  r.breaks = breaks_;
  r.board = std::move(history_);
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
  return run_replications(s, 0, s.run.replications, threads, progress);
}

std::vector<ReplicationResult> run_replications(
    const scenario::Scenario& s, std::size_t first, std::size_t count, int threads,
    const std::function<void(std::size_t, std::size_t)>& progress) {
  const std::size_t total = count * static_cast<std::size_t>(s.run.days);
  std::size_t days_done = 0;  // guarded by `report`
  std::mutex report;
  const std::function<void()> on_day = [&] {
    const std::lock_guard<std::mutex> lock(report);
    progress(++days_done, total);
  };
  return engine::replicate(
      {.replications = count, .first = first, .threads = threads}, [&](std::size_t rep) {
        return run_replication(s, rep, progress ? on_day : std::function<void()>{});
      });
}

}  // namespace surgesim::run
