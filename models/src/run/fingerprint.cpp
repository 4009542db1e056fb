// Fingerprints of output files for exact regression, and where two versions first differ.
#include "surgesim/run/fingerprint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "surgesim/run/csv.hpp"
#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/strict_json.hpp"

namespace surgesim::run {

namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

void fnv(std::uint64_t& h, std::string_view s) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  h ^= 0x1f;  // a separator, so "1","23" and "12","3" differ
  h *= kFnvPrime;
}

// 32 bits of a 64-bit hash: per-day hashes only locate a difference (the SHA-256 detects it).
std::uint64_t fold(std::uint64_t h) { return (h ^ (h >> 32)) & 0xffffffffULL; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string w; in >> w;) v.push_back(w);
  return v;
}

// Days in ascending order: numerically when every day is a whole number.
bool day_less(const std::string& a, const std::string& b) {
  const auto whole = [](const std::string& x, long long& v) {
    try {
      std::size_t used = 0;
      v = std::stoll(x, &used);
      return used == x.size();
    } catch (const std::logic_error&) {
      return false;
    }
  };
  long long x = 0, y = 0;
  if (whole(a, x) && whole(b, y)) return x < y;
  return a < b;
}

}  // namespace

std::string normalized_output(const std::string& name, const std::string& text) {
  if (name == "resolved.yaml") {
    std::size_t at = 0;
    while (at < text.size() && text[at] == '#') {
      const std::size_t end = text.find('\n', at);
      if (end == std::string::npos) return "";
      at = end + 1;
    }
    return text.substr(at);
  }
  if (name == "summary.json") {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return text;
    j.erase("surgesim_version");
    j.erase("files");
    return j.dump(2);
  }
  return text;
}

FileFingerprint fingerprint(const std::string& name, const std::string& text) {
  FileFingerprint f;
  const std::string normal = normalized_output(name, text);
  f.sha256 = sha256_hex(normal);
  if (name.size() < 4 || name.substr(name.size() - 4) != ".csv") return f;
  const std::vector<std::string> lines = lines_of(normal);
  if (lines.empty()) return f;
  const std::vector<std::string> header = csv_split(lines[0]);
  const auto day_col = std::find(header.begin(), header.end(), "day");
  if (day_col == header.end()) return f;
  const auto day_at = static_cast<std::size_t>(day_col - header.begin());
  const auto date_col = std::find(header.begin(), header.end(), "date");
  f.columns = header;
  std::map<std::string, std::size_t> index;  // day -> position in first-seen order
  std::vector<std::string> seen, dates;
  std::vector<std::size_t> rows;
  std::vector<std::vector<std::uint64_t>> by_seen;  // [day][column]
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = csv_split(lines[i]);
    if (cells.size() != header.size()) continue;  // the file's SHA-256 still catches it
    auto [it, added] = index.emplace(cells[day_at], seen.size());
    if (added) {
      seen.push_back(cells[day_at]);
      dates.push_back(date_col == header.end()
                          ? ""
                          : cells[static_cast<std::size_t>(date_col - header.begin())]);
      by_seen.emplace_back(header.size(), kFnvOffset);
      rows.push_back(0);
    }
    ++rows[it->second];
    for (std::size_t c = 0; c < header.size(); ++c) fnv(by_seen[it->second][c], cells[c]);
  }
  std::vector<std::size_t> order(seen.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return day_less(seen[a], seen[b]); });
  f.series.assign(header.size(), {});
  for (const std::size_t d : order) {
    f.days.push_back(seen[d]);
    f.dates.push_back(dates[d]);
    f.rows.push_back(rows[d]);
    for (std::size_t c = 0; c < header.size(); ++c) f.series[c].push_back(fold(by_seen[d][c]));
  }
  return f;
}

std::optional<FileDifference> first_difference(const std::string& file,
                                               const FileFingerprint& golden,
                                               const FileFingerprint& now) {
  if (golden.sha256 == now.sha256) return std::nullopt;
  FileDifference d;
  d.file = file;
  if (golden.columns != now.columns) {
    std::vector<std::string> added, removed;
    for (const std::string& c : now.columns) {
      if (std::find(golden.columns.begin(), golden.columns.end(), c) == golden.columns.end())
        added.push_back(c);
    }
    for (const std::string& c : golden.columns) {
      if (std::find(now.columns.begin(), now.columns.end(), c) == now.columns.end())
        removed.push_back(c);
    }
    if (!added.empty() || !removed.empty() || golden.columns.empty() || now.columns.empty()) {
      d.what = "columns";
      d.detail = file + ": the columns changed";
      if (!added.empty()) d.detail += "; new: " + join(added);
      if (!removed.empty()) d.detail += "; gone: " + join(removed);
      return d;
    }
  }
  // Walk the days in order; on each day the columns in the new header's order.
  std::size_t i = 0, j = 0;
  while (i < golden.days.size() || j < now.days.size()) {
    const bool in_golden = i < golden.days.size();
    const bool in_now = j < now.days.size();
    if (in_golden && in_now && golden.days[i] == now.days[j]) {
      if (golden.rows[i] != now.rows[j]) {
        d.what = "rows";
        d.day = now.days[j];
        d.date = now.dates[j];
        d.detail =
            fmt::format("{}: day {}{} has {} rows, the goldens {}", file, d.day,
                        d.date.empty() ? "" : " (" + d.date + ")", now.rows[j], golden.rows[i]);
        return d;
      }
      for (std::size_t c = 0; c < now.columns.size(); ++c) {
        const auto gc = static_cast<std::size_t>(
            std::find(golden.columns.begin(), golden.columns.end(), now.columns[c]) -
            golden.columns.begin());
        if (golden.series[gc][i] == now.series[c][j]) continue;
        d.what = "value";
        d.day = now.days[j];
        d.date = now.dates[j];
        d.column = now.columns[c];
        d.detail = fmt::format("{}: first differs on day {}{} in column {}", file, d.day,
                               d.date.empty() ? "" : " (" + d.date + ")", d.column);
        return d;
      }
      ++i;
      ++j;
      continue;
    }
    const bool golden_first = in_golden && (!in_now || day_less(golden.days[i], now.days[j]));
    d.what = "day";
    d.day = golden_first ? golden.days[i] : now.days[j];
    d.date = golden_first ? golden.dates[i] : now.dates[j];
    d.detail =
        fmt::format("{}: day {}{} {}", file, d.day, d.date.empty() ? "" : " (" + d.date + ")",
                    golden_first ? "is missing" : "is new");
    return d;
  }
  // Every daily series matches (or the file has none): the order of rows or a non-daily file.
  d.what = "content";
  d.detail = file + (golden.columns.empty() ? ": the content differs"
                                            : ": the same daily values in another order");
  return d;
}

ExactGolden exact_golden(const ReplicationTable& table,
                         const std::vector<std::pair<std::string, std::string>>& files) {
  ExactGolden g;
  g.seed = table.seed.empty() ? 0 : table.seed.front();
  g.replications = table.values.size();
  for (const auto& [name, text] : files) g.files.emplace_back(name, fingerprint(name, text));
  for (std::size_t k = 0; k < table.kpis.size(); ++k) {
    double sum = 0;
    for (const auto& row : table.values) sum += row[k];
    g.kpis.emplace_back(table.kpis[k], sum / static_cast<double>(table.values.size()));
  }
  return g;
}

std::string exact_golden_json(const ExactGolden& g) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["seed"] = g.seed;
  j["replications"] = g.replications;
  nlohmann::ordered_json kpis = nlohmann::ordered_json::object();
  for (const auto& [k, v] : g.kpis) {
    kpis[k] = std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
  }
  j["kpis"] = kpis;
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& [name, f] : g.files) {
    nlohmann::ordered_json e;
    e["file"] = name;
    e["sha256"] = f.sha256;
    if (!f.columns.empty()) {
      e["days"] = join(f.days);
      if (!f.dates.empty() && !f.dates.front().empty()) e["dates"] = join(f.dates);
      std::vector<std::string> rows;
      for (const std::size_t n : f.rows) rows.push_back(std::to_string(n));
      e["rows"] = join(rows);
      nlohmann::ordered_json series = nlohmann::ordered_json::array();
      for (std::size_t c = 0; c < f.columns.size(); ++c) {
        std::string hashes;
        for (const std::uint64_t h : f.series[c])
          hashes += (hashes.empty() ? "" : " ") + fmt::format("{:08x}", h);
        series.push_back({{"column", f.columns[c]}, {"per_day", hashes}});
      }
      e["series"] = series;
    }
    files.push_back(e);
  }
  j["files"] = files;
  return j.dump(1) + "\n";
}

ExactGolden parse_exact_golden(const std::string& text, const std::string& path) {
  const Json j = parse_json_strict(text, path);
  const JsonReader r(j, path);
  r.expect_keys({"schema_version", "seed", "replications", "kpis", "files"});
  ExactGolden g;
  g.seed = r.at("seed").count();
  g.replications = r.at("replications").count();
  const JsonReader kpis = r.at("kpis");
  if (!kpis.json().is_object()) kpis.fail("expected an object of KPI: mean");
  for (const auto& [k, v] : kpis.json().items()) g.kpis.emplace_back(k, kpis.at(k).number());
  const JsonReader files = r.at("files");
  for (std::size_t i = 0; i < files.size(); ++i) {
    const JsonReader e = files.item(i);
    e.expect_keys({"file", "sha256"}, {"days", "dates", "rows", "series"});
    FileFingerprint f;
    f.sha256 = e.at("sha256").string();
    if (e.has("series")) {
      f.days = split_words(e.at("days").string());
      f.dates = e.has("dates") ? split_words(e.at("dates").string())
                               : std::vector<std::string>(f.days.size());
      for (const std::string& n : split_words(e.at("rows").string())) {
        try {
          f.rows.push_back(std::stoull(n));
        } catch (const std::logic_error&) {
          e.at("rows").fail("expected whole numbers, found '" + n + "'");
        }
      }
      const JsonReader series = e.at("series");
      for (std::size_t c = 0; c < series.size(); ++c) {
        const JsonReader col = series.item(c);
        col.expect_keys({"column", "per_day"});
        f.columns.push_back(col.at("column").string());
        std::vector<std::uint64_t> hashes;
        for (const std::string& h : split_words(col.at("per_day").string())) {
          std::size_t used = 0;
          std::uint64_t v = 0;
          try {
            v = std::stoull(h, &used, 16);
          } catch (const std::logic_error&) {
            used = 0;
          }
          if (used != h.size() || h.size() != 8)
            col.at("per_day").fail("expected 8-digit hexadecimal hashes, found '" + h + "'");
          hashes.push_back(v);
        }
        if (hashes.size() != f.days.size())
          col.at("per_day").fail("expected a hash for each of the " +
                                 std::to_string(f.days.size()) + " days");
        f.series.push_back(std::move(hashes));
      }
      if (f.dates.size() != f.days.size() || f.rows.size() != f.days.size())
        e.fail("days, dates and rows differ in number");
    }
    g.files.emplace_back(e.at("file").string(), std::move(f));
  }
  return g;
}

ExactComparison compare_exact(const ExactGolden& golden, const ExactGolden& now) {
  ExactComparison out;
  if (golden.seed != now.seed)
    out.inputs.push_back(fmt::format("the seed is {}, the goldens' {}", now.seed, golden.seed));
  if (golden.replications != now.replications)
    out.inputs.push_back(
        fmt::format("{} replications, the goldens {}", now.replications, golden.replications));
  const auto find = [](const ExactGolden& g, const std::string& name) -> const FileFingerprint* {
    for (const auto& [n, f] : g.files) {
      if (n == name) return &f;
    }
    return nullptr;
  };
  for (const auto& [name, f] : golden.files) {
    const FileFingerprint* n = find(now, name);
    if (!n) {
      out.files.push_back({name, "missing", "", "", "", name + ": no longer written"});
    } else if (auto d = first_difference(name, f, *n)) {
      out.files.push_back(*d);
    }
  }
  for (const auto& [name, f] : now.files) {
    if (!find(golden, name)) out.files.push_back({name, "new", "", "", "", name + ": a new file"});
  }
  const auto value = [](const ExactGolden& g, const std::string& kpi) -> std::optional<double> {
    for (const auto& [k, v] : g.kpis) {
      if (k == kpi) return v;
    }
    return std::nullopt;
  };
  const auto same = [](std::optional<double> a, std::optional<double> b) {
    if (!a || !b) return !a && !b;
    return *a == *b || (std::isnan(*a) && std::isnan(*b));
  };
  for (const auto& [k, v] : golden.kpis) {
    const std::optional<double> after = value(now, k);
    if (!same(v, after)) out.kpis.push_back({k, v, after});
  }
  for (const auto& [k, v] : now.kpis) {
    if (!value(golden, k)) out.kpis.push_back({k, std::nullopt, v});
  }
  return out;
}

}  // namespace surgesim::run
