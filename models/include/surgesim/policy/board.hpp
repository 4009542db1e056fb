#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace surgesim::policy {

/// Which model measures a metric (a scenario without that model has none of its metrics).
enum class Source : std::uint8_t { kCare, kEpidemic, kEms, kHospitals };

/// One daily measure: its name (a KPI's name where one exists), what it is, and whether it is
/// measured per district as well as for the whole city.
struct MetricInfo {
  const char* name;
  Source source;
  bool by_district;
  const char* what;
};

/// Every metric a model publishes on the board, in a fixed order (a metric's index is its id).
const std::vector<MetricInfo>& metric_catalogue();
/// The index of a metric by name, or npos.
inline constexpr std::size_t kNoMetric = std::numeric_limits<std::size_t>::max();
std::size_t metric_index(const std::string& name);

/// Where a trigger is checked and a policy applied: the whole city, or each district on its own.
enum class Scope : std::uint8_t { kCity, kDistrict };

/// The metrics board: at each day's end every model publishes that day's measures, for the city
/// and, where it measures them so, for each district. Triggers read it; it holds one day.
class Board {
 public:
  explicit Board(std::size_t districts);
  std::size_t districts() const noexcept { return districts_; }
  void set_city(std::size_t metric, double value) { city_[metric] = value; }
  void set_district(std::size_t metric, std::size_t district, double value) {
    district_[metric * districts_ + district] = value;
  }
  void add_district(std::size_t metric, std::size_t district, double value) {
    district_[metric * districts_ + district] += value;
  }
  double city(std::size_t metric) const { return city_[metric]; }
  double district(std::size_t metric, std::size_t district) const {
    return district_[metric * districts_ + district];
  }
  /// The value at a scope: the city's (unit ignored) or district `unit`'s.
  double at(std::size_t metric, Scope scope, std::size_t unit) const {
    return scope == Scope::kCity ? city(metric) : district(metric, unit);
  }
  /// Every value back to 0 (a new day).
  void clear();
  const std::vector<double>& city_values() const noexcept { return city_; }
  const std::vector<double>& district_values() const noexcept { return district_; }

 private:
  std::size_t districts_;
  std::vector<double> city_;
  std::vector<double> district_;  // [metric][district]
};

/// The board of every day of a run, as the triggers saw it: what the run's totals and peaks and
/// the board's own output file are read from.
class BoardHistory {
 public:
  BoardHistory() = default;
  explicit BoardHistory(std::size_t districts) : districts_(districts) {}
  /// Appends the board as it stands at a day's end.
  void record(const Board& b);
  int days() const noexcept { return days_; }
  std::size_t districts() const noexcept { return districts_; }
  double city(int day, std::size_t metric) const {
    return city_[static_cast<std::size_t>(day) * metric_catalogue().size() + metric];
  }
  double district(int day, std::size_t metric, std::size_t district) const {
    return district_[(static_cast<std::size_t>(day) * metric_catalogue().size() + metric) *
                         districts_ +
                     district];
  }
  /// Over the days, a metric's city values added up (a count) or their largest (a peak).
  double city_sum(const char* metric) const;
  double city_max(const char* metric) const;
  bool operator==(const BoardHistory&) const = default;

 private:
  std::size_t districts_ = 0;
  int days_ = 0;
  std::vector<double> city_;      // [day][metric]
  std::vector<double> district_;  // [day][metric][district]
};

}  // namespace surgesim::policy
