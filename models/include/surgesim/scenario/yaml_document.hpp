#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "surgesim/scenario/scenario_error.hpp"

namespace surgesim::scenario {

/// A scenario's YAML after `extends:` chains and `--set` overrides are applied, remembering which
/// file (or override) each key path came from so errors can name the right place.
class YamlDocument {
 public:
  /// Loads `path`, following `extends:` (relative to the including file). Throws ScenarioError.
  static YamlDocument load(const std::string& path);
  /// Applies `key.path[2].leaf=value` (value parsed as YAML). A list's elements are selected by
  /// index `[2]`, all `[*]`, `[key=value]` (e.g. `[kind=chc_fever_clinic]`), or `[x]`: the
  /// element whose id (or drug) is x; a selector that selects nothing is an error. Throws
  /// ScenarioError.
  void apply_override(const std::string& assignment);

  const YAML::Node& root() const noexcept { return root_; }
  /// The file that wrote the value at key path `path` (or its nearest ancestor), or
  /// "--set PATH=VALUE" for an override.
  std::string origin(const std::string& path) const;
  /// "file:line:col" for the node at key path `path` (or the nearest ancestor that has one).
  std::string where(const std::string& path, const YAML::Node& node) const;
  const std::vector<std::string>& files() const noexcept { return files_; }

  /// Problems found so far while reading the document: a load goes on past a problem in one
  /// part of the scenario, to report every part's in one pass.
  void note_problem(const ScenarioError& e) const;
  /// Throws the problems noted so far combined (sorted by place, the first kMaxProblems and a
  /// count of the rest), if there are any.
  void throw_problems() const;
  static constexpr std::size_t kMaxProblems = 20;

  /// The run's first date (run.start_date), against which dates given for day indices count.
  void set_start_date(std::string date) { start_date_ = std::move(date); }
  const std::string& start_date() const noexcept { return start_date_; }

 private:
  void set_path(YAML::Node node, const std::string& path, std::size_t i, std::string walked,
                const YAML::Node& value, const std::string& origin);
  static YAML::Node parse_file(const std::string& path, std::uint64_t& nodes);
  void merge(YAML::Node& into, const YAML::Node& from, const std::string& path,
             const std::string& origin);
  void note_origin(const YAML::Node& node, const std::string& path, const std::string& origin);

  YAML::Node root_;
  std::map<std::string, std::string> origin_;  // key path -> file or "--set ..."
  std::vector<std::string> files_;
  mutable std::vector<ScenarioError> problems_;
  mutable std::size_t problems_beyond_ = 0;
  mutable std::unordered_set<std::string> problem_texts_;
  std::string start_date_;  // set once the run section is read
};

/// Reads one part of a scenario with `read`; a ScenarioError it throws is noted in `doc` and the
/// load goes on with the next part.
template <class Read>
void read_part(const YamlDocument& doc, Read&& read) {
  try {
    read();
  } catch (const ScenarioError& e) {
    doc.note_problem(e);
  }
}

}  // namespace surgesim::scenario
