// What surgesim regress found, per scenario: printed as a table and written as regress.json and
// regress.csv.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "surgesim/run/equivalence.hpp"
#include "surgesim/run/fingerprint.hpp"

namespace surgesim::cli {

struct ScenarioRegression {
  std::string name, file;
  bool exact = false;                 ///< exact mode (else --stat)
  std::vector<std::string> notes;     ///< inputs that differ from the blessing's
  run::ExactComparison exact_result;  ///< exact mode
  std::vector<run::KpiVerdict> kpis;  ///< --stat
  bool paired = false;                ///< --stat: by seed (common random numbers)
  std::size_t golden_replications = 0, replications = 0;
  /// "same", "changed" or (--stat) "inconclusive": the worst of its KPIs.
  std::string verdict() const;
};

/// The readable table on stdout.
void print_regression(const std::vector<ScenarioRegression>& rows, bool verbose);
/// regress.csv: a row per scenario and KPI.
std::string regression_csv(const std::vector<ScenarioRegression>& rows);
/// regress.json (the folder's manifest: it lists the other files with their SHA-256).
std::string regression_json(const std::vector<ScenarioRegression>& rows, const std::string& dir,
                            bool stat, bool strict, double alpha, int exit_code,
                            const std::vector<std::pair<std::string, std::string>>& files);
/// One line of what changed, for the blessing's record.
std::string change_line(const ScenarioRegression& r);

}  // namespace surgesim::cli
