#pragma once

#include <string>
#include <utility>
#include <vector>

#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::run {

/// summary.json: schema version, scenario, seed, each KPI with mean, sd, 95% CI and n, the
/// balance checks, and every other file of the run with its SHA-256.
std::string summary_json(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps,
                         const std::vector<std::pair<std::string, std::string>>& files = {});
/// The balance checks of summary.json, by name: true when every replication passed.
std::vector<std::pair<std::string, bool>> checks(const scenario::Scenario& s,
                                                 const std::vector<ReplicationResult>& reps);
/// The exit status of a run that wrote its outputs: 0, or kExitCheckFailed when a check failed.
inline constexpr int kExitCheckFailed = 3;
int exit_status(const std::vector<std::pair<std::string, bool>>& checks);
/// timeseries.csv: one row per day and clinic, each value the mean over replications.
std::string timeseries_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps);
/// epidemic_timeseries.csv: one row per day and district: new infections and people infectious
/// at the end of the day, means over replications.
std::string epidemic_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps);
/// ems_timeseries.csv: one row per day: the 120 service's calls and what became of them, mean
/// response and hand-over delay, and the peak of vehicles out, means over replications.
std::string ems_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps);
/// hospital_timeseries.csv: one row per day: admissions and peak occupancy of each bed pool,
/// boarding, ICU denials, deaths (and those without ICU), discharges and transfers.
std::string hospital_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps);
/// policy_events.csv: every policy event of every replication (fired, effective, released), by
/// replication and day; a header only when nothing happened.
/// board_timeseries.csv: the metrics board of each day, as the triggers saw it: a row for the city
/// and one per district, a column per metric the scenario measures (empty where a metric is not
/// measured by district), means over replications.
std::string board_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps);
/// board_replications.csv: the same rows for each replication, `replication` first.
std::string board_replications_csv(const scenario::Scenario& s,
                                   const std::vector<ReplicationResult>& reps);
/// replications.csv: `replication,seed,` then every KPI, a row per replication (the seed is the
/// run's master seed; replication r draws from the streams of (seed, r)).
std::string replications_csv(const scenario::Scenario& s,
                             const std::vector<ReplicationResult>& reps);

std::string policy_events_csv(const scenario::Scenario& s,
                              const std::vector<ReplicationResult>& reps);
/// Where the system breaks first: for a pool (or one district's share of it), the share of
/// replications in which it was at capacity, the mean first day among those, and the mean days.
struct BreakSummary {
  std::string pool, what, district;  ///< district "" for the city
  double share = 0;
  double first_day_mean = 0;  ///< NaN when never at capacity
  double days_mean = 0;
};
/// Every measured pool for the city, then each district where the pool is measured by district
/// and reached capacity, in break_pools() order.
std::vector<BreakSummary> summarize_breaks(const scenario::Scenario& s,
                                           const std::vector<ReplicationResult>& reps);
/// The scenario's warnings, then those of the run: clinics whose queue never drained (waiting at
/// midnight on each of the last three days, more each day, in some replication).
std::vector<std::string> run_warnings(const scenario::Scenario& s,
                                      const std::vector<ReplicationResult>& reps);
/// resolved.yaml: the scenario with every value explicit (after extends, --set and defaults),
/// headed by the surgesim version and git commit: enough to reproduce the run.
std::string resolved_yaml(const scenario::Scenario& s);

/// Every output file of the run, (name, text), in the order they are written: summary.json last,
/// listing the others with their SHA-256.
std::vector<std::pair<std::string, std::string>> output_files(
    const scenario::Scenario& s, const std::vector<ReplicationResult>& reps);
/// Writes every output file of the run into `out` (summary.json last); out.commit() then makes
/// them the output folder.
void write_outputs(OutputFolder& out, const scenario::Scenario& s,
                   const std::vector<ReplicationResult>& reps);

const char* surgesim_version();
const char* git_commit();

}  // namespace surgesim::run
