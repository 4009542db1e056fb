#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/engine/schedule.hpp"

namespace surgesim::care {

inline constexpr double kMinutesPerDay = 1440.0;

/// Tablets the city sends out each day, shared among the clinics that stock the drug.
struct CitySupply {
  /// Tablets a day: 0 until the scenario's from_day (a policy may change it during a run).
  engine::Schedule<std::int64_t> tablets_per_day = std::int64_t{0};
  /// Shared by yesterday's patients needing the drug (true) or equally, by day.
  engine::Schedule<bool> by_demand = true;
};

/// A drug class and who needs it (filled by scenario/, read by the clinics).
struct DrugInfo {
  std::string id;
  int tablets_per_box = 20;
  double need_share = 0;  ///< share of fever patients who need this drug
  CitySupply city_supply;
};

/// One clinic's stock and dispensing rule for one drug.
struct DrugSupply {
  std::size_t drug = 0;  ///< index into the scenario's drug list
  std::int64_t initial_tablets = 0;
  /// Tablets given per visit, by day (the scenario's tablets_per_visit, then its rationing steps).
  engine::Schedule<int> tablets_per_visit = 20;
  /// Delivered every resupply_every_days (0: none), by day.
  engine::Schedule<std::int64_t> resupply_tablets = std::int64_t{0};
  double resupply_every_days = 0;
};

/// Opening hours of one weekday, in minutes after midnight; closed when open_min == close_min.
struct DailyHours {
  int open_min = 0;
  int close_min = 1440;
  bool closed() const { return open_min == close_min; }
};

enum class ClinicKind { kCommunityFeverRoom, kChcFeverClinic, kHospitalFeverClinic };
/// The kinds as scenarios and outputs name them.
inline constexpr std::array<const char*, 3> kClinicKindNames = {
    "community_fever_room", "chc_fever_clinic", "hospital_fever_clinic"};
inline const char* kind_name(ClinicKind k) { return kClinicKindNames[static_cast<std::size_t>(k)]; }

struct FeverClinicParams {
  std::string id;
  ClinicKind kind = ClinicKind::kChcFeverClinic;
  std::string district;
  std::string grid;
  std::string group;     ///< a label of the scenario\'s, for selecting clinics (`[group=x]`)
  int subdistrict = -1;  ///< index within the district (epidemic scenarios); -1: anywhere in it
  engine::Schedule<int> rooms = 1;
  /// Open for patients on a day (a dormant clinic: `open: false`, or `opens: DATE`).
  engine::Schedule<bool> open = true;
  engine::Schedule<int> doctors = 1;  ///< on duty, by day (doctors, then doctor_schedule)
  std::array<DailyHours, 7> hours{};  ///< Monday .. Sunday
  /// Hours for every day while a policy sets them (hours_code()); -1: the weekday's own hours.
  engine::Schedule<int> hours_set = -1;
  engine::Distribution service_min = engine::Distribution::exponential_mean(10);
  bool blood_count = false;
  bool chest_xray = false;
  bool priority_for_key_groups = false;  ///< queue discipline: false = FIFO
  /// Waiting places, by day (-1: none); arrivals balk once they are full.
  engine::Schedule<std::int64_t> queue_limit = std::int64_t{-1};
  /// A day's queue limit as the clinic's resource takes it.
  std::size_t queue_limit_on(int day) const {
    const std::int64_t n = queue_limit.at(day);
    return n < 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(n);
  }
  std::optional<engine::Distribution> patience_min;
  bool serve_late = true;  ///< at closing: serve those waiting, or send them home until opening
  std::vector<DrugSupply> drugs;

  // Demand given by the scenario: a non-homogeneous Poisson process.
  std::vector<double> visits_per_day;       ///< day d (days past the end repeat the last value)
  std::array<double, 24> hourly_weights{};  ///< relative arrival intensity by hour of day
  double key_group_share = 0;
  double needs_diagnostics_share = 0;

  /// A day's hours as one number (open * 1441 + close), as hours_set holds them.
  static int hours_code(const DailyHours& h) { return h.open_min * 1441 + h.close_min; }
  static DailyHours hours_of_code(int code) { return {code / 1441, code % 1441}; }
  /// The hours of a day: closed when the clinic is not open, a policy's hours while it sets them,
  /// else the weekday's (day 0 is weekday `first_weekday`, 0 = Monday).
  DailyHours hours_on(int day, int first_weekday) const {
    if (!open.at(day)) return DailyHours{0, 0};
    const int code = hours_set.at(day);
    if (code >= 0) return hours_of_code(code);
    return hours[static_cast<std::size_t>((first_weekday + day) % 7)];
  }
  bool can_diagnose() const { return blood_count && chest_xray; }
};

}  // namespace surgesim::care
