// surgesim regress: goldens of an M/M/3 clinic (rho 0.83) blessed, then a 5% longer service time
// is "changed" under --stat and names the waits, a new seed fails the exact check but passes
// --stat, an exact mismatch names its first day and column, and blessing again passes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_fixture.hpp"

namespace {

// A regression folder holding the M/M/3 clinic for 20 days (2 replications exact).
fs::path regression_dir(const fs::path& d) {
  std::string text = slurp(kScenarios + "/mmc.yaml");
  const auto swap = [&](const std::string& a, const std::string& b) {
    const auto at = text.find(a);
    ASSERT_NE(at, std::string::npos) << a;
    text.replace(at, a.size(), b);
  };
  swap("days: 60", "days: 20");
  swap("replications: 10", "replications: 2");
  fs::create_directories(d / "reg");
  std::ofstream(d / "reg" / "mmc.yaml") << text;
  return d / "reg";
}

nlohmann::json regress_json(const fs::path& out) {
  return nlohmann::json::parse(slurp(out / "regress.json"));
}

std::string verdict_of(const nlohmann::json& scenario, const std::string& kpi) {
  for (const auto& k : scenario["kpis"]) {
    if (k["kpi"] == kpi) return k["verdict"].get<std::string>();
  }
  ADD_FAILURE() << kpi;
  return "";
}

}  // namespace

TEST(CliRegress, CatchesAFivePercentServiceChangeAndNotASeedChange) {
  const fs::path d = temp_dir("regress");
  const fs::path reg = regression_dir(d);
  const std::string dir = reg.string();
  // No goldens yet: bad input, with the command that makes them.
  EXPECT_EQ(run_with_stderr("regress " + dir + " --out " + (d / "o0").string(), d / "err0"), 2);
  EXPECT_NE(slurp(d / "err0").find("--bless"), std::string::npos);
  EXPECT_EQ(run("regress " + dir + " --bless"), 2);  // a blessing needs a reason
  ASSERT_EQ(run("regress " + dir + " --bless -r 30 --reason 'first goldens'"), 0);
  const auto manifest = nlohmann::json::parse(slurp(reg / "goldens" / "goldens.json"));
  EXPECT_EQ(manifest["reason"], "first goldens");
  EXPECT_EQ(manifest["scenarios"][0]["stat_replications"], 30);
  EXPECT_FALSE(manifest["commit"].get<std::string>().empty());

  // Unchanged: both checks pass.
  EXPECT_EQ(run("regress " + dir + " --out " + (d / "o1").string()), 0);
  EXPECT_EQ(run("regress " + dir + " --stat --out " + (d / "o2").string()), 0);
  const auto same = regress_json(d / "o2");
  EXPECT_TRUE(same["scenarios"][0]["paired"].get<bool>());
  EXPECT_EQ(same["scenarios"][0]["verdict"], "same");

  // A 5% longer service (10 -> 10.5 min; rho 0.83 -> 0.88, Erlang C wait 14.0 -> ~20 min).
  const std::string slower = " --set 'clinics[mmc].service_min.mean_min=10.5'";
  EXPECT_EQ(run("regress " + dir + " --stat" + slower + " --out " + (d / "o3").string()), 1);
  const auto changed = regress_json(d / "o3")["scenarios"][0];
  EXPECT_EQ(changed["verdict"], "changed");
  EXPECT_EQ(verdict_of(changed, "fever_wait_mean_min"), "changed");
  EXPECT_EQ(verdict_of(changed, "fever_wait_p95_min"), "changed");
  EXPECT_EQ(verdict_of(changed, "fever_arrivals"), "same");  // the same patients (CRN)
  EXPECT_EQ(regress_json(d / "o3")["exit_code"], 1);

  // Another seed alone: the exact check fails; the statistical one (Welch) passes.
  const std::string reseeded = " --set run.seed=99";
  EXPECT_EQ(run("regress " + dir + reseeded + " --out " + (d / "o4").string()), 1);
  EXPECT_EQ(run("regress " + dir + " --stat" + reseeded + " --out " + (d / "o5").string()), 0);
  const auto welch = regress_json(d / "o5")["scenarios"][0];
  EXPECT_FALSE(welch["paired"].get<bool>());
  for (const auto& k : welch["kpis"]) EXPECT_NE(k["verdict"], "changed") << k["kpi"];

  // A doctor fewer from day 7 (2022-12-08): the exact check names that day and the column.
  const std::string fewer = " --set 'clinics[mmc].doctor_schedule=[{from_day: 7, doctors: 2}]'";
  EXPECT_EQ(run("regress " + dir + fewer + " --out " + (d / "o6").string()), 1);
  const auto exact = regress_json(d / "o6")["scenarios"][0];
  ASSERT_FALSE(exact["files_changed"].empty());
  bool located = false;
  for (const auto& f : exact["files_changed"]) {
    if (f["file"] != "timeseries.csv") continue;
    located = true;
    EXPECT_EQ(f["day"], "7");
    EXPECT_EQ(f["date"], "2022-12-08");
    EXPECT_EQ(f["column"], "served");  // the same arrivals; fewer seen by the day's end
  }
  EXPECT_TRUE(located);
  bool wait_changed = false;
  for (const auto& k : exact["kpis_changed"]) wait_changed |= k["kpi"] == "fever_wait_mean_min";
  EXPECT_TRUE(wait_changed);

  // Blessed with the change, it passes; the record keeps both reasons.
  ASSERT_EQ(run("regress " + dir + fewer + " --bless --reason 'one doctor fewer'"), 0);
  EXPECT_EQ(run("regress " + dir + fewer + " --out " + (d / "o7").string()), 0);
  EXPECT_EQ(run("regress " + dir + fewer + " --stat --out " + (d / "o8").string()), 0);
  const std::string log = slurp(reg / "goldens" / "BLESS_LOG.md");
  EXPECT_NE(log.find("first goldens"), std::string::npos);
  EXPECT_NE(log.find("one doctor fewer"), std::string::npos);
  EXPECT_NE(log.find("first differs on day 7 (2022-12-08)"), std::string::npos);
  fs::remove_all(d);
}

TEST(CliRegress, BadMarginsAndEditedGoldensAreBadInput) {
  const fs::path d = temp_dir("regress-bad");
  const fs::path reg = regression_dir(d);
  const std::string dir = reg.string();
  std::ofstream(reg / "margins.yaml") << "default: {relative: 0.05}\nkpis:\n  fever_wiat_mean_min: "
                                         "{relative: 0.1}\n";
  EXPECT_EQ(run_with_stderr("regress " + dir + " --bless --reason x", d / "err1"), 2);
  const std::string err1 = slurp(d / "err1");
  EXPECT_NE(err1.find("margins.yaml:3:"), std::string::npos) << err1;
  EXPECT_NE(err1.find("did you mean 'fever_wait_mean_min'"), std::string::npos) << err1;
  std::ofstream(reg / "margins.yaml") << "default: {relative: 0.05, relativ: 1}\n";
  EXPECT_EQ(run_with_stderr("regress " + dir + " --bless --reason x", d / "err2"), 2);
  EXPECT_NE(slurp(d / "err2").find("relativ"), std::string::npos);
  fs::remove(reg / "margins.yaml");
  ASSERT_EQ(run("regress " + dir + " --bless -r 5 --reason x"), 0);
  std::ofstream(reg / "goldens" / "mmc.replications.csv", std::ios::app) << "\n";
  EXPECT_EQ(run_with_stderr("regress " + dir + " --stat --out " + (d / "o").string(), d / "err3"),
            2);
  EXPECT_NE(slurp(d / "err3").find("edited by hand"), std::string::npos);
  fs::remove_all(d);
}

// Blessing one scenario keeps the others' goldens byte for byte (and their record); a stray file
// in goldens/ stops a blessing before it runs; a new seed with margins too tight to show anything
// leaves KPIs inconclusive, which only --strict fails.
TEST(CliRegress, OnlyStrictAndStrayFiles) {
  const fs::path d = temp_dir("regress-only");
  const fs::path reg = regression_dir(d);
  const std::string dir = reg.string();
  std::string two = slurp(reg / "mmc.yaml");
  two.replace(two.find("seed: 1"), 7, "seed: 3");
  std::ofstream(reg / "mmc2.yaml") << two;
  ASSERT_EQ(run("regress " + dir + " --bless -r 5 --reason first"), 0);
  const std::string kept = slurp(reg / "goldens" / "mmc.exact.json");
  ASSERT_EQ(run("regress " + dir + " --bless --only mmc2.yaml --reason second"), 0);
  EXPECT_EQ(slurp(reg / "goldens" / "mmc.exact.json"), kept);
  const auto manifest = nlohmann::json::parse(slurp(reg / "goldens" / "goldens.json"));
  EXPECT_EQ(manifest["scenarios"][0]["reason"], "first");
  EXPECT_EQ(manifest["scenarios"][1]["reason"], "second");
  EXPECT_EQ(manifest["reason"], "second");
  // --only without --bless checks that one alone.
  EXPECT_EQ(run("regress " + dir + " --only mmc --out " + (d / "o1").string()), 0);
  EXPECT_EQ(regress_json(d / "o1")["scenarios"].size(), 1u);
  EXPECT_EQ(run("regress " + dir + " --only margins --out " + (d / "o2").string()), 2);

  std::ofstream(reg / "margins.yaml") << "default: {relative: 0.0001}\n";
  const std::string seed = " --set run.seed=99 --only mmc";
  EXPECT_EQ(run("regress " + dir + " --stat" + seed + " --out " + (d / "o3").string()), 0);
  const auto loose = regress_json(d / "o3")["scenarios"][0];
  EXPECT_EQ(loose["verdict"], "inconclusive");
  EXPECT_NE(loose["notes"][0].get<std::string>().find("--set run.seed=99"), std::string::npos);
  EXPECT_EQ(run("regress " + dir + " --stat --strict" + seed + " --out " + (d / "o4").string()), 1);

  std::ofstream(reg / "goldens" / ".gitkeep") << "";
  EXPECT_EQ(run_with_stderr("regress " + dir + " --bless --reason x", d / "err"), 2);
  EXPECT_NE(slurp(d / "err").find("not goldens"), std::string::npos);
  fs::remove(reg / "goldens" / ".gitkeep");
  // Goldens broken by hand: regress refuses them; a blessing makes them anew.
  std::ofstream(reg / "goldens" / "goldens.json", std::ios::app) << "}";
  EXPECT_EQ(run("regress " + dir + " --out " + (d / "o5").string()), 2);
  EXPECT_EQ(run("regress " + dir + " --bless --reason repaired"), 0);
  EXPECT_EQ(run("regress " + dir + " --out " + (d / "o6").string()), 0);
  fs::remove_all(d);
}
