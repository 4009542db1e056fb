#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "surgesim/care/clinic_stats.hpp"
#include "surgesim/ems/ems_system.hpp"
#include "surgesim/epi/epidemic_day.hpp"
#include "surgesim/hospital/hospital_system.hpp"
#include "surgesim/run/breaks.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::run {

/// KPI names, kept stable across releases: outputs and CI baselines use them. The care KPIs
/// appear when the scenario has clinics, the epidemic KPIs when it has an epidemic.
const std::vector<std::string>& care_kpi_names();
const std::vector<std::string>& epidemic_kpi_names();
const std::vector<std::string>& ems_kpi_names();
const std::vector<std::string>& hospital_kpi_names();
std::vector<std::string> kpi_names(const scenario::Scenario& s);
/// For each board metric (policy::metric_catalogue() order): whether the scenario has the model
/// that measures it.
std::vector<bool> measured_metrics(const scenario::Scenario& s);

/// What the epidemic did in one replication.
struct EpidemicOutcome {
  std::vector<std::vector<epi::DistrictDay>> days;  ///< [day][district]
  std::vector<double> staff_absent_share;           ///< per day: absent staff / all staff
  std::array<std::uint64_t, epi::kStateCount> final_states{};
  std::uint64_t population = 0;
  std::uint64_t infections = 0;    ///< ever infected
  bool people_conserved = false;   ///< states add up, infections add up over days and grids
  bool medicine_balances = false;  ///< home and neighbours' courses: initial = used + left
  double transmission_rate = 0;
};

struct ReplicationResult {
  std::size_t replication = 0;  ///< its index: it drew from the streams of (seed, replication)
  std::vector<double> kpis;     ///< in kpi_names(scenario) order
  std::vector<std::vector<care::ClinicDayStats>> clinic_days;  ///< [clinic][day]
  std::optional<EpidemicOutcome> epidemic;
  std::vector<ems::EmsDayStats> ems_days;  ///< when the scenario has a 120 service
  bool ems_calls_balance = true;  ///< every call ended (advice, diverted, abandoned, dispatched)
  std::vector<hospital::HospitalDay> hospital_days;  ///< when the scenario has hospitals
  bool vehicles_balance = true;  ///< every vehicle on a job, idle at its station, or off duty
  bool beds_balance = true;      ///< beds in use are the patients counted in them
  bool patients_balance = true;  ///< every admission ended or is still in a bed or boarding
  bool tablets_balance = true;   ///< every clinic's ledger: initial + delivered = dispensed + left
  bool deaths_balance = true;    ///< deaths at home + in hospital = the deaths KPI
  std::vector<policy::PolicyEvent> policy_events;  ///< as they happened, by day
  Breaks breaks;  ///< when each part of the system was first at capacity, and for how long
  policy::BoardHistory board;  ///< the metrics board of every day, as the triggers saw it
  std::uint64_t events = 0;
};

/// Runs replication `rep` of the scenario on its own random streams (seed, rep). `on_day`, if
/// given, is called as each simulated day ends (for progress reports; it cannot change results).
ReplicationResult run_replication(const scenario::Scenario& s, std::size_t rep,
                                  const std::function<void()>& on_day = {});

/// Runs all replications in parallel. `progress(done, total)` is called as each simulated day of
/// any replication ends (one call at a time), with the days done over all replications; it may
/// throw to stop the run.
std::vector<ReplicationResult> run_replications(
    const scenario::Scenario& s, int threads,
    const std::function<void(std::size_t, std::size_t)>& progress = {});
/// Replications first .. first+count-1 (a further batch of a run: the same streams as if the run
/// had had that many from the start).
std::vector<ReplicationResult> run_replications(
    const scenario::Scenario& s, std::size_t first, std::size_t count, int threads,
    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace surgesim::run
