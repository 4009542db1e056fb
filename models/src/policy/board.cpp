#include "surgesim/policy/board.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace surgesim::policy {

const std::vector<MetricInfo>& metric_catalogue() {
  using S = Source;
  static const std::vector<MetricInfo> m = {
      {"fever_arrivals", S::kCare, true, "patients arriving at fever clinics"},
      {"fever_visits", S::kCare, true, "consultations completed"},
      {"fever_wait_mean_min", S::kCare, true, "mean wait of consultations begun that day"},
      {"fever_wait_p95_min", S::kCare, true, "95th percentile of those waits"},
      {"fever_queue_peak", S::kCare, true, "longest queue at any one clinic"},
      {"fever_left_unseen", S::kCare, true, "patients who balked or reneged"},
      {"patients_without_drug", S::kCare, true, "patients who needed a drug and got none"},
      {"drug_stockout_facilities", S::kCare, true, "clinics short of a drug that day"},
      {"drug_stockout_share", S::kCare, true, "those clinics over the clinics that saw patients"},
      {"new_infections", S::kEpidemic, true, "people infected that day"},
      {"infectious", S::kEpidemic, true, "people infectious at the end of the day"},
      {"symptomatic", S::kEpidemic, true, "symptom onsets"},
      {"severe", S::kEpidemic, true, "courses turning severe"},
      {"calls_120", S::kEpidemic, true, "120 calls placed by the epidemic's people"},
      {"clinic_visits_sought", S::kEpidemic, true, "fever-clinic visits people set out on"},
      {"online_consults", S::kEpidemic, true, "of those, consulted online instead"},
      {"no_medicine", S::kEpidemic, true, "ill at home with no medicine at hand"},
      {"quarantined", S::kEpidemic, true, "close contacts entering quarantine"},
      {"staff_absent_share", S::kEpidemic, false, "clinic staff absent the next day, share"},
      {"ems_calls", S::kEms, false, "calls to 120"},
      {"ems_dispatches", S::kEms, false, "vehicles sent"},
      {"ems_response_mean_min", S::kEms, false, "mean time from call to vehicle on scene"},
      {"ems_calls_abandoned", S::kEms, false, "calls that gave up waiting for a vehicle"},
      {"ems_vehicles_busy_peak", S::kEms, false, "most vehicles out at once"},
      {"ed_occupancy", S::kHospitals, true, "peak emergency-department places in use"},
      {"ed_occupancy_share", S::kHospitals, true, "that peak over the places"},
      {"ward_occupancy", S::kHospitals, true, "peak tier-2 and tier-3 ward beds in use"},
      {"ward_occupancy_share", S::kHospitals, true, "that peak over the beds"},
      {"icu_occupancy", S::kHospitals, true, "peak ICU beds in use"},
      {"icu_occupancy_share", S::kHospitals, true, "that peak over the beds"},
      {"fangcang_occupancy", S::kHospitals, true, "peak makeshift-hospital beds in use"},
      {"fangcang_occupancy_share", S::kHospitals, true, "that peak over the beds"},
      {"icu_denied", S::kHospitals, true, "critical patients denied the ICU"},
      {"boarding_patient_hours", S::kHospitals, false, "hours patients boarded in the ED"},
      {"deaths", S::kEpidemic, false, "deaths at home and in hospital"},
  };
  return m;
}

std::size_t metric_index(const std::string& name) {
  const auto& m = metric_catalogue();
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (name == m[i].name) return i;
  }
  return kNoMetric;
}

Board::Board(std::size_t districts)
    : districts_(districts),
      city_(metric_catalogue().size(), 0.0),
      district_(metric_catalogue().size() * districts, 0.0) {}

void Board::clear() {
  std::fill(city_.begin(), city_.end(), 0.0);
  std::fill(district_.begin(), district_.end(), 0.0);
}

void BoardHistory::record(const Board& b) {
  city_.insert(city_.end(), b.city_values().begin(), b.city_values().end());
  district_.insert(district_.end(), b.district_values().begin(), b.district_values().end());
  ++days_;
}

namespace {
std::size_t known_metric(const char* name) {
  const std::size_t m = metric_index(name);
  if (m == kNoMetric) throw std::logic_error(std::string("no board metric ") + name);
  return m;
}
}  // namespace

double BoardHistory::city_sum(const char* metric) const {
  const std::size_t m = known_metric(metric);
  double sum = 0;
  for (int d = 0; d < days_; ++d) sum += city(d, m);
  return sum;
}

double BoardHistory::city_max(const char* metric) const {
  const std::size_t m = known_metric(metric);
  double most = 0;
  for (int d = 0; d < days_; ++d) most = std::max(most, city(d, m));
  return most;
}

}  // namespace surgesim::policy
