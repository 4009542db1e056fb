// Input that yaml-cpp would accept silently, or that would make the loader work without bound, is
// rejected before anything runs: located, with what was expected.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario_fixture.hpp"
#include "surgesim/scenario/input_checks.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace sc = surgesim::scenario;

namespace {

const char* kValid = R"(name: test
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

}  // namespace

TEST_F(ScenarioFiles, HardeningBaselineLoads) { EXPECT_EQ(error_of(kValid), ""); }

TEST_F(ScenarioFiles, DuplicateKeysAreErrorsAtTheSecondNamingTheFirst) {
  EXPECT_CONTAINS(error_of(replace(kValid, "run:", "name: again\nrun:")),
                  "s.yaml:2:1: name: duplicate key 'name' (first at line 1, column 1)");
  EXPECT_CONTAINS(error_of(replace(kValid, "    doctors: 2", "    doctors: 2\n    doctors: 3")),
                  "s.yaml:9:5: clinics[0].doctors: duplicate key 'doctors' (first at line 8, "
                  "column 5)");
  EXPECT_CONTAINS(error_of(replace(kValid, "mean_min: 10}", "mean_min: 10, mean_min: 5}")),
                  "clinics[0].service_min.mean_min: duplicate key 'mean_min' (first at line 9");
  // The same key in two files of an extends chain is an override, not a duplicate.
  write("base.yaml", kValid);
  EXPECT_EQ(error_of("extends: base.yaml\nname: other\n"), "");
  // ... and so is a --set, but a --set value cannot hold a duplicate either.
  EXPECT_CONTAINS(error_of(kValid, {"clinics[0].service_min={dist: constant, value: 1, value: 2}"}),
                  "duplicate key 'value'");
}

TEST_F(ScenarioFiles, ASecondDocumentIsAnError) {
  EXPECT_CONTAINS(error_of(std::string(kValid) + "---\nname: x\n"),
                  "s.yaml:13:1: a second YAML document");
  EXPECT_CONTAINS(error_of("- a\nb: 1\n"), "s.yaml:");
}

TEST_F(ScenarioFiles, KeysMustBePlainText) {
  EXPECT_CONTAINS(error_of(std::string(kValid) + "? [a, b]\n: 1\n"),
                  "s.yaml:13:3: a mapping key must be plain text, found a list");
  EXPECT_CONTAINS(error_of(std::string(kValid) + "? {a: 1}\n: 1\n"),
                  "a mapping key must be plain text, found a mapping");
  EXPECT_CONTAINS(error_of(replace(kValid, "    rooms: 2", "    rooms: 2\n    : 3")),
                  "clinics[0]: a mapping key must be plain text, found nothing");
}

// Nine levels of nine aliases would be 9^9 nodes: the count stops it long before.
TEST_F(ScenarioFiles, AliasExpansionIsBounded) {
  std::string bomb = "lol: &l0 [x, x, x, x, x, x, x, x, x]\n";
  for (int k = 1; k <= 9; ++k) {
    bomb += "l" + std::to_string(k) + ": &l" + std::to_string(k) + " [";
    for (int j = 0; j < 9; ++j) bomb += (j ? ", *l" : "*l") + std::to_string(k - 1);
    bomb += "]\n";
  }
  EXPECT_CONTAINS(error_of(std::string(kValid) + "unknown:\n" + bomb),
                  "more than 1000000 YAML nodes once aliases are expanded");
  // A few aliases are fine (and then rejected or accepted as their keys deserve).
  EXPECT_CONTAINS(error_of(std::string(kValid) + "extra: &e [1, 2]\nmore: *e\n"),
                  "unknown key 'extra'");
}

TEST_F(ScenarioFiles, OnlyRegularFilesOfBoundedSizeAreRead) {
  EXPECT_CONTAINS(error_of("extends: /dev/zero\n"), "extends: not a regular file: /dev/zero");
  EXPECT_CONTAINS(error_of("extends: missing.yaml\n"), "extends: no such file:");
  const std::string big = write("big.yaml", "name: x\n# " + std::string(sc::kMaxYamlBytes, 'x'));
  try {
    sc::load_scenario(big);
    ADD_FAILURE() << "a file over the limit loaded";
  } catch (const sc::ScenarioError& e) {
    EXPECT_CONTAINS(std::string(e.what()), "at most 4194304 are read");
  }
  try {
    sc::load_scenario(dir_.string());
    ADD_FAILURE() << "a folder loaded";
  } catch (const sc::ScenarioError& e) {
    EXPECT_CONTAINS(std::string(e.what()), "not a regular file");
  }
}

TEST_F(ScenarioFiles, InvalidUtf8AndControlCharactersAreLocated) {
  EXPECT_CONTAINS(error_of(replace(kValid, "name: test", "name: caf\xff")),
                  "s.yaml:1:10: invalid UTF-8 (byte 0xff)");
  EXPECT_CONTAINS(error_of(replace(kValid, "id: a", "id: \xc0\xaf")), "s.yaml:6:9: invalid UTF-8");
  EXPECT_CONTAINS(error_of(replace(kValid, "id: a", std::string("id: a\0b", 7))),
                  "s.yaml:6:10: control character 0");
  EXPECT_EQ(error_of(replace(kValid, "name: test", "name: 北京 fever clinics")), "");
}

TEST_F(ScenarioFiles, CsvRowsNeedEveryColumn) {
  const std::string with_csv =
      replace(kValid, "demand: {visits_per_day: 40}", "demand: {counts_csv: counts.csv}");
  write("counts.csv", "day,count\n0,10\n1,12\n");
  EXPECT_EQ(error_of(with_csv), "");
  write("counts.csv", "day,count\n0,10\n12\n");
  EXPECT_CONTAINS(error_of(with_csv),
                  "counts.csv:3: clinics[0].demand.counts_csv: expected 2 "
                  "columns (as in the first row), found 1");
  write("counts.csv", "day,count\n0,10,3\n");
  EXPECT_CONTAINS(error_of(with_csv), "counts.csv:2: clinics[0].demand.counts_csv: expected 2");
  write("counts.csv", "day,count\n0,10x\n");
  EXPECT_CONTAINS(error_of(with_csv),
                  "counts.csv:2: clinics[0].demand.counts_csv: expected a "
                  "count >= 0 in the last column, found '10x'");
  write("counts.csv", "day,count\r\n0,10\r\n");
  EXPECT_EQ(error_of(with_csv), "");  // written on Windows
}
