// A regression folder's goldens (DIR/goldens/): for each scenario DIR/NAME.yaml, its exact goldens
// (NAME.exact.json) and statistical goldens (NAME.replications.csv), listed with the blessing's
// reason and commit in goldens.json, and every blessing in BLESS_LOG.md.
#pragma once

#include <string>
#include <vector>

#include "surgesim/run/fingerprint.hpp"

namespace surgesim::run {

struct ScenarioGolden {
  std::string name;                        ///< the scenario file's stem
  std::string scenario_sha256;             ///< of the scenario file when blessed
  std::vector<std::string> sets;           ///< the --set overrides it was blessed with
  std::string blessed_at, reason, commit;  ///< its last blessing
  ExactGolden exact;                       ///< NAME.exact.json
  std::string replications_csv;            ///< NAME.replications.csv: the statistical goldens
  std::size_t stat_replications = 0;
  std::string changes;  ///< what this blessing changed, one line ("first blessing", ...)
  /// KPIs whose equivalence a change of seed alone would likely not show with these replications.
  std::vector<std::string> undecided_by_seed;
};

struct GoldenSet {
  /// The last blessing (each scenario keeps its own).
  std::string blessed_at, reason, commit, surgesim_version, surgesim_commit;
  std::vector<ScenarioGolden> scenarios;
  std::string log;  ///< BLESS_LOG.md, every blessing so far, newest last
};

/// DIR/goldens; an empty set with `found` false when there are none. Throws
/// std::runtime_error naming the file when a golden is unreadable or does not match its
/// manifest's SHA-256.
GoldenSet read_goldens(const std::string& dir, bool& found);
/// Replaces DIR/goldens with `g` as a whole (staged, then swapped in).
void write_goldens(const std::string& dir, const GoldenSet& g);

}  // namespace surgesim::run
