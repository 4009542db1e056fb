// Helpers for tests that run shipped scenarios with policies added.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace policy_test {

namespace sc = surgesim::scenario;
namespace run = surgesim::run;

// A scenario extending a shipped one with `extra` YAML, loaded with `sets`.
inline sc::Scenario extending(const std::string& base, const std::string& extra,
                              std::vector<std::string> sets = {}) {
  const std::string path = ::testing::TempDir() + "/policy-" + std::to_string(::getpid()) + "-" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                           ".yaml";
  std::ofstream(path) << "extends: " SURGESIM_SCENARIOS "/" << base << "\n" << extra;
  sc::Scenario s = sc::load_scenario(path, sets);
  std::remove(path.c_str());
  return s;
}

inline double kpi(const sc::Scenario& s, const run::ReplicationResult& r, const std::string& name) {
  const std::vector<std::string> names = run::kpi_names(s);
  const auto it = std::find(names.begin(), names.end(), name);
  EXPECT_NE(it, names.end()) << name;
  return it == names.end() ? 0.0 : r.kpis[static_cast<std::size_t>(it - names.begin())];
}

/// A hundredth of Beijing's people, 40 days: enough for the levers to act, in about a second.
inline const std::vector<std::string> kSmallCity = {"epidemic.population_scale=0.01",
                                                    "run.days=40"};

}  // namespace policy_test
