#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "surgesim/engine/schedule.hpp"
#include "surgesim/policy/board.hpp"

namespace surgesim::policy {

/// The levers a policy can turn during a run, each a schedule of the scenario.
enum class LeverKind : std::uint8_t {
  kClinicOpen,            // clinic i
  kClinicRooms,           // clinic i
  kClinicDoctors,         // clinic i
  kClinicHours,           // clinic i: every day\'s hours (FeverClinicParams::hours_set)
  kClinicQueueLimit,      // clinic i: waiting places (-1: none)
  kClinicTablets,         // clinic i, its drug slot j: tablets per visit
  kCitySupply,            // drug i: tablets a day
  kEmsSeats,              //
  kEmsDiversion,          //
  kEmsVehicles,           // district i: vehicles
  kBeds,                  // district i, pool j: the district's own beds
  kFacilityBeds,          // facility i, pool j
  kCrewMaxWait,           // hospitals: a crew's longest wait to hand over
  kContacts,              // setting i: contact multiplier
  kIsolationShare,        //
  kCentralisedIsolation,  //
  kAntiviralShare,        //
  kVaccination,           // band i: share of the unvaccinated a day
  kMutualAid,             // neighbours sharing medicine on or off
  kResupply,              // clinic i, its drug slot j: tablets a delivery
  kAllocation,            // drug i: the city supply shared by demand (true) or equally
  kOnlineShare,           // share of clinic visits offered an online consult
  kOnlinePerDay,          // online consults a day (-1: no limit)
  kOnlineTablets,         // tablets of a drug per online consult (-1: the clinic's rule)
  kHealthPacks,           // health packs delivered a day
  kQuarantineShare,       // share of isolated cases whose contacts are quarantined
  kQuarantineDays,        //
  kQuarantineContacts,    // people of the grid quarantined besides the household
};

/// One schedule a policy changes: which lever, where, and the district it belongs to (-1: none).
struct LeverTarget {
  LeverKind kind{};
  std::size_t i = 0, j = 0;
  int district = -1;
  std::string path;  ///< as a user would write it, for messages
};

/// True for levers the epidemic reads as it computes a day (its controls, and which clinics
/// patients can go to): a policy triggered by a measure cannot change them for a day the epidemic
/// has already computed, so such runs do not overlap the two.
bool read_by_epidemic(LeverKind kind);

using AnySchedule = std::variant<engine::Schedule<int>*, engine::Schedule<double>*,
                                 engine::Schedule<bool>*, engine::Schedule<std::int64_t>*>;
/// Finds a target's schedule in one replication's own copy of the scenario.
using LeverLookup = std::function<AnySchedule(const LeverTarget&)>;

/// One change a policy makes: set, scale or add an amount to every target.
struct Action {
  engine::AdjustOp op = engine::AdjustOp::kSet;
  double amount = 0;
  std::vector<LeverTarget> targets;
};

enum class Compare : std::uint8_t { kLess, kLessEqual, kGreater, kGreaterEqual };
/// `metric op threshold`, checked on a day's board.
struct Condition {
  std::size_t metric = 0;
  Compare op = Compare::kGreater;
  double threshold = 0;
  bool holds(double value) const;
};

/// A policy: switched on by date (`at`) or when a condition has held for `for_days` days in a row
/// (checked at each day's end, per district with district scope); in effect from 00:00 of the day
/// after the day it fires plus `delay_days` (a date policy: from its day); released by date
/// (`until`) or when `release` has held for `release_days`; fires at most `max_fires` times.
struct PolicySpec {
  std::string id;
  std::optional<int> at, until;
  std::optional<Condition> when;
  int for_days = 1;
  Scope scope = Scope::kCity;
  int delay_days = 0;
  std::optional<Condition> release;
  int release_days = 1;
  int max_fires = 1;
  std::vector<Action> actions;
  /// Some target is read by the epidemic, and the policy fires on a measure.
  bool triggered_on_epidemic_levers() const;
};

enum class EventKind : std::uint8_t { kFired, kEffective, kReleased };
inline constexpr const char* kEventNames[] = {"fired", "effective", "released"};

/// A row of policy_events.csv (metric npos and value NaN for a date policy's events).
struct PolicyEvent {
  int day = 0;
  std::size_t policy = 0;
  int unit = -1;  ///< district with district scope, else -1
  EventKind event{};
  std::size_t metric = kNoMetric;
  double value = 0;
  bool operator==(const PolicyEvent&) const = default;
};

/// Runs a scenario's policies in one replication: date policies are laid on the levers before
/// the run; triggers are checked on the board at each day's end.
class PolicyRunner {
 public:
  PolicyRunner(const std::vector<PolicySpec>& specs, std::size_t districts, int days,
               LeverLookup lookup);
  /// Lays the date policies on the levers (before any model reads them).
  void apply_dated();
  /// The day has ended and the board holds its measures: fire, log and release.
  void end_of_day(int day, const Board& board);
  const std::vector<PolicyEvent>& events() const noexcept { return events_; }

 private:
  struct Unit {            // one policy at one scope unit (the city, or a district)
    int held = 0;          // consecutive days the condition held
    int release_held = 0;  // consecutive days the release condition held
    int fires = 0;
    bool active = false;     // fired and not yet released
    int effective_day = -1;  // of the latest firing, logged when that day ends
    int released_day = -1;   // the first day without the policy's values, logged when it ends
    std::vector<std::pair<AnySchedule, std::size_t>> handles;  // adjustments laid
  };
  void lay(std::size_t p, int unit, int from, int until, Unit& u);
  void log(int day, std::size_t p, int unit, EventKind e, std::size_t metric, double value);

  const std::vector<PolicySpec>& specs_;
  std::size_t districts_;
  int days_;
  LeverLookup lookup_;
  std::vector<std::vector<Unit>> units_;  // [policy][unit]
  std::vector<PolicyEvent> events_;
};

}  // namespace surgesim::policy
