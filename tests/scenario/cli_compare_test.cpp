// surgesim compare: a paired comparison of two variants run on common random numbers finds the
// third room's shorter waits, leaves alone what it cannot move, narrows the interval against
// independent seeds, gates CI with --fail-if, and replicates to a stated precision.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_fixture.hpp"

namespace {

// Majiabao with a third room and doctor, written beside the test's outputs.
fs::path three_rooms(const fs::path& dir) {
  std::string text = slurp(kScenarios + "/fengtai-majiabao.yaml");
  const auto swap = [&](const std::string& a, const std::string& b) {
    const auto at = text.find(a);
    EXPECT_NE(at, std::string::npos) << a;
    text.replace(at, a.size(), b);
  };
  swap("    rooms: 2 ", "    rooms: 3 ");
  swap("    doctors: 2 ", "    doctors: 3 ");
  swap("{from_day: 7, doctors: 1}", "{from_day: 7, doctors: 2}");
  swap("{from_day: 14, doctors: 2}", "{from_day: 14, doctors: 3}");
  fs::create_directories(dir);
  std::ofstream(dir / "three.yaml") << text;
  return dir / "three.yaml";
}

nlohmann::json kpi_of(const nlohmann::json& j, const std::string& name) {
  for (const auto& k : j["kpis"]) {
    if (k["kpi"] == name) return k;
  }
  ADD_FAILURE() << name;
  return {};
}

}  // namespace

TEST(CliCompare, ThreeRoomsShortenWaitsAndCommonRandomNumbersNarrowTheInterval) {
  const fs::path d = temp_dir("cmp");
  const fs::path b = three_rooms(d / "in");
  const std::string a = kScenarios + "/fengtai-majiabao.yaml";
  ASSERT_EQ(
      run("compare " + a + " " + b.string() + " -r 20 --seed 7 --out " + (d / "paired").string()),
      0);
  const auto j = nlohmann::json::parse(slurp(d / "paired" / "compare.json"));
  EXPECT_TRUE(j["paired"].get<bool>());
  const auto wait = kpi_of(j, "fever_wait_mean_min");
  EXPECT_TRUE(wait["significant"].get<bool>());
  EXPECT_LT(wait["diff_ci95_high"].get<double>(), 0);  // shorter
  EXPECT_TRUE(kpi_of(j, "fever_wait_p95_min")["significant"].get<bool>());
  // The same patients arrive in both (their streams do not depend on the rooms): not flagged.
  const auto arrivals = kpi_of(j, "fever_arrivals");
  EXPECT_TRUE(arrivals["cannot_differ"].get<bool>());
  EXPECT_FALSE(arrivals["significant"].get<bool>());
  EXPECT_EQ(arrivals["p_adjusted"].get<double>(), 1.0);
  // Common random numbers: the same patients with the same needs in both, so the counts move
  // together (variance ratios of ~19 and ~24 here; the waits of a 3-room clinic vary so little
  // that pairing cannot narrow theirs much).
  const auto visits = kpi_of(j, "fever_visits");
  EXPECT_GT(visits["crn_gain"].get<double>(), 8.0);
  EXPECT_GT(kpi_of(j, "patients_without_drug")["crn_gain"].get<double>(), 8.0);
  const std::string csv = slurp(d / "paired" / "compare.csv");
  EXPECT_EQ(csv.rfind("kpi,a_mean,b_mean,diff_mean,diff_ci95_low,diff_ci95_high,rel_change,"
                      "p_adjusted,significant",
                      0),
            0u);

  // The same variants on independent seeds, compared as two output folders: Welch, and a wider
  // interval for the same number of replications.
  ASSERT_EQ(run("run " + a + " -r 20 --seed 7 --out " + (d / "a").string()), 0);
  ASSERT_EQ(run("run " + b.string() + " -r 20 --seed 8 --out " + (d / "b").string()), 0);
  ASSERT_EQ(run("compare " + (d / "a").string() + " " + (d / "b").string() + " --out " +
                (d / "independent").string()),
            0);
  const auto k = nlohmann::json::parse(slurp(d / "independent" / "compare.json"));
  EXPECT_FALSE(k["paired"].get<bool>());
  const auto width = [](const nlohmann::json& x) {
    return x["diff_ci95_high"].get<double>() - x["diff_ci95_low"].get<double>();
  };
  EXPECT_LT(width(visits), width(kpi_of(k, "fever_visits")) / 2);
  EXPECT_FALSE(kpi_of(k, "fever_arrivals")["cannot_differ"].get<bool>());

  // Two folders of the same seed are paired again, and give the first comparison's numbers.
  ASSERT_EQ(run("run " + b.string() + " -r 20 --seed 7 --out " + (d / "b7").string()), 0);
  ASSERT_EQ(run("compare " + (d / "a").string() + " " + (d / "b7").string() + " --out " +
                (d / "folders").string()),
            0);
  EXPECT_EQ(slurp(d / "folders" / "compare.csv"), csv);
  fs::remove_all(d);
}

TEST(CliCompare, FailIfGatesExit4AndBadGatesExit2) {
  const fs::path d = temp_dir("gate");
  const fs::path b = three_rooms(d / "in");
  const std::string ab = kScenarios + "/fengtai-majiabao.yaml " + b.string() + " -r 10 --out ";
  EXPECT_EQ(run("compare " + ab + (d / "o1").string() + " --fail-if 'fever_wait_mean_min < -10%'"),
            4);
  EXPECT_EQ(run("compare " + ab + (d / "o2").string() + " --fail-if 'fever_wait_mean_min > 0'"), 0);
  EXPECT_EQ(run("compare " + ab + (d / "o2").string() + " --fail-if 'fever_arrivals > -1'"),
            0);  // cannot differ: never a failure
  EXPECT_EQ(run("compare " + ab + (d / "o3").string() + " --fail-if 'deaths > 2%'"), 2);
  EXPECT_EQ(run("compare " + ab + (d / "o3").string() + " --fail-if 'fever_visits ~ 2'"), 2);
  EXPECT_EQ(run("compare " + ab + (d / "o3").string() + " --fail-if 'fever_visits > lots'"), 2);
  EXPECT_FALSE(fs::exists(d / "o3"));
  fs::remove_all(d);
}

TEST(CliCompare, TargetCiAddsReplicationsUntilTheHalfWidthIsMet) {
  const fs::path d = temp_dir("target");
  const fs::path b = three_rooms(d / "in");
  ASSERT_EQ(run("compare " + kScenarios + "/fengtai-majiabao.yaml " + b.string() +
                " -r 4 --target-ci fever_wait_p95_min=2 --out " + (d / "c").string()),
            0);
  const auto j = nlohmann::json::parse(slurp(d / "c" / "compare.json"));
  const auto p95 = kpi_of(j, "fever_wait_p95_min");
  const double half =
      (p95["diff_ci95_high"].get<double>() - p95["diff_ci95_low"].get<double>()) / 2;
  EXPECT_LE(half, 2.0);
  EXPECT_GT(j["a"]["replications"].get<int>(), 4);  // more than the first batch were needed
  ASSERT_EQ(run("run " + kScenarios +
                "/fengtai-majiabao.yaml -r 4 --target-ci "
                "fever_wait_mean_min=3% --out " +
                (d / "r").string()),
            0);
  const auto s = nlohmann::json::parse(slurp(d / "r" / "summary.json"));
  const auto& w = s["kpis"]["fever_wait_mean_min"];
  EXPECT_LE((w["ci95_high"].get<double>() - w["ci95_low"].get<double>()) / 2,
            0.03 * w["mean"].get<double>());
  EXPECT_GT(w["n"].get<int>(), 4);
  EXPECT_EQ(run("run " + kScenarios + "/fengtai-majiabao.yaml --target-ci fever_wait=3 --out " +
                (d / "x").string()),
            2);
  fs::remove_all(d);
}
