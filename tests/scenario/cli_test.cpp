// The surgesim CLI end to end: exit codes, outputs, Erlang C through a scenario, determinism.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../sanitizers.hpp"
#include "cli_fixture.hpp"
#include "surgesim/examples/mmc_model.hpp"

namespace fs = std::filesystem;

TEST(Cli, ShippedScenariosValidate) {
  EXPECT_EQ(run("validate " + kScenarios + "/mmc.yaml " + kScenarios + "/fengtai-majiabao.yaml " +
                kScenarios + "/sir-single-grid.yaml " + kScenarios + "/beijing-2022-12.yaml"),
            0);
  EXPECT_EQ(run("--version"), 0);
}

TEST(Cli, BadInputExitsWithCode2) {
  const fs::path d = temp_dir("bad");
  fs::create_directories(d);
  std::ofstream(d / "bad.yaml") << "name: x\nclinics: []\n";
  EXPECT_EQ(run("validate " + (d / "bad.yaml").string()), 2);
  EXPECT_EQ(run("run " + kScenarios + "/mmc.yaml --set 'clinics[0].rooms=0' --out " + d.string()),
            2);
  EXPECT_FALSE(fs::exists(d / "summary.json"));
  fs::remove_all(d);
}

// M/M/3 through the whole stack: scenario -> clinic -> summary.json; Erlang C inside the 99.9% CI.
TEST(Cli, MmcScenarioMatchesErlangC) {
  const fs::path d = temp_dir("mmc");
  ASSERT_EQ(run("run " + kScenarios + "/mmc.yaml --replications 16 --days 120 --out " + d.string()),
            0);
  const auto j = nlohmann::json::parse(slurp(d / "summary.json"));
  const auto& w = j["kpis"]["fever_wait_mean_min"];
  const double mean = w["mean"].get<double>(), sd = w["sd"].get<double>();
  const double n = w["n"].get<double>();
  const double half = 4.07 * sd / std::sqrt(n);  // t(0.9995, 15) = 4.07
  const double theory = surgesim::examples::mmc_mean_wait(3, 0.25, 0.1);
  EXPECT_NEAR(mean, theory, half);
  EXPECT_LT(half, 0.1 * theory);
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_TRUE(j["checks"]["tablets_balance"].get<bool>());
  fs::remove_all(d);
}

TEST(Cli, OutputsAreIdenticalForOneAndTwoThreads) {
  const fs::path a = temp_dir("t1"), b = temp_dir("t2");
  const std::string s = kScenarios + "/fengtai-majiabao.yaml --replications 6";
  ASSERT_EQ(run("run " + s + " --threads 1 --out " + a.string()), 0);
  ASSERT_EQ(run("run " + s + " --threads 2 --out " + b.string()), 0);
  for (const char* f : {"summary.json", "timeseries.csv", "resolved.yaml"}) {
    EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
    EXPECT_GT(slurp(a / f).size(), 100u);
  }
  const auto j = nlohmann::json::parse(slurp(a / "summary.json"));
  EXPECT_TRUE(j["checks"]["tablets_balance"].get<bool>());
  // The resolved scenario reproduces the run exactly.
  const fs::path c = temp_dir("t3");
  ASSERT_EQ(run("run " + (a / "resolved.yaml").string() + " --out " + c.string()), 0);
  EXPECT_EQ(slurp(a / "summary.json"), slurp(c / "summary.json"));
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

// The final-size check of issue 4 through the whole stack: scenario -> epidemic -> summary.json.
TEST(Cli, SirSingleGridMatchesTheFinalSizeRelation) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  for (const double r0 : {1.5, 2.0, 3.0}) {
    const fs::path d = temp_dir("sir");
    std::ostringstream set;
    set << "epidemic.r0=" << r0;
    ASSERT_EQ(run("run " + kScenarios + "/sir-single-grid.yaml --set " + set.str() + " --out " +
                  d.string()),
              0);
    const auto j = nlohmann::json::parse(slurp(d / "summary.json"));
    const auto& a = j["kpis"]["attack_rate"];
    const double half =
        5.41 * a["sd"].get<double>() / std::sqrt(a["n"].get<double>());  // t(0.9995, 7)
    // z = 1 - (1 - i0) exp(-r0 z) with i0 = 50 / 100000, by bisection.
    double lo = 0, hi = 1;
    for (int i = 0; i < 100; ++i) {
      const double z = (lo + hi) / 2;
      ((1 - (1 - 5e-4) * std::exp(-r0 * z)) > z ? lo : hi) = z;
    }
    EXPECT_NEAR(a["mean"].get<double>(), lo, half + 2e-4) << "R0 " << r0;
    EXPECT_TRUE(fs::exists(d / "epidemic_timeseries.csv"));
    EXPECT_FALSE(fs::exists(d / "timeseries.csv"));  // no clinics
    // resolved.yaml reproduces the epidemic run too.
    const fs::path again = temp_dir("sir-again");
    ASSERT_EQ(run("run " + (d / "resolved.yaml").string() + " --out " + again.string()), 0);
    EXPECT_EQ(slurp(d / "summary.json"), slurp(again / "summary.json"));
    fs::remove_all(d);
    fs::remove_all(again);
  }
}

// A 1/100 sample of the Beijing scenario through the CLI: the epidemic feeds the clinics, every
// person and every course of medicine is accounted for, and 1 or 2 threads give the same bytes.
TEST(Cli, BeijingSampleRunsAndIsIdenticalForOneAndTwoThreads) {
  const fs::path a = temp_dir("bj1"), b = temp_dir("bj2");
  const std::string args =
      "run " + kScenarios + "/beijing-2022-12.yaml --days 60 --set epidemic.population_scale=0.01";
  ASSERT_EQ(run(args + " --threads 1 --out " + a.string()), 0);
  ASSERT_EQ(run(args + " --threads 2 --out " + b.string()), 0);
  for (const char* f : {"summary.json", "epidemic_timeseries.csv", "timeseries.csv",
                        "ems_timeseries.csv", "hospital_timeseries.csv", "resolved.yaml"})
    EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
  const auto j = nlohmann::json::parse(slurp(a / "summary.json"));
  EXPECT_TRUE(j["checks"]["people_conserved"].get<bool>());
  EXPECT_TRUE(j["checks"]["home_medicine_balance"].get<bool>());
  EXPECT_TRUE(j["checks"]["deaths_balance"].get<bool>());
  EXPECT_TRUE(j["checks"]["tablets_balance"].get<bool>());
  EXPECT_TRUE(j["checks"]["ems_calls_balance"].get<bool>());
  EXPECT_TRUE(j["checks"]["patients_balance"].get<bool>());
  EXPECT_TRUE(j["checks"]["vehicles_balance"].get<bool>());
  EXPECT_TRUE(j["checks"]["beds_balance"].get<bool>());
  const auto& k = j["kpis"];
  const double people = j["population"].get<double>();
  EXPECT_NEAR(people, 218430, 20);
  // Most of the city is infected over the wave (B §6: 92% by the end of January).
  EXPECT_GT(k["attack_rate"]["mean"].get<double>(), 0.7);
  EXPECT_GT(k["fever_arrivals"]["mean"].get<double>(), 0);
  EXPECT_LE(k["fever_arrivals"]["mean"].get<double>(),
            k["clinic_visits_sought"]["mean"].get<double>());
  EXPECT_GT(k["severe"]["mean"].get<double>(), k["critical"]["mean"].get<double>());
  EXPECT_GT(k["staff_absent_peak_share"]["mean"].get<double>(), 0);
  EXPECT_GT(k["calls_120"]["mean"].get<double>(), 0);
  // Every severe course reaches a hospital; the critical ones need the ICU.
  EXPECT_GT(
      k["admissions_tier2"]["mean"].get<double>() + k["admissions_tier3"]["mean"].get<double>(), 0);
  EXPECT_GT(k["icu_admissions"]["mean"].get<double>() + k["icu_denied"]["mean"].get<double>(), 0);
  // November's centralised isolation fills the makeshift hospitals.
  EXPECT_GT(k["fangcang_admissions"]["mean"].get<double>(), 0);
  // 120 takes the epidemic's calls on top of its background ones, and sends vehicles.
  EXPECT_GT(k["ems_calls"]["mean"].get<double>(), k["calls_120"]["mean"].get<double>());
  EXPECT_GT(k["ems_dispatches"]["mean"].get<double>(), 0);
  EXPECT_GT(k["ems_response_mean_min"]["mean"].get<double>(), 5);
  fs::remove_all(a);
  fs::remove_all(b);
}

// --seed sets the master seed: the same seed gives the same bytes, another seed another run, and
// summary.json and resolved.yaml record the seed given (0 included, though the scenario says 1).
TEST(Cli, SeedOptionSetsTheSeedAndReproducesTheRun) {
  const std::string args = "run " + kScenarios + "/mmc.yaml --replications 2 --days 3";
  const fs::path a = temp_dir("seed-a"), b = temp_dir("seed-b"), c = temp_dir("seed-c"),
                 z = temp_dir("seed-0");
  ASSERT_EQ(run(args + " --seed 42 --out " + a.string()), 0);
  ASSERT_EQ(run(args + " --seed 42 --out " + b.string()), 0);
  ASSERT_EQ(run(args + " --seed 43 --out " + c.string()), 0);
  ASSERT_EQ(run(args + " --seed 0 --out " + z.string()), 0);
  EXPECT_EQ(slurp(a / "summary.json"), slurp(b / "summary.json"));
  EXPECT_EQ(slurp(a / "timeseries.csv"), slurp(b / "timeseries.csv"));
  EXPECT_NE(slurp(a / "summary.json"), slurp(c / "summary.json"));
  EXPECT_NE(slurp(a / "timeseries.csv"), slurp(c / "timeseries.csv"));
  for (const auto& [dir, seed] : {std::pair{a, 42}, {c, 43}, {z, 0}}) {
    const auto j = nlohmann::json::parse(slurp(dir / "summary.json"));
    EXPECT_EQ(j["seed"].get<int>(), seed);
    const std::string resolved = slurp(dir / "resolved.yaml");
    EXPECT_NE(resolved.find("\n  seed: " + std::to_string(seed) + "\n"), std::string::npos)
        << resolved.substr(0, 400);
  }
  // Without --seed the scenario's own (1) holds, and seed 0 is a run of its own.
  const fs::path d = temp_dir("seed-default");
  ASSERT_EQ(run(args + " --out " + d.string()), 0);
  EXPECT_EQ(nlohmann::json::parse(slurp(d / "summary.json"))["seed"].get<int>(), 1);
  EXPECT_NE(slurp(d / "summary.json"), slurp(z / "summary.json"));
  for (const auto& dir : {a, b, c, z, d}) fs::remove_all(dir);
}

// validate applies --set like run: an override that makes the scenario invalid is reported, naming
// the override, with exit code 2; a valid one passes and is applied.
TEST(Cli, ValidateChecksTheScenarioWithItsOverrides) {
  const fs::path d = temp_dir("validate-set");
  fs::create_directories(d);
  const std::string mmc = kScenarios + "/mmc.yaml";
  EXPECT_EQ(run_with_stderr("validate " + mmc + " --set 'clinics[0].rooms=0'", d / "err"), 2);
  EXPECT_NE(slurp(d / "err").find("--set clinics[0].rooms=0: clinics[0].rooms: expected an "
                                  "integer in [1, 10000], found 0"),
            std::string::npos)
      << slurp(d / "err");
  EXPECT_EQ(run_with_stderr("validate " + mmc + " --set clinics[0].romos=2", d / "err"), 2);
  EXPECT_NE(slurp(d / "err").find("did you mean 'rooms'"), std::string::npos) << slurp(d / "err");
  // The same override can suit one file and not another (mmc.yaml has no drugs): one bad file
  // fails the command.
  const std::string majiabao = kScenarios + "/fengtai-majiabao.yaml";
  EXPECT_EQ(run("validate " + majiabao + " --set drugs[0].need_share=0.5"), 0);
  EXPECT_EQ(run("validate " + majiabao + " --set drugs[0].need_share=1.5"), 2);
  EXPECT_EQ(run("validate " + mmc + " " + majiabao + " --set drugs[0].need_share=0.5"), 2);
  EXPECT_EQ(
      run_with_stdout("validate " + mmc + " --set run.days=7 --set clinics[0].rooms=4", d / "out"),
      0);
  EXPECT_NE(slurp(d / "out").find("7 days"), std::string::npos) << slurp(d / "out");
  fs::remove_all(d);
}

// Threshold policies firing by district (they change which clinics the epidemic sends people
// to): every output file is byte for byte the same on 1 and 2 threads.
TEST(Cli, OutputsWithThresholdPoliciesFiringAreIdenticalForOneAndTwoThreads) {
  const fs::path a = temp_dir("p1"), b = temp_dir("p2");
  const std::string s =
      kScenarios +
      "/beijing-threshold-reserve-clinics.yaml --set epidemic.population_scale=0.02"
      " --days 40 --set 'policies[0].when=fever_arrivals > 5'";
  ASSERT_EQ(run("run " + s + " --threads 1 --out " + a.string()), 0);
  ASSERT_EQ(run("run " + s + " --threads 2 --out " + b.string()), 0);
  for (const char* f :
       {"summary.json", "timeseries.csv", "epidemic_timeseries.csv", "ems_timeseries.csv",
        "hospital_timeseries.csv", "policy_events.csv", "board_timeseries.csv", "resolved.yaml"}) {
    EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
  }
  const std::string events = slurp(a / "policy_events.csv");
  EXPECT_GT(std::count(events.begin(), events.end(), '\n'), 10);  // fired in several districts
  for (const auto& d : {a, b}) fs::remove_all(d);
}

// resolved.yaml of a scaled city with policies (scaled amounts, reserve clinics, every target by
// its own path) reproduces the run byte for byte.
TEST(Cli, ResolvedYamlOfAScaledCityWithPoliciesReproducesTheRun) {
  const fs::path a = temp_dir("r1"), b = temp_dir("r2");
  ASSERT_EQ(run("run " + kScenarios +
                "/beijing-2022-12.yaml --set run.scale=0.02 --days 40 --out " + a.string()),
            0);
  ASSERT_EQ(run("run " + (a / "resolved.yaml").string() + " --out " + b.string()), 0);
  for (const char* f :
       {"timeseries.csv", "epidemic_timeseries.csv", "ems_timeseries.csv",
        "hospital_timeseries.csv", "policy_events.csv", "board_timeseries.csv", "resolved.yaml"}) {
    EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
  }
  EXPECT_NE(slurp(a / "resolved.yaml").find("group: hospital-expansion"), std::string::npos);
  for (const auto& d : {a, b}) fs::remove_all(d);
}
