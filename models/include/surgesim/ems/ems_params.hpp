#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/engine/schedule.hpp"

namespace surgesim::ems {

/// What the dispatcher makes of a call.
enum class Urgency : std::uint8_t { kUrgent = 0, kNonUrgent = 1, kAdvice = 2 };

/// Why somebody calls 120: the epidemic's reasons, everything else (background), and people in
/// isolation who need transport to treatment (dialysis, chemotherapy, childbirth).
enum class CallKind : std::uint8_t {
  kMild = 0,
  kModerate,
  kSevere,
  kCritical,
  kBackground,
  kIsolation
};
inline constexpr std::size_t kCallKinds = 6;
inline constexpr std::array<const char*, kCallKinds> kCallKindNames = {
    "mild", "moderate", "severe", "critical", "background", "isolation"};

/// An ambulance station: its district and its vehicles.
struct Station {
  std::string id;
  std::uint32_t district = 0;
  int vehicles = 1;
};

/// The 120 emergency medical service (plain data, filled by scenario/).
struct EmsParams {
  // Geography: district centroids and driving.
  std::vector<std::string> districts;
  std::vector<double> x_km, y_km;  ///< centroid of each district
  double within_district_km = 3;   ///< a trip that stays inside a district
  double detour_factor = 1.3;      ///< road distance / straight-line distance
  double speed_kmh = 35;
  std::array<double, 24> congestion{};  ///< travel-time multiplier by hour (all 0: 1)

  // Call handling: dispatcher seats (from day d on), handling time, triage and diversion.
  engine::Schedule<int> seats = 50;  ///< by day (seats, then seat_schedule)
  engine::Distribution handling_min = engine::Distribution::lognormal_mean_sd(2, 1);
  /// Per call kind: share urgent and share non-urgent (the rest get advice only).
  std::array<std::array<double, 2>, kCallKinds> triage{{{0.05, 0.35},  // mild
                                                        {0.2, 0.5},    // moderate
                                                        {0.9, 0.1},    // severe
                                                        {1.0, 0.0},    // critical
                                                        {0.3, 0.2},    // background
                                                        {0.2, 0.8}}};  // isolation
  /// Share of non-urgent calls diverted to a hotline or transport team, from a day on.
  engine::Schedule<double> diversion = 0.0;

  // The fleet.
  std::vector<Station> stations;
  /// Vehicles of each district, by day, shared among its stations as the loader shared them
  /// (empty: each station keeps its own vehicles). A policy may add or remove vehicles.
  std::vector<engine::Schedule<int>> vehicles;
  std::array<double, 24> crewed_share{};  ///< share of vehicles with a crew, by hour (all 0: 1)
  engine::Distribution scene_min = engine::Distribution::lognormal_mean_sd(15, 8);
  engine::Distribution handover_min = engine::Distribution::lognormal_mean_sd(10, 5);
  std::array<double, 2> transport_share{0.9, 0.7};  ///< urgent, non-urgent patients taken in
  /// A crew done at the scene or the hospital takes the next waiting call from where it is (as
  /// dispatch by GPS does); false: it drives back to its station first.
  bool retask = true;
  /// How long a call waits for a vehicle before it is abandoned (none: forever).
  std::array<std::optional<engine::Distribution>, 2> patience_min;

  // Emergency departments, one pool of trolleys per district (a stand-in for the hospitals of
  // the referral model): a crew hands over only when a trolley is free.
  std::vector<int> ed_trolleys;
  engine::Distribution ed_stay_min = engine::Distribution::lognormal_mean_sd(240, 120);

  // Background (non-epidemic) calls: a non-homogeneous Poisson process by day and hour.
  std::vector<double> background_calls_per_day;    ///< the last value repeats; empty: none
  std::array<double, 24> background_hourly{};      ///< all 0: flat
  std::vector<double> background_district_weight;  ///< where they come from (empty: equally)
};

}  // namespace surgesim::ems
