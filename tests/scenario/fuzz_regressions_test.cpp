// Every input in fuzz/regressions/ (hostile inputs, and whatever the fuzzer ever found) loads or
// fails with a located ScenarioError: no crash, no other exception, no unbounded work.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace fs = std::filesystem;

TEST(FuzzRegressions, EveryInputLoadsOrGivesALocatedError) {
  std::size_t inputs = 0;
  for (const auto& e : fs::directory_iterator(SURGESIM_FUZZ_REGRESSIONS)) {
    if (e.path().extension() == ".md") continue;
    ++inputs;
    const std::string name = e.path().filename().string();
    try {
      surgesim::scenario::load_scenario(e.path().string());
    } catch (const surgesim::scenario::ScenarioError& err) {
      // Located: the message starts with the file it is about (or a file it extends).
      EXPECT_NE(std::string(err.what()).find(".yaml"), std::string::npos)
          << name << ": " << err.what();
      EXPECT_FALSE(err.message().empty()) << name;
    } catch (const std::exception& err) {
      ADD_FAILURE() << name << ": not a ScenarioError: " << err.what();
    }
  }
  EXPECT_GE(inputs, 10u);
}
