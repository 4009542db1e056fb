#pragma once

// A test fixture that writes scenario files into a fresh folder and reports load errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

// A small valid scenario that tests turn into bad ones, one change at a time.
inline const char* kValid = R"(name: test
run: {days: 3, seed: 5, replications: 2}
drugs:
  - {id: ibuprofen, tablets_per_box: 20, need_share: 0.5}
clinics:
  - id: a
    rooms: 2
    doctors: 2
    service_min: {dist: exponential, mean_min: 10}
    drugs:
      - {drug: ibuprofen, initial_tablets: 100, tablets_per_visit: 20}
    demand: {visits_per_day: 40}
)";

class ScenarioFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("surgesim-test-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  // The error text for loading `text`, or "" if it loaded.
  std::string error_of(const std::string& text, std::vector<std::string> sets = {}) {
    const std::string f = write("s.yaml", text);
    try {
      surgesim::scenario::load_scenario(f, sets);
    } catch (const surgesim::scenario::ScenarioError& e) {
      return e.what();
    }
    return "";
  }
  std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  }
  std::filesystem::path dir_;
};

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "in: " << (haystack)

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "in: " << (haystack)
