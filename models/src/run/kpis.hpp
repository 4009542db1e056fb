#pragma once

#include <memory>
#include <string>
#include <vector>

#include "surgesim/care/clinic_stats.hpp"
#include "surgesim/care/fever_clinic.hpp"
#include "surgesim/ems/ems_system.hpp"
#include "surgesim/hospital/hospital_system.hpp"
#include "surgesim/policy/board.hpp"
#include "surgesim/run/scenario_run.hpp"

namespace surgesim::run {

/// The KPIs of one replication, set by name: a name that is not the scenario's KPI, or a KPI left
/// unset, is a programming error caught at once (no list matched by position).
class KpiRecorder {
 public:
  KpiRecorder(const std::vector<std::string>& names, std::vector<double>& values);
  void set(const char* name, double v);
  /// The run's total of a daily count on the board, or the largest of a daily peak.
  void set_total(const char* name, const policy::BoardHistory& b) { set(name, b.city_sum(name)); }
  void set_peak(const char* name, const policy::BoardHistory& b) { set(name, b.city_max(name)); }
  /// Throws if a KPI of the scenario was never set.
  void check() const;

 private:
  std::size_t index(const char* name) const;
  const std::vector<std::string>& names_;
  std::vector<double>& values_;
};

// Each model's KPIs. A KPI that is the run's total (or peak) of a daily board metric of the same
// name is read from the board; the others (means and percentiles over the run, the parts of a
// total, admissions by tier) from the model's own records.
void add_care_kpis(const std::vector<std::unique_ptr<care::FeverClinic>>& clinics,
                   const care::CareTotals& totals, const policy::BoardHistory& b, KpiRecorder& k);
void add_epidemic_kpis(const EpidemicOutcome& e, const policy::BoardHistory& b, KpiRecorder& k);
void add_ems_kpis(const ems::EmsSystem& e, const policy::BoardHistory& b, KpiRecorder& k);
void add_hospital_kpis(const hospital::HospitalSystem& h, const policy::BoardHistory& b,
                       KpiRecorder& k);

}  // namespace surgesim::run
