// Input that yaml-cpp would accept silently, or that would make the loader work without bound, is
// rejected before anything runs: located, with what was expected.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "scenario_fixture.hpp"
#include "surgesim/scenario/input_checks.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace sc = surgesim::scenario;

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
                  "count from 0 to 10000000 in the last column, found '10x'");
  write("counts.csv", "day,count\r\n0,10\r\n");
  EXPECT_EQ(error_of(with_csv), "");  // written on Windows
}

TEST_F(ScenarioFiles, AMisspeltRequiredKeyIsNamedWithTheKeyItShouldBe) {
  EXPECT_CONTAINS(error_of(replace(kValid, "doctors: 2", "doctor: 2")),
                  "s.yaml:8:5: clinics[0].doctor: unknown key 'doctor' (did you mean 'doctors'?); "
                  "the required key 'doctors' is missing");
  // Far from any key: the plain message.
  EXPECT_CONTAINS(error_of(replace(kValid, "    doctors: 2\n", "")),
                  "clinics[0]: missing required key 'doctors'");
}

// A quoted scalar is text in YAML: where a number or true/false is expected it is an error, so a
// value is never read differently from how it is written. Text may be quoted.
TEST_F(ScenarioFiles, QuotedNumbersAndBooleansAreErrors) {
  EXPECT_CONTAINS(error_of(replace(kValid, "doctors: 2", "doctors: \"2\"")),
                  "s.yaml:8:14: clinics[0].doctors: expected an integer, found the quoted text "
                  "\"2\" (write it without quotes)");
  EXPECT_CONTAINS(error_of(replace(kValid, "need_share: 0.5", "need_share: '0.5'")),
                  "drugs[0].need_share: expected a number, found the quoted text \"0.5\"");
  EXPECT_CONTAINS(
      error_of(replace(kValid, "    rooms: 2", "    rooms: 2\n    blood_count: \"true\"")),
      "clinics[0].blood_count: expected true or false, found the quoted text");
  EXPECT_EQ(error_of(replace(kValid, "id: a", "id: \"a\"")), "");
}

// Dates are YYYY-MM-DD exactly, from 1900 to 2200.
TEST_F(ScenarioFiles, DatesAreWrittenInFull) {
  const std::string with_date =
      replace(kValid, "replications: 2}", "replications: 2, start_date: D}");
  EXPECT_EQ(error_of(replace(with_date, "D}", "2022-12-05}")), "");
  for (const char* bad : {"2022-1-1", "0000-01-01", "2022-02-30", "22-12-01", "2022/12/01",
                          "2022-12-01x", "9999-12-31"}) {
    EXPECT_CONTAINS(error_of(replace(with_date, "D}", std::string(bad) + "}")),
                    "run.start_date: expected a date YYYY-MM-DD from 1900 to 2200 (e.g. "
                    "2022-12-01), found '" +
                        std::string(bad) + "'");
  }
}

// Every part's problem is reported in one pass, in the order of the file.
TEST_F(ScenarioFiles, EveryProblemIsReportedInOnePass) {
  std::string text = replace(kValid, "need_share: 0.5", "need_share: 2");
  text = replace(text, "doctors: 2", "doctors: -1");
  text = replace(text, "name: test", "name: test\nnmae: typo");
  const std::string f = write("many.yaml", text);
  try {
    sc::load_scenario(f);
    ADD_FAILURE() << "loaded";
  } catch (const sc::ScenarioError& e) {
    ASSERT_EQ(e.all().size(), 3u) << e.what();
    // (A top-level key is placed at its value: the top level is rebuilt when files are merged.)
    EXPECT_CONTAINS(e.all()[0], "many.yaml:2:7: nmae: unknown key 'nmae' (did you mean 'name'?)");
    EXPECT_CONTAINS(e.all()[1], "many.yaml:5:54: drugs[0].need_share: expected a number in [0, 1]");
    EXPECT_CONTAINS(e.all()[2], "many.yaml:9:14: clinics[0].doctors: expected an integer in");
    EXPECT_EQ(std::string(e.what()), e.all()[0] + "\n" + e.all()[1] + "\n" + e.all()[2]);
  }
  // At most 20, then a count of the rest.
  std::string unknown = kValid;
  for (int k = 0; k < 25; ++k) unknown += "extra_" + std::to_string(k) + ": 1\n";
  const std::string e = error_of(unknown);
  EXPECT_CONTAINS(e, "extra_19");
  EXPECT_CONTAINS(e, "\n... and 5 more problems");
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 20);
}

// Values past a plausible bound are errors before any work is done (scenarios/README.md lists the
// bounds); so is a product of plausible values that would make a run go on for ever.
TEST_F(ScenarioFiles, ValuesAndTheWorkTheyImplyAreBounded) {
  EXPECT_CONTAINS(
      error_of(replace(kValid, "visits_per_day: 40", "visits_per_day: 1e308")),
      "clinics[0].demand.visits_per_day: expected a number in [0, 1e+07], found 1e+308");
  EXPECT_CONTAINS(
      error_of(replace(kValid, "visits_per_day: 40", "visits_per_day: 99999999999999999999")),
      "expected a number in [0, 1e+07], found 1e+20");
  EXPECT_CONTAINS(error_of(replace(kValid, "mean_min: 10", "mean_min: 1e308")),
                  "clinics[0].service_min.mean_min: expected a number in [0, 525600]");
  EXPECT_CONTAINS(
      error_of(replace(kValid, "initial_tablets: 100", "initial_tablets: 10000000000000")),
      "expected an integer in [0, 1000000000000]");
  const std::string with_csv =
      replace(kValid, "demand: {visits_per_day: 40}", "demand: {counts_csv: counts.csv}");
  write("counts.csv", "day,count\n0,1e308\n");
  EXPECT_CONTAINS(error_of(with_csv),
                  "counts.csv:2: clinics[0].demand.counts_csv: expected a count "
                  "from 0 to 10000000 in the last column, found '1e308'");
  // Each value within bounds, the product not: 1e7 a day for 3650 days and 100 replications.
  std::string big = replace(kValid, "visits_per_day: 40", "visits_per_day: 1e7");
  big = replace(big, "run: {days: 3, seed: 5, replications: 2}",
                "run: {days: 3650, seed: 5, replications: 100}");
  EXPECT_CONTAINS(error_of(replace(kValid, "days: 3, seed: 5, replications: 2}",
                                   "days: 3650, seed: 5, replications: 10000}")),
                  "day records kept for the outputs; at most 2e+07 are kept");
  EXPECT_CONTAINS(error_of(big),
                  "s.yaml: the scenario's demand and background calls come to "
                  "3.65e+12 arrivals over its replications; at most 2e+09 are run");
}

// Found in review: inputs within the byte limit that would crash or work without bound.
TEST_F(ScenarioFiles, CyclesHugeMappingsDeepNestingAndLongChainsAreRefused) {
  EXPECT_CONTAINS(error_of(std::string(kValid) + "loop: &x [1, *x]\n"),
                  "s.yaml:13:14: loop[1]: an alias inside the node it refers to");
  EXPECT_CONTAINS(error_of(kValid, {"run=&x {days: *x}"}), "an alias inside the node it refers to");
  std::string many = kValid;
  for (int k = 0; k < 10001; ++k) many += "k" + std::to_string(k) + ": 1\n";
  EXPECT_CONTAINS(error_of(many), "more than 10000 keys in one mapping");
  EXPECT_CONTAINS(error_of(std::string(kValid) + "deep: " + std::string(100, '[') +
                           std::string(100, ']') + "\n"),
                  "nested more than 64 levels deep");
  for (int k = 1; k <= 20; ++k) {
    write("c" + std::to_string(k) + ".yaml", "extends: c" + std::to_string(k + 1) + ".yaml\n");
  }
  write("c21.yaml", kValid);
  EXPECT_CONTAINS(error_of("extends: c1.yaml\n"), "more than 16 files in the extends chain");
}

TEST_F(ScenarioFiles, SetValuesAndIndicesAreCheckedLikeTheFile) {
  EXPECT_CONTAINS(error_of(kValid, {"name=caf\xff"}), "--set name=caf\xff:1:4: invalid UTF-8");
  EXPECT_CONTAINS(error_of(kValid, {"clinics[0abc].rooms=1"}),
                  "'clinics[0abc]' selects nothing: no element has the id (or drug) '0abc'");
  EXPECT_CONTAINS(error_of(kValid, {"clinics[-1].rooms=1"}), "'clinics[-1]' selects nothing");
}

// A spreadsheet's byte-order mark does not turn the first row into data or lose it.
TEST_F(ScenarioFiles, ACsvWithAByteOrderMarkReadsTheSame) {
  const std::string with_csv =
      replace(kValid, "demand: {visits_per_day: 40}", "demand: {counts_csv: counts.csv}");
  write("counts.csv", "day,count\n0,100\n1,12\n");
  const auto plain = sc::load_scenario(write("a.yaml", with_csv)).clinics[0].visits_per_day;
  write("counts.csv",
        "\xEF\xBB\xBF"
        "day,count\n0,100\n1,12\n");
  EXPECT_EQ(sc::load_scenario(write("b.yaml", with_csv)).clinics[0].visits_per_day, plain);
  EXPECT_EQ(plain, (std::vector<double>{100, 12}));
}

// One problem in the epidemic does not make the sections after it look unknown; a misspelt
// `clinics` is named.
TEST_F(ScenarioFiles, NoFalseProblemsAfterARealOne) {
  const std::string e = error_of(replace(kValid, "clinics:", "clinic:"));
  EXPECT_CONTAINS(e, "unknown key 'clinic' (did you mean 'clinics'?)");
  try {
    sc::load_scenario(std::string(SURGESIM_SCENARIOS) + "/beijing-2022-12.yaml",
                      {"epidemic.r0=-5"});
    ADD_FAILURE() << "loaded";
  } catch (const sc::ScenarioError& err) {
    EXPECT_EQ(err.all().size(), 1u) << err.what();
    EXPECT_CONTAINS(std::string(err.what()), "epidemic.r0: expected a number in [0, 100]");
  }
}

// --set selects list elements as policy paths do: [id], [key=value], [*]; the '=' of a selector
// is not the assignment's.
TEST_F(ScenarioFiles, SetSelectsElementsByIdKeyOrAll) {
  std::string two = std::string(kValid) +
                    "  - id: b\n    rooms: 1\n    doctors: 1\n"
                    "    service_min: {dist: exponential, mean_min: 10}\n"
                    "    demand: {visits_per_day: 5}\n";
  const auto load = [&](std::vector<std::string> sets) {
    return surgesim::scenario::load_scenario(write("two.yaml", two), sets);
  };
  EXPECT_EQ(load({"clinics[id=b].rooms=4"}).clinics[1].rooms.at(0), 4);
  EXPECT_EQ(load({"clinics[b].rooms=4"}).clinics[1].rooms.at(0), 4);
  const auto all = load({"clinics[*].doctors=1"});
  EXPECT_EQ(all.clinics[0].doctors.at(0), 1);
  EXPECT_EQ(all.clinics[1].doctors.at(0), 1);
  EXPECT_EQ(load({"clinics[a].drugs[ibuprofen].tablets_per_visit=7"})
                .clinics[0]
                .drugs[0]
                .tablets_per_visit.at(0),
            7);
  EXPECT_CONTAINS(error_of(two, {"clinics[id=c].rooms=4"}),
                  "'clinics[id=c]' selects nothing: no element has id 'c'");
}
