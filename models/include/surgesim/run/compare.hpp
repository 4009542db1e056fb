#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "surgesim/engine/comparison.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::run {

/// Every KPI of every replication of one run: replications.csv in memory.
struct ReplicationTable {
  std::vector<std::string> kpis;
  std::vector<std::uint64_t> seed;          ///< per row
  std::vector<std::size_t> replication;     ///< per row
  std::vector<std::vector<double>> values;  ///< [row][kpi]
  std::string source;                       ///< a scenario file or an output folder
};

ReplicationTable replication_table(const scenario::Scenario& s,
                                   const std::vector<ReplicationResult>& reps);
/// Reads an output folder's replications.csv. Throws std::runtime_error with the file (and line)
/// when it is missing or not one surgesim wrote.
ReplicationTable read_replications(const std::string& folder);
/// Reads a replications.csv file itself (same checks).
ReplicationTable read_replications_file(const std::string& path);
/// The same from the file's text (`path` names it in messages).
ReplicationTable parse_replications(const std::string& text, const std::string& path);

/// One KPI of A and B compared (B - A).
struct KpiComparison {
  std::string kpi;
  engine::Comparison c;
  double rel_change = 0;  ///< diff_mean / |a_mean| (NaN when a_mean is 0)
  double p_adjusted = 1;  ///< Holm over the KPIs that can differ
  bool significant = false;
};

/// Compares the KPIs the two tables share (in A's order): paired when they hold the same
/// replications of the same seed (common random numbers), else Welch's test. Holm's adjustment
/// over the KPIs that can differ; `significant` at family-wise level alpha.
std::vector<KpiComparison> compare_tables(const ReplicationTable& a, const ReplicationTable& b,
                                          double alpha = 0.05);
bool paired(const ReplicationTable& a, const ReplicationTable& b);

/// A --fail-if gate: "KPI OP NUMBER" or "KPI OP [+|-]NUMBER%" (OP: > >= < <=), on B - A (relative
/// to A's mean with %). It fails when a significant difference satisfies it.
struct Gate {
  std::string text, kpi, op;
  double threshold = 0;
  bool relative = false;
};
/// Throws std::invalid_argument saying what is wrong.
Gate parse_gate(const std::string& text);
bool gate_fails(const Gate& g, const KpiComparison& k);

std::string compare_csv(const std::vector<KpiComparison>& rows);
/// compare.json; `files` lists the folder's other files with their SHA-256.
std::string compare_json(const ReplicationTable& a, const ReplicationTable& b,
                         const std::vector<KpiComparison>& rows, double alpha,
                         const std::vector<Gate>& gates,
                         const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace surgesim::run
