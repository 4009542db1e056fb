// The KPIs: their names by model, and how each is measured.
#include "kpis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

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

KpiRecorder::KpiRecorder(const std::vector<std::string>& names, std::vector<double>& values)
    : names_(names), values_(values) {
  values_.assign(names_.size(), std::numeric_limits<double>::quiet_NaN());
}

void KpiRecorder::set(const char* name, double v) { values_[index(name)] = v; }

void KpiRecorder::check() const {
  for (std::size_t k = 0; k < names_.size(); ++k) {
    if (std::isnan(values_[k])) throw std::logic_error("KPI " + names_[k] + " was not set");
  }
}

std::size_t KpiRecorder::index(const char* name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) throw std::logic_error(std::string("no KPI ") + name + " here");
  return static_cast<std::size_t>(it - names_.begin());
}

namespace {
double f64(std::uint64_t v) { return static_cast<double>(v); }
}  // namespace

void add_care_kpis(const std::vector<std::unique_ptr<care::FeverClinic>>& clinics,
                   const care::CareTotals& totals, const policy::BoardHistory& b, KpiRecorder& k) {
  double balked = 0, reneged = 0, sent_home = 0, referred = 0, dispensed = 0, stockout_days = 0;
  for (const auto& c : clinics) {
    for (const care::ClinicDayStats& d : c->days()) {
      balked += f64(d.balked);
      reneged += f64(d.reneged);
      sent_home += f64(d.sent_home);
      referred += f64(d.referred_up);
      dispensed += static_cast<double>(d.tablets_dispensed);
      stockout_days += d.stockout ? 1 : 0;
    }
  }
  k.set_total("fever_arrivals", b);
  k.set_total("fever_visits", b);
  k.set("fever_wait_mean_min", totals.waits_min.count() ? totals.waits_min.mean() : 0.0);
  k.set("fever_wait_p95_min",
        totals.wait_quantiles_min.count() ? totals.wait_quantiles_min.quantile(0.95) : 0.0);
  k.set_total("fever_left_unseen", b);
  k.set("fever_balked", balked);
  k.set("fever_reneged", reneged);
  k.set("fever_sent_home", sent_home);
  k.set_peak("fever_queue_peak", b);
  k.set("fever_referred_up", referred);
  k.set("drug_tablets_dispensed", dispensed);
  k.set("drug_stockout_facility_days", stockout_days);
  k.set_total("patients_without_drug", b);
}

void add_epidemic_kpis(const EpidemicOutcome& e, const policy::BoardHistory& b, KpiRecorder& k) {
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
  k.set_total("symptomatic", b);
  k.set_total("severe", b);
  k.set("critical", f64(total.critical));
  k.set_total("deaths", b);  // at home and, with hospitals, in them
  k.set("staff_absent_peak_share", staff_peak);
  k.set_total("calls_120", b);
  k.set_total("clinic_visits_sought", b);
  k.set("phone_consults", f64(total.phone_consults));
  k.set("self_care", f64(total.self_care));
  k.set("mutual_aid", f64(total.mutual_aid));
  k.set_total("no_medicine", b);
  k.set_total("online_consults", b);
  k.set("health_packs", f64(total.health_packs));
  k.set_total("quarantined", b);
  k.set("deaths_at_home", f64(total.deaths));
}

void add_ems_kpis(const ems::EmsSystem& e, const policy::BoardHistory& b, KpiRecorder& k) {
  ems::EmsDayStats t;
  for (const ems::EmsDayStats& d : e.days()) {
    t.advice += d.advice;
    t.diverted += d.diverted;
  }
  const auto& r = e.responses_min();
  const auto& h = e.handover_delays_min();
  k.set_total("ems_calls", b);
  k.set("ems_calls_advice", f64(t.advice));
  k.set("ems_calls_diverted", f64(t.diverted));
  k.set_total("ems_dispatches", b);
  k.set("ems_response_mean_min", r.count() ? r.mean() : 0.0);
  k.set("ems_response_p90_min", r.count() ? e.response_quantiles_min().quantile(0.9) : 0.0);
  k.set_total("ems_calls_abandoned", b);
  k.set("ems_handover_delay_mean_min", h.count() ? h.mean() : 0.0);
  k.set_peak("ems_vehicles_busy_peak", b);
}

void add_hospital_kpis(const hospital::HospitalSystem& h, const policy::BoardHistory& b,
                       KpiRecorder& k) {
  using hospital::Pool;
  hospital::HospitalDay t;
  for (const hospital::HospitalDay& d : h.days()) t += d;
  const auto at = [&](Pool p) { return f64(t.admissions[static_cast<std::size_t>(p)]); };
  k.set("deaths_without_icu", f64(t.deaths_without_icu));
  k.set("icu_admissions", f64(t.icu_admissions));
  k.set("icu_peak_occupancy", b.city_max("icu_occupancy"));
  k.set_total("icu_denied", b);
  k.set_total("boarding_patient_hours", b);
  k.set("admissions_tier1", at(Pool::kTier1));
  k.set("admissions_tier2", at(Pool::kTier2));
  k.set("admissions_tier3", at(Pool::kTier3Ward) + at(Pool::kIcu));
  k.set("ward_peak_occupancy", b.city_max("ward_occupancy"));
  k.set("fangcang_admissions", at(Pool::kFangcang));
  k.set("fangcang_peak_occupancy", b.city_max("fangcang_occupancy"));
  k.set("fangcang_full", f64(t.fangcang_full));
  k.set("direct_to_tier3", f64(t.direct_to_tier3));
  k.set("observation_full", f64(t.observation_full));
  k.set("ed_peak_occupancy", b.city_max("ed_occupancy"));
  k.set("ed_wait_hours", t.ed_wait_hours);
  k.set("corridor_handovers", f64(t.corridor_handovers));
  k.set("transfers_between_districts", f64(t.transfers_between_districts));
  k.set("deaths_in_hospital", f64(t.deaths));
}

}  // namespace surgesim::run
