#pragma once

#include <optional>
#include <string>
#include <vector>

#include "surgesim/policy/policy.hpp"

namespace surgesim::scenario {

struct Scenario;

/// What a lever's values are.
enum class LeverValue : std::uint8_t {
  kInteger,
  kReal,
  kBool,
  kIsolationPlace,  ///< home / centralised
  kHours,           ///< "08:00-20:00", 24h, closed
  kAllocation,      ///< by_demand / equal
  kCountOrNone      ///< a whole number, or none (no limit)
};

/// A lever path resolved on a scenario: its concrete targets, what its values are and their
/// bounds (a policy's set value must lie within them; scaled and added values are kept within).
struct ResolvedLever {
  std::vector<policy::LeverTarget> targets;
  LeverValue value = LeverValue::kReal;
  double lo = 0, hi = 0;
};

/// The lever paths a policy may change, with their selectors, for messages and the docs.
const std::vector<std::string>& lever_paths();

/// Resolves a policy's lever path (the --set paths' syntax, with selectors [*], [N], [id=x] or
/// [x], [kind=x], [district=x]) on the scenario, and sets the bounds of every target's schedule.
/// Throws std::invalid_argument with what is wrong (an unknown or unchangeable path, a selector
/// that selects nothing).
ResolvedLever resolve_lever(Scenario& s, const std::string& path);

/// A target's schedule in a scenario (one replication's own copy).
policy::AnySchedule schedule_of(Scenario& s, const policy::LeverTarget& t);

}  // namespace surgesim::scenario
