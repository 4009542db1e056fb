// Sweeps: the points of a design, and the rows of sweep.csv.
#include "surgesim/run/sweep.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/split_mix.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/engine/uniform_index.hpp"
#include "surgesim/run/csv.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::run {

namespace {

using scenario::DesignKind;
using scenario::SweepParameter;

// A value of a range parameter at u in [0, 1).
std::string range_value(const SweepParameter& p, double u) {
  if (p.integer) {
    const double span = std::floor(p.max) - std::ceil(p.min) + 1;
    const auto v = static_cast<long long>(
        std::min(std::floor(p.max), std::ceil(p.min) + std::floor(u * span)));
    if (!p.date_from.empty()) return scenario::add_days(p.date_from, static_cast<int>(v));
    return std::to_string(v);
  }
  return csv_real(p.min + u * (p.max - p.min));
}

std::pair<std::size_t, std::size_t> key_of(const std::string& row) {
  const std::size_t a = row.find(','), b = row.find(',', a + 1);
  return {std::stoull(row.substr(0, a)), std::stoull(row.substr(a + 1, b - a - 1))};
}

}  // namespace

std::vector<SweepPoint> design_points(const scenario::SweepDesign& d, std::uint64_t seed) {
  std::vector<SweepPoint> points;
  const std::size_t n = d.parameters.size();
  switch (d.kind) {
    case DesignKind::kGrid: {
      std::vector<std::size_t> at(n, 0);
      for (;;) {
        SweepPoint p{points.size(), {}};
        for (std::size_t j = 0; j < n; ++j) p.values.push_back(d.parameters[j].values[at[j]]);
        points.push_back(std::move(p));
        std::size_t j = n;
        while (j > 0 && ++at[j - 1] == d.parameters[j - 1].values.size()) at[--j] = 0;
        if (j == 0) break;
      }
      break;
    }
    case DesignKind::kOat:
      points.push_back({0, std::vector<std::string>(n)});
      for (std::size_t j = 0; j < n; ++j) {
        for (const std::string& v : d.parameters[j].values) {
          SweepPoint p{points.size(), std::vector<std::string>(n)};
          p.values[j] = v;
          points.push_back(std::move(p));
        }
      }
      break;
    case DesignKind::kLhs: {
      engine::SplitMix64 rng(engine::RngStreams(seed, 0).seed_for("sweep/design"));
      std::vector<std::vector<std::size_t>> strata(n);
      for (auto& s : strata) {
        for (std::size_t i = 0; i < d.points; ++i) s.push_back(i);
        for (std::size_t i = d.points; i > 1; --i)  // Fisher-Yates
          std::swap(s[i - 1], s[engine::uniform_index(rng, i)]);
      }
      for (std::size_t i = 0; i < d.points; ++i) {
        SweepPoint p{i, {}};
        for (std::size_t j = 0; j < n; ++j) {
          const double u =
              (static_cast<double>(strata[j][i]) + rng.uniform01()) / static_cast<double>(d.points);
          p.values.push_back(range_value(d.parameters[j], u));
        }
        points.push_back(std::move(p));
      }
      break;
    }
    case DesignKind::kSobol: {
      boost::random::sobol sobol(n);
      sobol.discard(n);  // the first point is the origin
      const double scale = static_cast<double>(sobol.max() - sobol.min()) + 1.0;
      for (std::size_t i = 0; i < d.points; ++i) {
        SweepPoint p{i, {}};
        for (std::size_t j = 0; j < n; ++j)
          p.values.push_back(
              range_value(d.parameters[j], static_cast<double>(sobol() - sobol.min()) / scale));
        points.push_back(std::move(p));
      }
      break;
    }
  }
  return points;
}

std::vector<std::string> point_overrides(const scenario::SweepDesign& d, const SweepPoint& p) {
  std::vector<std::string> out;
  for (std::size_t j = 0; j < d.parameters.size(); ++j) {
    if (!p.values[j].empty()) out.push_back(d.parameters[j].path + "=" + p.values[j]);
  }
  return out;
}

std::string sweep_header(const scenario::SweepDesign& d, const std::vector<std::string>& kpis) {
  CsvRow r;
  r.text("point").text("replication").text("seed");
  for (const SweepParameter& p : d.parameters) r.text(p.path);
  for (const std::string& k : kpis) r.text(k);
  return r.line();
}

std::string sweep_row(const SweepPoint& p, std::size_t replication, std::uint64_t seed,
                      const std::vector<double>& kpis) {
  CsvRow r;
  r.integer(static_cast<std::int64_t>(p.index))
      .integer(static_cast<std::int64_t>(replication))
      .integer(static_cast<std::int64_t>(seed));
  for (const std::string& v : p.values) r.text(v);
  for (double v : kpis) r.real(v);
  return r.line();
}

SweepRows read_sweep_rows(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read it");
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  SweepRows s;
  std::size_t at = text.find('\n');
  if (at == std::string::npos || text.rfind("point,replication,seed", 0) != 0)
    throw std::runtime_error(path + ":1: not a sweep.csv (expected point,replication,seed,...)");
  s.header = text.substr(0, at + 1);
  const std::size_t columns = csv_split(s.header.substr(0, at)).size();
  s.complete_bytes = at + 1;
  for (std::size_t line = 2, from = at + 1; from < text.size(); ++line) {
    const std::size_t end = text.find('\n', from);
    if (end == std::string::npos) break;  // cut off by a crash: run again
    const std::string row = text.substr(from, end - from + 1);
    if (csv_split(row.substr(0, row.size() - 1)).size() != columns)
      throw std::runtime_error(path + ":" + std::to_string(line) + ": expected " +
                               std::to_string(columns) + " fields");
    s.done.insert(key_of(row));
    s.rows.push_back(row);
    from = end + 1;
    s.complete_bytes = from;
  }
  return s;
}

std::vector<std::string> sorted_rows(const std::vector<std::string>& rows) {
  std::map<std::pair<std::size_t, std::size_t>, std::string> by_key;
  for (const std::string& r : rows) by_key.emplace(key_of(r), r);
  std::vector<std::string> out;
  for (auto& [k, r] : by_key) out.push_back(r);
  return out;
}

std::string sweep_summary_csv(const scenario::SweepDesign& d, const std::vector<SweepPoint>& points,
                              const std::vector<std::string>& kpis,
                              const std::vector<std::string>& sorted) {
  CsvRow h;
  h.text("point").text("replications");
  for (const SweepParameter& p : d.parameters) h.text(p.path);
  for (const std::string& k : kpis) {
    for (const char* stat : {"_mean", "_sd", "_ci95_low", "_ci95_high"}) h.text(k + stat);
  }
  std::string out = h.line();
  const std::size_t first_kpi = 3 + d.parameters.size();
  std::map<std::size_t, std::vector<std::vector<double>>> by_point;  // point -> [kpi][rep]
  for (const std::string& row : sorted) {
    const std::vector<std::string> cells = csv_split(row.substr(0, row.size() - 1));
    auto& v = by_point[std::stoull(cells[0])];
    v.resize(kpis.size());
    for (std::size_t k = 0; k < kpis.size(); ++k) v[k].push_back(std::stod(cells[first_kpi + k]));
  }
  for (const SweepPoint& p : points) {
    const auto it = by_point.find(p.index);
    if (it == by_point.end()) continue;
    CsvRow r;
    r.integer(static_cast<std::int64_t>(p.index))
        .integer(static_cast<std::int64_t>(it->second.empty() ? 0 : it->second[0].size()));
    for (const std::string& v : p.values) r.text(v);
    for (const std::vector<double>& values : it->second) {
      const engine::Summary s = engine::summarize(values);
      r.real(s.mean);
      for (double v : {s.sd, s.ci_low, s.ci_high}) {
        if (std::isfinite(v)) {
          r.real(v);
        } else {
          r.text("");
        }
      }
    }
    out += r.line();
  }
  return out;
}

std::string design_points_csv(const scenario::SweepDesign& d,
                              const std::vector<SweepPoint>& points) {
  CsvRow h;
  h.text("point");
  for (const SweepParameter& p : d.parameters) h.text(p.path);
  std::string out = h.line();
  for (const SweepPoint& p : points) {
    CsvRow r;
    r.integer(static_cast<std::int64_t>(p.index));
    for (const std::string& v : p.values) r.text(v);
    out += r.line();
  }
  return out;
}

}  // namespace surgesim::run
