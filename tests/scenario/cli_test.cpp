// The surgesim CLI end to end: exit codes, outputs, Erlang C through a scenario, determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "surgesim/examples/mmc_model.hpp"

namespace fs = std::filesystem;

namespace {
int run(const std::string& args) {
  const int status =
      std::system((std::string(SURGESIM_CLI) + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("surgesim-cli-" + name);
  fs::remove_all(d);
  return d;
}
const std::string kScenarios = SURGESIM_SCENARIOS;
}  // namespace

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
  EXPECT_EQ(run("run " + kScenarios + "/mmc.yaml --set clinics[0].rooms=0 --out " + d.string()), 2);
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
  for (const char* f : {"summary.json", "timeseries.csv"}) {
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
                        "ems_timeseries.csv", "hospital_timeseries.csv"})
    EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
  const auto j = nlohmann::json::parse(slurp(a / "summary.json"));
  EXPECT_TRUE(j["checks"]["people_conserved"].get<bool>());
  EXPECT_TRUE(j["checks"]["home_medicine_balance"].get<bool>());
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
