#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "surgesim/engine/schedule.hpp"
#include "surgesim/scenario/yaml_document.hpp"

namespace surgesim::scenario {

/// A strict view of one YAML node at a key path. Every value read is type-checked, and a mapping
/// remembers which keys it was asked about, so finish() can reject any other key as unknown
/// (with a "did you mean" suggestion). All errors are ScenarioError with file:line:col.
class Reader {
 public:
  Reader(const YamlDocument& doc, YAML::Node node, std::string path);

  const std::string& path() const noexcept { return path_; }
  const YAML::Node& node() const noexcept { return node_; }
  [[noreturn]] void fail(const std::string& message) const;

  // Mappings
  void expect_map() const;
  bool has(const std::string& key);
  Reader at(const std::string& key);  ///< required key
  std::optional<Reader> maybe(const std::string& key);
  /// Notes every key that was never asked about as unknown (the load reports them all).
  void finish() const;

  // Sequences
  void expect_sequence() const;
  std::size_t size() const;
  Reader item(std::size_t i) const;

  // Scalars
  double as_double() const;
  std::int64_t as_int() const;
  bool as_bool() const;
  std::string as_string() const;
  /// A number in [lo, hi] (use infinities for open ends).
  double as_double_in(double lo, double hi) const;
  std::int64_t as_int_in(std::int64_t lo, std::int64_t hi) const;
  /// The word `none` (no limit).
  bool is_none() const { return node_.IsScalar() && node_.Scalar() == "none"; }
  /// An integer in [lo, hi] (lo >= 0), or `none`: -1.
  std::int64_t as_int_or_none(std::int64_t lo, std::int64_t hi) const;
  /// A day of the run: an index (0 is run.start_date) or a date YYYY-MM-DD on or after the
  /// start, at most `max_day`.
  int as_day(int max_day) const;
  /// `[{from_day: d, <key>: v}, ...]` with days increasing (a date or an index): the steps of a
  /// value that holds from a day on, laid on `schedule` (whose value on day 0 is already set).
  void add_day_steps(engine::Schedule<double>& schedule, const char* key, double lo,
                     double hi) const;
  void add_day_steps(engine::Schedule<int>& schedule, const char* key, std::int64_t lo,
                     std::int64_t hi) const;
  /// A number in [lo, hi], or a non-empty list of them.
  std::vector<double> as_number_or_list(double lo, double hi) const;
  /// One of the given words; the error lists them.
  std::string as_choice(std::initializer_list<const char*> choices) const;

 private:
  std::string found() const;  ///< the node as written, for messages
  void reject_quoted(const char* expected) const;
  const YamlDocument* doc_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> asked_;
};

/// The closest word to `word` among `candidates` (edit distance <= 1/3 of its length), or "".
std::string closest_word(const std::string& word, const std::set<std::string>& candidates);

}  // namespace surgesim::scenario
