// Exact-regression fingerprints: a changed cell is located by day and column, a missing day and a
// changed header are named, and the build's own marks (commit, version) are not compared.
#include "surgesim/run/fingerprint.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rn = surgesim::run;

namespace {
const std::string kCsv =
    "day,date,scope,a,b\n"
    "0,2022-12-01,city,1.0,2.0\n"
    "0,2022-12-01,east,0.5,1.0\n"
    "1,2022-12-02,city,3.0,4.0\n"
    "1,2022-12-02,east,1.5,2.0\n"
    "2,2022-12-03,city,5.0,6.0\n";
}

TEST(Fingerprint, NamesTheFirstDayAndColumnThatDiffer) {
  const rn::FileFingerprint g = rn::fingerprint("x.csv", kCsv);
  ASSERT_EQ(g.days, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(g.dates[1], "2022-12-02");
  EXPECT_FALSE(rn::first_difference("x.csv", g, rn::fingerprint("x.csv", kCsv)));
  std::string changed = kCsv;
  changed.replace(changed.find("1,2022-12-02,east,1.5,2.0"), 25, "1,2022-12-02,east,1.5,2.5");
  changed.replace(changed.find("2,2022-12-03,city,5.0"), 21, "2,2022-12-03,city,5.5");
  const auto d = rn::first_difference("x.csv", g, rn::fingerprint("x.csv", changed));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->what, "value");
  EXPECT_EQ(d->day, "1");
  EXPECT_EQ(d->date, "2022-12-02");
  EXPECT_EQ(d->column, "b");
  EXPECT_EQ(d->detail, "x.csv: first differs on day 1 (2022-12-02) in column b");
}

TEST(Fingerprint, MissingDaysAndNewColumnsAreNamed) {
  const rn::FileFingerprint g = rn::fingerprint("x.csv", kCsv);
  const std::string shorter = kCsv.substr(0, kCsv.find("2,2022-12-03"));
  const auto day = rn::first_difference("x.csv", g, rn::fingerprint("x.csv", shorter));
  ASSERT_TRUE(day);
  EXPECT_EQ(day->what, "day");
  EXPECT_EQ(day->day, "2");
  EXPECT_NE(day->detail.find("missing"), std::string::npos);
  const std::string wider = "day,date,scope,a,b,c\n0,2022-12-01,city,1.0,2.0,3.0\n";
  const auto cols = rn::first_difference("x.csv", g, rn::fingerprint("x.csv", wider));
  ASSERT_TRUE(cols);
  EXPECT_EQ(cols->what, "columns");
  EXPECT_NE(cols->detail.find("new: c"), std::string::npos);
}

TEST(Fingerprint, TheBuildsMarksAreNotCompared) {
  const std::string a = "# Resolved by surgesim 0.1.0 (commit aaa)\n# more\nname: x\n";
  const std::string b = "# Resolved by surgesim 0.2.0 (commit bbb)\n# more\nname: x\n";
  EXPECT_EQ(rn::fingerprint("resolved.yaml", a).sha256, rn::fingerprint("resolved.yaml", b).sha256);
  EXPECT_NE(rn::fingerprint("resolved.yaml", a).sha256,
            rn::fingerprint("resolved.yaml", a + "days: 2\n").sha256);
  const std::string s1 = R"({"schema_version": 1, "surgesim_version": "0.1.0", "seed": 1,
                             "files": {"x.csv": {"sha256": "aa"}}})";
  const std::string s2 = R"({"schema_version": 1, "surgesim_version": "0.2.0", "seed": 1,
                             "files": {"x.csv": {"sha256": "bb"}}})";
  EXPECT_EQ(rn::fingerprint("summary.json", s1).sha256, rn::fingerprint("summary.json", s2).sha256);
}

TEST(Fingerprint, GoldensReadBackAsWritten) {
  rn::ReplicationTable t;
  t.kpis = {"wait", "deaths"};  // not in alphabetical order: the order written is kept
  t.seed = {7, 7};
  t.replication = {0, 1};
  t.values = {{0.1, 1}, {0.2, 2}};
  const rn::ExactGolden g = rn::exact_golden(t, {{"x.csv", kCsv}, {"resolved.yaml", "name: x\n"}});
  EXPECT_EQ(g.kpis[1].second, 1.5);
  const std::string text = rn::exact_golden_json(g);
  const rn::ExactGolden back = rn::parse_exact_golden(text, "g.json");
  EXPECT_EQ(rn::exact_golden_json(back), text);
  EXPECT_TRUE(rn::compare_exact(g, back).same());
  rn::ExactGolden moved = back;
  EXPECT_EQ(back.kpis[0].first, "wait");
  moved.kpis[0].second = 0.16;
  const rn::ExactComparison c = rn::compare_exact(g, moved);
  ASSERT_EQ(c.kpis.size(), 1u);
  EXPECT_EQ(c.kpis[0].kpi, "wait");
  moved.seed = 8;
  EXPECT_EQ(rn::compare_exact(g, moved).inputs.size(), 1u);  // another seed is said first
}

// A golden that is not one: located errors, duplicate and unknown keys refused.
TEST(Fingerprint, BadGoldensAreLocated) {
  const auto error = [](const std::string& text) {
    try {
      rn::parse_exact_golden(text, "g.json");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("{\"seed\": 1,\n  \"x\" 2}").rfind("g.json:2:7: not valid JSON", 0), 0u)
      << error("{\"seed\": 1,\n  \"x\" 2}");
  EXPECT_NE(error(R"({"seed": 1, "seed": 2})").find("the key 'seed' twice"), std::string::npos);
  const std::string ok =
      R"({"schema_version": 1, "seed": 1, "replications": 1, "kpis": {}, "files": []})";
  EXPECT_EQ(error(ok), "no error");
  EXPECT_NE(error(ok.substr(0, ok.size() - 1) + R"(, "bogus": 1})").find("unknown key 'bogus'"),
            std::string::npos);
  EXPECT_NE(error(R"({"schema_version": 1, "seed": "1", "replications": 1, "kpis": {},
                      "files": []})")
                .find("seed: expected a whole number"),
            std::string::npos);
  EXPECT_NE(error(R"({"schema_version": 1, "seed": 1, "replications": 1, "kpis": {},
      "files": [{"file": "a.csv", "sha256": "x", "days": "0", "rows": "1",
                 "series": [{"column": "day", "per_day": "zz"}]}]})")
                .find("files[0].series[0].per_day: expected 8-digit hexadecimal"),
            std::string::npos);
}
