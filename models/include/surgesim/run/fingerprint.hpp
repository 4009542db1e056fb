// Exact regression: what a run's output files must equal, kept small enough to commit. Each file
// is fingerprinted by its SHA-256 and, when it has a `day` column, by one hash per column and day,
// so a mismatch names the first day and column that differ.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "surgesim/run/compare.hpp"

namespace surgesim::run {

/// The part of an output file that a regression compares: resolved.yaml without its header
/// comments and summary.json without surgesim_version and its files list (both name the build;
/// each file is compared on its own). Every other file as it is.
std::string normalized_output(const std::string& name, const std::string& text);

struct FileFingerprint {
  std::string sha256;                ///< of normalized_output()
  std::vector<std::string> columns;  ///< the CSV header (empty: not a daily file)
  std::vector<std::string> days;     ///< the `day` values, ascending
  std::vector<std::string> dates;    ///< the `date` of each day ("" when the file has none)
  std::vector<std::size_t> rows;     ///< the rows of each day
  /// [column][day]: FNV-1a of that column's cells on that day's rows (in file order), folded to
  /// 32 bits.
  std::vector<std::vector<std::uint64_t>> series;
};
FileFingerprint fingerprint(const std::string& name, const std::string& text);

/// The first place two versions of a file differ.
struct FileDifference {
  std::string file;
  std::string what;  ///< "missing" (in the new run), "new", "columns", "day", "rows", "value",
                     ///< "content"
  std::string day, date, column;
  std::string detail;  ///< one readable sentence
};
std::optional<FileDifference> first_difference(const std::string& file,
                                               const FileFingerprint& golden,
                                               const FileFingerprint& now);

/// One scenario's exact goldens: its seed and replications, every output file's fingerprint (in
/// output order) and each KPI's mean over the replications.
struct ExactGolden {
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  std::vector<std::pair<std::string, FileFingerprint>> files;
  std::vector<std::pair<std::string, double>> kpis;
};
ExactGolden exact_golden(const ReplicationTable& table,
                         const std::vector<std::pair<std::string, std::string>>& files);
std::string exact_golden_json(const ExactGolden& g);
/// Throws std::runtime_error naming `path` when the text is not an exact golden.
ExactGolden parse_exact_golden(const std::string& text, const std::string& path);

struct KpiChange {
  std::string kpi;
  std::optional<double> before, after;  ///< nullopt: not measured
};
struct ExactComparison {
  /// Why outputs could not match, said first: another seed or number of replications.
  std::vector<std::string> inputs;
  std::vector<FileDifference> files;  ///< every differing file (golden order, then new ones)
  std::vector<KpiChange> kpis;        ///< every KPI whose mean changed
  bool same() const { return inputs.empty() && files.empty() && kpis.empty(); }
};
ExactComparison compare_exact(const ExactGolden& golden, const ExactGolden& now);

}  // namespace surgesim::run
