// A sweep ready to run: its design, the scenario at each point (every one loaded, and so checked,
// before the first run), and the runs of (point, replication) on this machine's cores.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "surgesim/run/sweep.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"
#include "surgesim/scenario/sweep_design.hpp"

namespace surgesim::run {

struct SweepPlan {
  scenario::SweepDesign design;
  scenario::Scenario base;
  std::vector<std::string> kpis;
  std::vector<SweepPoint> points;
  std::vector<scenario::Scenario> scenarios;  ///< per point
};

/// A point of the design whose scenario does not load (`error` says why) or that changes the
/// scenario's models (`error` is empty then; what() says so).
struct SweepPointError : std::runtime_error {
  SweepPointError(std::size_t p, std::optional<scenario::ScenarioError> e, const std::string& what)
      : std::runtime_error(what), point(p), error(std::move(e)) {}
  std::size_t point;
  std::optional<scenario::ScenarioError> error;
};

/// Loads the design and the scenario (with `overrides`), then every point's scenario.
/// `replications` replaces the design's replications a point. Throws scenario::ScenarioError for
/// the design or the scenario, SweepPointError for a point.
SweepPlan plan_sweep(const std::string& scenario_file, const std::string& design_file,
                     const std::vector<std::string>& overrides,
                     std::optional<std::size_t> replications = std::nullopt);

/// Every (point, replication) of the plan, in order.
std::vector<std::pair<std::size_t, std::size_t>> all_runs(const SweepPlan& plan);

/// Runs `todo` on `threads` cores (oneTBB; 0: all), each run on one thread when there are at least
/// as many runs as cores. Each finished run's sweep.csv row goes to `on_row`, called from the
/// worker threads one at a time; `stop()` is asked before each run and at the end of each
/// simulated day (a stopped run gives no row). Returns the runs done.
std::size_t run_sweep(SweepPlan& plan, const std::vector<std::pair<std::size_t, std::size_t>>& todo,
                      int threads, const std::function<void(const std::string&)>& on_row,
                      const std::function<bool()>& stop);

}  // namespace surgesim::run
