#include "surgesim/scenario/reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace surgesim::scenario {

namespace {
// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// adjacent letters ("romos" -> "rooms") each cost 1.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::string format_number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
}  // namespace

std::string closest_word(const std::string& word, const std::set<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::numeric_limits<std::size_t>::max();
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  return best_d <= limit ? best : std::string();
}

Reader::Reader(const YamlDocument& doc, YAML::Node node, std::string path)
    : doc_(&doc), node_(std::move(node)), path_(std::move(path)) {}

void Reader::fail(const std::string& message) const {
  throw ScenarioError(doc_->where(path_, node_), path_, message);
}

std::string Reader::found() const {
  if (!node_ || node_.IsNull()) return "nothing";
  if (node_.IsMap()) return "a mapping";
  if (node_.IsSequence()) return "a list";
  return "'" + node_.Scalar() + "'";
}

void Reader::expect_map() const {
  if (!node_.IsMap()) fail("expected a mapping of keys, found " + found());
}

bool Reader::has(const std::string& key) {
  expect_map();
  asked_.insert(key);
  return static_cast<bool>(node_[key]);
}

Reader Reader::at(const std::string& key) {
  if (!has(key)) {
    // A key nobody asked for that is close to the missing one is most likely it, misspelt.
    std::set<std::string> unasked;
    for (const auto& kv : node_) {
      if (kv.first.IsScalar() && !asked_.count(kv.first.Scalar()))
        unasked.insert(kv.first.Scalar());
    }
    const std::string near = closest_word(key, unasked);
    if (!near.empty()) {
      const std::string p = path_.empty() ? near : path_ + "." + near;
      const YAML::Node k = [&] {
        for (const auto& kv : node_) {
          if (kv.first.Scalar() == near) return kv.first.Mark().line >= 0 ? kv.first : kv.second;
        }
        return YAML::Node();
      }();
      throw ScenarioError(doc_->where(p, k), p,
                          "unknown key '" + near + "' (did you mean '" + key +
                              "'?); the required key '" + key + "' is missing");
    }
    fail("missing required key '" + key + "'");
  }
  return Reader(*doc_, node_[key], path_.empty() ? key : path_ + "." + key);
}

std::optional<Reader> Reader::maybe(const std::string& key) {
  if (!has(key)) return std::nullopt;
  return at(key);
}

void Reader::finish() const {
  if (!node_.IsMap()) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.as<std::string>();
    if (asked_.count(key)) continue;
    const std::string p = path_.empty() ? key : path_ + "." + key;
    std::string msg = "unknown key '" + key + "'";
    const std::string hint = closest_word(key, asked_);
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    // A key re-created by merging has no position of its own; its value has.
    const bool key_placed = kv.first.Mark().line >= 0;
    doc_->note_problem(ScenarioError(doc_->where(p, key_placed ? kv.first : kv.second), p, msg));
  }
}

void Reader::expect_sequence() const {
  if (!node_.IsSequence()) fail("expected a list, found " + found());
}

std::size_t Reader::size() const {
  expect_sequence();
  return node_.size();
}

Reader Reader::item(std::size_t i) const {
  expect_sequence();
  return Reader(*doc_, node_[i], path_ + "[" + std::to_string(i) + "]");
}

// A quoted scalar ("2") is text in YAML: where a number or true/false is expected it is an
// error, so that a value is never read differently from how it is written.
void Reader::reject_quoted(const char* expected) const {
  if (node_.IsScalar() && node_.Tag() == "!") {
    fail(std::string("expected ") + expected + ", found the quoted text \"" + node_.Scalar() +
         "\" (write it without quotes)");
  }
}

double Reader::as_double() const {
  if (!node_.IsScalar()) fail("expected a number, found " + found());
  reject_quoted("a number");
  try {
    std::size_t used = 0;
    const std::string& s = node_.Scalar();
    const double v = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(v)) fail("expected a finite number, found " + found());
    return v;
  } catch (const std::logic_error&) {
    fail("expected a number, found " + found());
  }
}

std::int64_t Reader::as_int() const {
  if (!node_.IsScalar()) fail("expected an integer, found " + found());
  reject_quoted("an integer");
  try {
    std::size_t used = 0;
    const std::string& s = node_.Scalar();
    const long long v = std::stoll(s, &used);
    if (used != s.size()) fail("expected an integer, found " + found());
    return v;
  } catch (const std::logic_error&) {
    fail("expected an integer, found " + found());
  }
}

bool Reader::as_bool() const {
  reject_quoted("true or false");
  if (node_.IsScalar()) {
    const std::string& s = node_.Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  fail("expected true or false, found " + found());
}

std::string Reader::as_string() const {
  if (!node_.IsScalar()) fail("expected text, found " + found());
  return node_.Scalar();
}

double Reader::as_double_in(double lo, double hi) const {
  const double v = as_double();
  if (v < lo || v > hi) {
    std::string range;
    if (lo == -std::numeric_limits<double>::infinity()) {
      range = "a number <= " + format_number(hi);
    } else if (hi == std::numeric_limits<double>::infinity()) {
      range = "a number >= " + format_number(lo);
    } else {
      range = "a number in [" + format_number(lo) + ", " + format_number(hi) + "]";
    }
    fail("expected " + range + ", found " + format_number(v));
  }
  return v;
}

std::int64_t Reader::as_int_in(std::int64_t lo, std::int64_t hi) const {
  const std::int64_t v = as_int();
  if (v < lo || v > hi) {
    std::string range =
        hi == std::numeric_limits<std::int64_t>::max()
            ? "an integer >= " + std::to_string(lo)
            : "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    fail("expected " + range + ", found " + std::to_string(v));
  }
  return v;
}

std::int64_t Reader::as_int_or_none(std::int64_t lo, std::int64_t hi) const {
  if (is_none()) return -1;
  if (node_.IsScalar() && !node_.Scalar().empty() &&
      node_.Scalar().find_first_not_of("0123456789") != std::string::npos)
    fail("expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
         "] or none, found " + found());
  return as_int_in(lo, hi);
}

int Reader::as_day(int max_day) const {
  if (node_.IsScalar() && node_.Scalar().find('-') == 4) {
    int day = 0;
    try {
      day = days_between(doc_->start_date(), node_.Scalar());
    } catch (const std::invalid_argument& e) {
      fail(std::string("expected a day index or a date: ") + e.what());
    }
    if (day < 0) {
      fail("the date " + node_.Scalar() + " is before run.start_date " + doc_->start_date());
    }
    if (day > max_day)
      fail("expected a day up to " + std::to_string(max_day) + ", found " + node_.Scalar());
    return day;
  }
  return static_cast<int>(as_int_in(0, max_day));
}

std::string Reader::as_choice(std::initializer_list<const char*> choices) const {
  const std::string s = as_string();
  std::set<std::string> options;
  std::string list;
  for (const char* c : choices) {
    if (s == c) return s;
    options.insert(c);
    list += (list.empty() ? "" : ", ") + std::string(c);
  }
  std::string msg = "expected one of " + list + ", found '" + s + "'";
  const std::string hint = closest_word(s, options);
  if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
  fail(msg);
}

std::vector<double> Reader::as_number_or_list(double lo, double hi) const {
  if (!node_.IsSequence()) return {as_double_in(lo, hi)};
  std::vector<double> v;
  for (std::size_t i = 0; i < size(); ++i) v.push_back(item(i).as_double_in(lo, hi));
  if (v.empty()) fail("expected at least one value");
  return v;
}

namespace {
template <class T, class Read>
void day_steps(const Reader& list, engine::Schedule<T>& schedule, const char* key, Read read) {
  list.expect_sequence();
  int last_day = -1;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Reader step = list.item(i);
    step.expect_map();
    const int day = step.at("from_day").as_day(100000);
    if (day <= last_day) step.at("from_day").fail("days must increase along the list");
    last_day = day;
    schedule.set_from(day, read(step.at(key)));
    step.finish();
  }
}
}  // namespace

void Reader::add_day_steps(engine::Schedule<double>& schedule, const char* key, double lo,
                           double hi) const {
  day_steps(*this, schedule, key, [&](const Reader& v) { return v.as_double_in(lo, hi); });
}

void Reader::add_day_steps(engine::Schedule<int>& schedule, const char* key, std::int64_t lo,
                           std::int64_t hi) const {
  day_steps(*this, schedule, key,
            [&](const Reader& v) { return static_cast<int>(v.as_int_in(lo, hi)); });
}

}  // namespace surgesim::scenario
