#include "surgesim/scenario/yaml_document.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <tuple>

#include "surgesim/scenario/input_checks.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace surgesim::scenario {

namespace fs = std::filesystem;

namespace {
std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}
std::string index_path(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}
}  // namespace

YAML::Node YamlDocument::parse_file(const std::string& path, std::uint64_t& nodes) {
  const std::string text = read_checked_file(path, kMaxYamlBytes);
  try {
    nodes = check_yaml_structure(text, path, nodes);
    YAML::Node n = YAML::Load(text);
    if (!n.IsMap()) {
      throw ScenarioError(path + ":1:1", "", "expected a mapping of keys at the top level");
    }
    return n;
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(
        path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1), "",
        "YAML syntax error: " + e.msg);
  }
}

void YamlDocument::note_origin(const YAML::Node& node, const std::string& path,
                               const std::string& origin) {
  origin_[path] = origin;
  if (node.IsMap()) {
    for (const auto& kv : node) {
      note_origin(kv.second, child_path(path, kv.first.as<std::string>()), origin);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) note_origin(node[i], index_path(path, i), origin);
  }
}

// Maps merge key by key (the later file wins); anything else is replaced whole.
void YamlDocument::merge(YAML::Node& into, const YAML::Node& from, const std::string& path,
                         const std::string& origin) {
  for (const auto& kv : from) {
    const std::string key = kv.first.as<std::string>();
    const std::string p = child_path(path, key);
    YAML::Node existing = into[key];
    if (existing.IsMap() && kv.second.IsMap()) {
      merge(existing, kv.second, p, origin);
    } else {
      into[key] = kv.second;
      note_origin(kv.second, p, origin);
    }
  }
}

YamlDocument YamlDocument::load(const std::string& path) {
  // Follow the extends chain to its root, then merge from the root down.
  std::vector<std::pair<std::string, YAML::Node>> chain;
  std::set<std::string> seen;
  std::string current = path;
  std::uint64_t nodes = 0;  // one budget for the whole chain
  for (;;) {
    if (chain.size() >= kMaxExtends) {
      throw ScenarioError(
          current, "extends",
          "more than " + std::to_string(kMaxExtends) + " files in the extends chain");
    }
    const std::string canonical = fs::weakly_canonical(fs::path(current)).string();
    if (!seen.insert(canonical).second) {
      throw ScenarioError(current, "extends", "the extends chain loops back to this file");
    }
    YAML::Node n = parse_file(current, nodes);
    chain.emplace_back(current, n);
    const YAML::Node ext = n["extends"];
    if (!ext) break;
    if (!ext.IsScalar()) {
      throw ScenarioError(current + ":" + std::to_string(ext.Mark().line + 1) + ":" +
                              std::to_string(ext.Mark().column + 1),
                          "extends", "expected a file name");
    }
    const fs::path base = fs::path(current).parent_path() / ext.as<std::string>();
    std::error_code ec;
    if (!fs::is_regular_file(base, ec)) {
      throw ScenarioError(
          current + ":" + std::to_string(ext.Mark().line + 1) + ":" +
              std::to_string(ext.Mark().column + 1),
          "extends",
          (fs::exists(base, ec) ? "not a regular file: " : "no such file: ") + base.string());
    }
    current = base.string();
  }
  YamlDocument doc;
  doc.root_ = YAML::Node(YAML::NodeType::Map);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    doc.files_.push_back(it->first);
    doc.merge(doc.root_, it->second, "", it->first);
  }
  doc.root_.remove("extends");
  return doc;
}

namespace {

// The '=' that ends the path: the first one outside a selector's brackets.
std::size_t assignment_split(const std::string& a) {
  int depth = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] == '[') ++depth;
    if (a[k] == ']') --depth;
    if (a[k] == '=' && depth == 0) return k;
  }
  return std::string::npos;
}

// The elements of list `list` a selector picks: N, *, key=value, or a bare value matched against
// each element's id (or its drug, for a clinic's drug entries).
std::vector<std::size_t> select(const YAML::Node& list, const std::string& sel,
                                const std::function<void(const std::string&)>& fail,
                                const std::string& walked) {
  std::vector<std::size_t> out;
  if (!sel.empty() && sel.size() <= 9 && sel.find_first_not_of("0123456789") == std::string::npos) {
    const std::size_t idx = std::stoul(sel);
    if (idx >= list.size()) fail("'" + walked + "' has no element " + std::to_string(idx));
    return {idx};
  }
  const std::size_t eq = sel.find('=');
  const std::string key = eq == std::string::npos ? "" : sel.substr(0, eq);
  const std::string value = eq == std::string::npos ? sel : sel.substr(eq + 1);
  for (std::size_t k = 0; k < list.size(); ++k) {
    const YAML::Node e = list[k];
    const auto matches = [&](const char* field) {
      const YAML::Node f = e.IsMap() ? e[field] : YAML::Node();
      return f && f.IsScalar() && f.Scalar() == value;
    };
    if (sel == "*" || (key.empty() ? matches("id") || matches("drug") : matches(key.c_str())))
      out.push_back(k);
  }
  if (out.empty()) {
    fail("'" + walked + "[" + sel + "]' selects nothing: " +
         (key.empty() ? "no element has the id (or drug) '" + value + "'"
                      : "no element has " + key + " '" + value + "'") +
         " (a selector is an index, *, key=value or an id)");
  }
  return out;
}

}  // namespace

// Walks "a.b[sel].c" from `node`, creating maps for missing keys, and sets the leaf to `value`
// in every element the selectors pick.
void YamlDocument::set_path(YAML::Node node, const std::string& path, std::size_t i,
                            std::string walked, const YAML::Node& value,
                            const std::string& origin) {
  const auto fail = [&](const std::string& why) { throw ScenarioError(origin, path, why); };
  const std::size_t j = path.find_first_of(".[", i);
  const std::string key = path.substr(i, j == std::string::npos ? std::string::npos : j - i);
  if (key.empty()) fail("empty key in the path");
  if (!node.IsMap() && !node.IsNull()) fail("'" + walked + "' is not a mapping");
  walked = child_path(walked, key);
  std::vector<std::pair<YAML::Node, std::string>> at{{node[key], walked}};
  i = j == std::string::npos ? path.size() : j;
  while (i < path.size() && path[i] == '[') {
    const std::size_t close = path.find(']', i);
    if (close == std::string::npos) fail("unclosed '['");
    const std::string sel = path.substr(i + 1, close - i - 1);
    std::vector<std::pair<YAML::Node, std::string>> next;
    for (auto& [list, w] : at) {
      if (!list.IsSequence()) fail("'" + w + "' is not a list");
      for (const std::size_t k : select(list, sel, fail, w)) {
        YAML::Node element;
        element.reset(list[k]);  // rebind: operator= would overwrite the list with its element
        next.emplace_back(element, index_path(w, k));
      }
    }
    at = std::move(next);
    i = close + 1;
  }
  if (i < path.size() && path[i] == '.') ++i;
  for (auto& [n, w] : at) {
    if (i >= path.size()) {
      n = YAML::Clone(value);  // each element its own copy; assignment writes through to the tree
      note_origin(n, w, origin);
    } else {
      set_path(n, path, i, w, value, origin);
    }
  }
}

void YamlDocument::apply_override(const std::string& assignment) {
  const auto eq = assignment_split(assignment);
  const std::string origin = "--set " + assignment;
  if (eq == std::string::npos || eq == 0) {
    throw ScenarioError(origin, "", "expected key.path=value");
  }
  const std::string path = assignment.substr(0, eq);
  YAML::Node value;
  try {
    check_text(assignment.substr(eq + 1), origin);
    check_yaml_structure(assignment.substr(eq + 1), origin);
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(origin, path, "the value is not valid YAML: " + e.msg);
  }
  set_path(root_, path, 0, "", value, origin);
}

namespace {
// (file, line, column) of a "file:line:col" place, for sorting; unplaced ones sort first.
std::tuple<std::string, long, long> place_of(const std::string& where) {
  const auto c2 = where.rfind(':');
  const auto c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : where.rfind(':', c2 - 1);
  if (c1 == std::string::npos) return {where, 0, 0};
  try {
    return {where.substr(0, c1), std::stol(where.substr(c1 + 1, c2 - c1 - 1)),
            std::stol(where.substr(c2 + 1))};
  } catch (const std::exception&) {
    return {where, 0, 0};
  }
}
}  // namespace

void YamlDocument::note_problem(const ScenarioError& e) const {
  if (!problem_texts_.insert(e.what()).second) return;  // the same problem met twice
  if (problems_.size() < 1000) {
    problems_.push_back(e);
  } else {
    ++problems_beyond_;  // kept as a count only: memory stays bounded
  }
}

void YamlDocument::throw_problems() const {
  if (problems_.empty()) return;
  std::vector<ScenarioError> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ScenarioError& a, const ScenarioError& b) {
                     return place_of(a.where()) < place_of(b.where());
                   });
  const std::size_t more =
      (sorted.size() > kMaxProblems ? sorted.size() - kMaxProblems : 0) + problems_beyond_;
  if (sorted.size() > kMaxProblems) sorted.erase(sorted.begin() + kMaxProblems, sorted.end());
  problems_.clear();
  problem_texts_.clear();
  problems_beyond_ = 0;
  throw ScenarioError::combined(sorted, more);
}

std::string YamlDocument::origin(const std::string& path) const {
  std::string p = path;
  for (;;) {
    const auto it = origin_.find(p);
    if (it != origin_.end()) return it->second;
    const auto cut = p.find_last_of(".[");
    if (cut == std::string::npos) break;
    p = p.substr(0, cut);
  }
  return files_.empty() ? "?" : files_.back();
}

std::string YamlDocument::where(const std::string& path, const YAML::Node& node) const {
  const std::string file = origin(path);
  if (file.rfind("--set ", 0) == 0) return file;
  const YAML::Mark m = node ? node.Mark() : YAML::Mark::null_mark();
  if (m.line < 0) return file;
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

}  // namespace surgesim::scenario
