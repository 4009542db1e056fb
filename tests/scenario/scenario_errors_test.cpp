// Every class of scenario error is reported as file:line:col: key.path: what was expected.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario_fixture.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace sc = surgesim::scenario;
namespace fs = std::filesystem;

// A day can be given as a date: days from run.start_date (2022-12-01 by default).
TEST_F(ScenarioFiles, DatesStandForDayIndices) {
  const std::string by_index = replace(
      kValid, "    rooms: 2", "    rooms: 2\n    doctor_schedule: [{from_day: 2, doctors: 1}]");
  const std::string by_date = replace(by_index, "from_day: 2,", "from_day: 2022-12-03,");
  const sc::Scenario a = sc::load_scenario(write("a.yaml", by_index));
  const sc::Scenario b = sc::load_scenario(write("b.yaml", by_date));
  EXPECT_EQ(a.clinics[0].doctors, b.clinics[0].doctors);
  EXPECT_EQ(b.clinics[0].doctors.steps().back(), (surgesim::engine::Schedule<int>::Step{2, 1}));
  EXPECT_EQ(sc::load_scenario(write("c.yaml", replace(by_date, "2022-12-03", "'2022-12-03'")))
                .clinics[0]
                .doctors,
            a.clinics[0].doctors);
  EXPECT_CONTAINS(error_of(replace(by_index, "from_day: 2,", "from_day: 2022-11-30,")),
                  "clinics[0].doctor_schedule[0].from_day: the date 2022-11-30 is before "
                  "run.start_date 2022-12-01");
  EXPECT_CONTAINS(error_of(replace(by_index, "from_day: 2,", "from_day: 2022-13-03,")),
                  "from_day: expected a day index or a date: expected a date YYYY-MM-DD");
  // Counted from the scenario's own start date.
  const std::string later =
      replace(by_date, "replications: 2}", "replications: 2, start_date: 2022-12-02}");
  EXPECT_EQ(sc::load_scenario(write("d.yaml", later)).clinics[0].doctors.steps().back(),
            (surgesim::engine::Schedule<int>::Step{1, 1}));
}

TEST_F(ScenarioFiles, ValidScenarioLoads) {
  const std::string f = write("s.yaml", kValid);
  const sc::Scenario s = sc::load_scenario(f);
  ASSERT_EQ(s.clinics.size(), 1u);
  EXPECT_EQ(s.clinics[0].rooms.at(0), 2);
  EXPECT_EQ(s.run.days, 3);
  EXPECT_EQ(s.run.first_weekday, 3);  // 2022-12-01 was a Thursday
  EXPECT_DOUBLE_EQ(s.clinics[0].service_min.mean(), 10);
}

TEST_F(ScenarioFiles, SyntaxErrorGivesLineAndColumn) {
  const std::string e = error_of("name: x\nclinics: [a, b\n");
  EXPECT_CONTAINS(e, "s.yaml:");
  EXPECT_CONTAINS(e, "YAML syntax error");
}

TEST_F(ScenarioFiles, UnknownKeyIsAnErrorWithASuggestion) {
  const std::string e = error_of(replace(kValid, "    rooms: 2", "    romos: 2\n    rooms: 2"));
  EXPECT_CONTAINS(e, "s.yaml:7:5: clinics[0].romos: unknown key 'romos' (did you mean 'rooms'?)");
}

TEST_F(ScenarioFiles, WrongTypeSaysWhatWasExpectedAndFound) {
  const std::string e = error_of(replace(kValid, "doctors: 2", "doctors: two"));
  EXPECT_CONTAINS(e, "s.yaml:8:14: clinics[0].doctors: expected an integer, found 'two'");
}

TEST_F(ScenarioFiles, OutOfRangeValueIsRejected) {
  const std::string e = error_of(replace(kValid, "doctors: 2", "doctors: -2"));
  EXPECT_CONTAINS(e, "clinics[0].doctors: expected an integer in [0, 10000], found -2");
  const std::string share = error_of(replace(kValid, "need_share: 0.5", "need_share: 1.5"));
  EXPECT_CONTAINS(share, "drugs[0].need_share: expected a number in [0, 1], found 1.5");
}

TEST_F(ScenarioFiles, MissingRequiredKeyIsNamed) {
  const std::string e = error_of(replace(kValid, "    rooms: 2\n", ""));
  EXPECT_CONTAINS(e, "clinics[0]: missing required key 'rooms'");
}

TEST_F(ScenarioFiles, BadChoiceListsTheOptions) {
  const std::string e =
      error_of(replace(kValid, "    rooms: 2", "    discipline: fifoo\n    rooms: 2"));
  EXPECT_CONTAINS(e,
                  "clinics[0].discipline: expected one of fifo, key_groups_first, found 'fifoo' "
                  "(did you mean 'fifo'?)");
}

TEST_F(ScenarioFiles, InvalidDistributionParametersAreRejected) {
  const std::string e = error_of(replace(kValid, "{dist: exponential, mean_min: 10}",
                                         "{dist: lognormal, mean_min: 8, sd: 4}"));
  EXPECT_CONTAINS(e, "clinics[0].service_min: missing required key 'sd_min'");
  const std::string u = error_of(replace(kValid, "{dist: exponential, mean_min: 10}",
                                         "{dist: uniform, low_min: 5, high_min: 2}"));
  EXPECT_CONTAINS(u, "clinics[0].service_min: uniform: max = 2, expected a finite number > min");
  const std::string z = error_of(replace(kValid, "mean_min: 10", "mean_min: 0"));
  EXPECT_CONTAINS(z, "clinics[0].service_min: exponential: mean = 0");
}

TEST_F(ScenarioFiles, ReferencesAndDuplicatesAreChecked) {
  const std::string e = error_of(replace(kValid, "{drug: ibuprofen,", "{drug: ibuprofin,"));
  EXPECT_CONTAINS(e, "no drug 'ibuprofin' in the drugs list (did you mean 'ibuprofen'?)");
  std::string two = kValid;
  two += R"(  - id: a
    rooms: 1
    doctors: 1
    service_min: {dist: exponential, mean_min: 10}
    demand: {visits_per_day: 4}
)";
  EXPECT_CONTAINS(error_of(two), "clinics[1].id: clinic id 'a' is used twice");
}

TEST_F(ScenarioFiles, DatesHoursAndDemandAreValidated) {
  EXPECT_CONTAINS(
      error_of(replace(kValid, "replications: 2}", "replications: 2, start_date: 2022-13-40}")),
      "run.start_date: expected a date YYYY-MM-DD from 1900 to 2200 (e.g. 2022-12-01), found "
      "'2022-13-40'");
  EXPECT_CONTAINS(
      error_of(replace(kValid, "    rooms: 2", "    hours: \"20:00-08:00\"\n    rooms: 2")),
      "clinics[0].hours: expected opening hours like");
  EXPECT_CONTAINS(
      error_of(replace(kValid, "demand: {visits_per_day: 40}", "demand: {hourly_profile: flat}")),
      "clinics[0].demand: give exactly one of visits_per_day or counts_csv");
  EXPECT_CONTAINS(error_of(replace(kValid, "demand: {visits_per_day: 40}",
                                   "demand: {visits_per_day: 40, hourly_profile: [1, 2]}")),
                  "clinics[0].demand.hourly_profile: expected 24 weights, one per hour, found 2");
}

TEST_F(ScenarioFiles, CountsCsvIsReadAndItsErrorsLocated) {
  write("counts.csv", "day,visits\n0,10\n1,20\n2,x\n");
  const std::string e =
      error_of(replace(kValid, "demand: {visits_per_day: 40}", "demand: {counts_csv: counts.csv}"));
  EXPECT_CONTAINS(
      e,
      "counts.csv:4: clinics[0].demand.counts_csv: expected a count from 0 to 10000000 in the last "
      "column, found 'x'");
  write("counts.csv", "day,visits\n0,10\n1,20\n2,30\n");
  const sc::Scenario s =
      sc::load_scenario(write("s.yaml", replace(kValid, "demand: {visits_per_day: 40}",
                                                "demand: {counts_csv: counts.csv}")));
  EXPECT_EQ(s.clinics[0].visits_per_day, (std::vector<double>{10, 20, 30}));
}

TEST_F(ScenarioFiles, ExtendsMergesAndLocatesErrorsInTheRightFile) {
  write("base.yaml", kValid);
  const std::string child =
      write("child.yaml", "extends: base.yaml\nname: child\nrun: {days: 9}\n");
  const sc::Scenario s = sc::load_scenario(child);
  EXPECT_EQ(s.name, "child");
  EXPECT_EQ(s.run.days, 9);
  EXPECT_EQ(s.run.seed, 5u);  // inherited, merged key by key
  const std::string bad = write("bad.yaml", "extends: base.yaml\nrun: {dayz: 9}\n");
  try {
    sc::load_scenario(bad);
    FAIL();
  } catch (const sc::ScenarioError& e) {
    EXPECT_CONTAINS(std::string(e.what()),
                    "bad.yaml:2:13: run.dayz: unknown key 'dayz' (did you mean 'days'?)");
  }
  const std::string missing = write("m.yaml", "extends: nowhere.yaml\nname: m\n");
  EXPECT_THROW(sc::load_scenario(missing), sc::ScenarioError);
  write("loop1.yaml", "extends: loop2.yaml\nname: a\n");
  const std::string loop = write("loop2.yaml", "extends: loop1.yaml\nname: b\n");
  try {
    sc::load_scenario(loop);
    FAIL();
  } catch (const sc::ScenarioError& e) {
    EXPECT_CONTAINS(std::string(e.what()), "loops back");
  }
}

TEST_F(ScenarioFiles, SetOverridesApplyAndAreCheckedLikeTheFile) {
  const std::string f = write("s.yaml", kValid);
  const sc::Scenario s =
      sc::load_scenario(f, {"clinics[0].doctors=5", "run.days=7", "run.threads=2"});
  EXPECT_EQ(s.clinics[0].doctors.at(0), 5);
  EXPECT_EQ(s.run.days, 7);
  try {
    sc::load_scenario(f, {"clinics[0].doctors=-1"});
    FAIL();
  } catch (const sc::ScenarioError& e) {
    EXPECT_CONTAINS(std::string(e.what()),
                    "--set clinics[0].doctors=-1: clinics[0].doctors: expected an integer in [0, "
                    "10000], found -1");
  }
  EXPECT_THROW(sc::load_scenario(f, {"clinics[3].doctors=1"}), sc::ScenarioError);
  EXPECT_THROW(sc::load_scenario(f, {"novalue"}), sc::ScenarioError);
  EXPECT_THROW(sc::load_scenario(f, {"run.dayz=3"}), sc::ScenarioError);  // unknown key
}

TEST_F(ScenarioFiles, ClinicDefaultsApplyUnlessTheClinicSetsTheKey) {
  std::string text =
      replace(kValid, "clinics:\n", "clinic_defaults:\n  queue_limit: 7\n  rooms: 9\nclinics:\n");
  const sc::Scenario s = sc::load_scenario(write("s.yaml", text));
  EXPECT_EQ(s.clinics[0].queue_limit.at(0), 7);
  EXPECT_EQ(s.clinics[0].rooms.at(0), 2);
}
