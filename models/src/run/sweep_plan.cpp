#include "surgesim/run/sweep_plan.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "surgesim/run/scenario_run.hpp"

namespace surgesim::run {

namespace {
struct Stopped {};
}  // namespace

SweepPlan plan_sweep(const std::string& scenario_file, const std::string& design_file,
                     const std::vector<std::string>& overrides,
                     std::optional<std::size_t> replications) {
  SweepPlan plan;
  plan.design = scenario::load_design(design_file);
  if (replications) plan.design.replications = *replications;  // per point
  plan.base = scenario::load_scenario(scenario_file, overrides);
  plan.kpis = kpi_names(plan.base);
  plan.points = design_points(plan.design, plan.base.run.seed);
  for (const SweepPoint& p : plan.points) {
    std::vector<std::string> o = overrides;
    for (const std::string& s : point_overrides(plan.design, p)) o.push_back(s);
    try {
      plan.scenarios.push_back(scenario::load_scenario(scenario_file, o));
    } catch (const scenario::ScenarioError& e) {
      throw SweepPointError(p.index, e,
                            std::string(e.what()) + "\n(at point " + std::to_string(p.index) +
                                " of " + design_file + ")");
    }
    if (kpi_names(plan.scenarios.back()) != plan.kpis)
      throw SweepPointError(p.index, std::nullopt,
                            "point " + std::to_string(p.index) + " changes the scenario's models");
  }
  return plan;
}

std::vector<std::pair<std::size_t, std::size_t>> all_runs(const SweepPlan& plan) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    for (std::size_t r = 0; r < plan.design.replications; ++r) runs.emplace_back(p, r);
  }
  return runs;
}

std::size_t run_sweep(SweepPlan& plan, const std::vector<std::pair<std::size_t, std::size_t>>& todo,
                      int threads, const std::function<void(const std::string&)>& on_row,
                      const std::function<bool()>& stop) {
  const int cores = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  // More runs than cores: each on one thread; else each run's epidemic shares the cores.
  if (todo.size() >= static_cast<std::size_t>(std::max(cores, 1))) {
    for (scenario::Scenario& s : plan.scenarios) s.run.threads = 1;
  }
  std::atomic<std::size_t> done{0};
  std::mutex rows;
  oneapi::tbb::task_arena arena(std::max(cores, 1));
  arena.execute([&] {
    oneapi::tbb::parallel_for(
        std::size_t{0}, todo.size(), std::size_t{1},
        [&](std::size_t k) {
          if (stop()) return;
          const auto [p, r] = todo[k];
          ReplicationResult res;
          try {  // a stop ends a run at the end of its day; its row is not written
            res = run_replication(plan.scenarios[p], r, [&stop] {
              if (stop()) throw Stopped{};
            });
          } catch (const Stopped&) {
            return;
          }
          const std::string row = sweep_row(plan.points[p], r, plan.base.run.seed, res.kpis);
          const std::lock_guard<std::mutex> lock(rows);
          on_row(row);
          ++done;
        },
        oneapi::tbb::simple_partitioner{});
  });
  return done.load();
}

}  // namespace surgesim::run
