// Policies in scenarios: located errors, levers that act exactly as the same change written into
// the scenario, and runs with triggered policies that do not depend on the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "policy_fixture.hpp"
#include "scenario_fixture.hpp"
#include "surgesim/examples/mmc_model.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/run_scale.hpp"
#include "surgesim/scenario/write_scenario.hpp"

namespace sc = surgesim::scenario;
namespace run = surgesim::run;
using policy_test::extending;
using policy_test::kpi;
using policy_test::kSmallCity;

namespace {

std::string with_policies(const std::string& policies) {
  return std::string(kValid) + "policies:\n" + policies;
}

}  // namespace

TEST_F(ScenarioFiles, PolicyMistakesAreLocatedWithTheChoices) {
  const std::string metric = error_of(
      with_policies("  - {id: p, when: fever_wait_p59_min > 1, set: {\"clinics[a].rooms\": 3}}\n"));
  EXPECT_CONTAINS(metric, "s.yaml:14:19: policies[0].when");
  EXPECT_CONTAINS(metric,
                  "policies[0].when: no metric 'fever_wait_p59_min' in this scenario "
                  "(did you mean 'fever_wait_p95_min'?); the metrics are: fever_arrivals");
  EXPECT_CONTAINS(error_of(with_policies("  - {id: p, at: 1, set: {\"run.seed\": 3}}\n")),
                  "policies[0].set.run.seed: 'run.seed' is not a lever that can change during a "
                  "run; those are: clinics[SEL].open");
  EXPECT_CONTAINS(error_of(with_policies("  - {id: p, at: 1, set: {\"clinics[b].rooms\": 3}}\n")),
                  "clinics[b] selects nothing");
  EXPECT_CONTAINS(error_of(with_policies(
                      "  - {id: p, when: fever_arrivals => 3, set: {\"clinics[a].rooms\": 3}}\n")),
                  "expected 'METRIC OP NUMBER'");
  EXPECT_CONTAINS(
      error_of(with_policies(
          "  - {id: p, when: fever_arrivals > many, set: {\"clinics[a].rooms\": 3}}\n")),
      "found 'many' where a number belongs");
  EXPECT_CONTAINS(
      error_of(with_policies(
          "  - {id: p, at: 1, when: fever_arrivals > 1, set: {\"clinics[a].rooms\": 3}}\n")),
      "give either 'at' (a date or day) or 'when' (a measured condition), not both");
  EXPECT_CONTAINS(
      error_of(with_policies("  - {id: p, at: 2022-11-01, set: {\"clinics[a].rooms\": 3}}\n")),
      "before run.start_date");
  EXPECT_CONTAINS(error_of(with_policies("  - {id: p, at: 1}\n")), "missing required key 'set'");
  EXPECT_CONTAINS(error_of(with_policies("  - {id: p, at: 1, set: {\"clinics[a].rooms\": -1}}\n")),
                  "policies[0].set.clinics[a].rooms");
  EXPECT_CONTAINS(error_of(with_policies("  - {id: p, at: 1, scale: {\"clinics[a].open\": 2}}\n")),
                  "is not a number: use set");
  EXPECT_CONTAINS(error_of(with_policies("  - {id: p, at: 1, set: {\"clinics[a].rooms\": 3}}\n"
                                         "  - {id: p, at: 2, set: {\"clinics[a].rooms\": 3}}\n")),
                  "policy id 'p' is used twice");
  EXPECT_CONTAINS(
      error_of(with_policies("  - {id: p, at: 1, unit: 3, set: {\"clinics[a].rooms\": 3}}\n")),
      "unknown key 'unit'");
  EXPECT_EQ(
      error_of(with_policies(
          "  - {id: p, when: fever_wait_p95_min > 30, scope: district, for_days: 2,\n"
          "     release: fever_wait_p95_min < 5, max_fires: 3, add: {\"clinics[a].rooms\": 1}}\n")),
      "");
}

// A dated policy is the same change as a step written into the scenario: bit-identical results.
TEST_F(ScenarioFiles, DatedPoliciesActExactlyAsTheSameStepsWrittenIn) {
  const std::string steps =
      replace(replace(kValid, "    doctors: 2\n",
                      "    doctors: 2\n    doctor_schedule: [{from_day: 1, doctors: 1}]\n"),
              "tablets_per_visit: 20}",
              "tablets_per_visit: 20, rationing: [{from_day: 2, tablets_per_visit: 5}]}");
  const std::string policies = with_policies(
      "  - {id: fewer-doctors, at: 1, set: {\"clinics[a].doctors\": 1}}\n"
      "  - {id: ration, at: 2022-12-03, set: {\"clinics[*].drugs[ibuprofen].tablets_per_visit\": "
      "5}}\n");
  const sc::Scenario a = sc::load_scenario(write("a.yaml", steps));
  const sc::Scenario b = sc::load_scenario(write("b.yaml", policies));
  const sc::Scenario base = sc::load_scenario(write("c.yaml", kValid));
  for (std::size_t rep = 0; rep < 2; ++rep) {
    const run::ReplicationResult ra = run::run_replication(a, rep);
    const run::ReplicationResult rb = run::run_replication(b, rep);
    const run::ReplicationResult rc = run::run_replication(base, rep);
    EXPECT_EQ(ra.kpis, rb.kpis);
    EXPECT_NE(ra.kpis, rc.kpis);  // the levers moved something
    ASSERT_EQ(rb.policy_events.size(), 4u);
  }
  EXPECT_EQ(run::policy_events_csv(b, {run::run_replication(b, 0)}),
            "replication,day,date,policy,scope,event,metric,value\n"
            "0,1,2022-12-02,fewer-doctors,city,fired,,\n"
            "0,1,2022-12-02,fewer-doctors,city,effective,,\n"
            "0,2,2022-12-03,ration,city,fired,,\n"
            "0,2,2022-12-03,ration,city,effective,,\n");
}

// Opening a dormant clinic by a policy on day 1 is the same as `opens: day 1`.
TEST_F(ScenarioFiles, ADormantClinicOpenedByAPolicyIsOneThatOpensThatDay) {
  const std::string opens = replace(kValid, "    rooms: 2\n", "    rooms: 2\n    opens: 1\n");
  const std::string policy = replace(
      with_policies(
          "  - {id: open-it, at: 1, set: {\"clinics[kind=chc_fever_clinic].open\": true}}\n"),
      "    rooms: 2\n", "    rooms: 2\n    open: false\n");
  const run::ReplicationResult a =
      run::run_replication(sc::load_scenario(write("a.yaml", opens)), 0);
  const run::ReplicationResult b =
      run::run_replication(sc::load_scenario(write("b.yaml", policy)), 0);
  EXPECT_EQ(a.kpis, b.kpis);
  EXPECT_EQ(a.clinic_days[0][0].served, 0u);  // closed on day 0
  EXPECT_GT(a.clinic_days[0][1].served, 0u);
}

// Triggered policies on the epidemic's levers and on the clinics', in a sample of Beijing: the
// same decisions and results on 1 and 2 threads.
TEST(PolicyRuns, TriggeredPoliciesGiveTheSameResultsOnAnyThreadCount) {
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/policy-threads-" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(path) << "extends: " SURGESIM_SCENARIOS
                         "/beijing-2022-12.yaml\n"
                         "policies:\n"
                         "  - id: lockdown\n"
                         "    when: new_infections > 2000\n"
                         "    for_days: 2\n"
                         "    release: new_infections < 1000\n"
                         "    max_fires: 3\n"
                         "    set: {\"epidemic.interventions.contacts.city\": 0.3}\n"
                         "  - id: reserve-rooms\n"
                         "    when: fever_arrivals > 20\n"
                         "    scope: district\n"
                         "    add: {\"clinics[*].rooms\": 1}\n";
  std::vector<run::ReplicationResult> by_threads;
  for (const char* threads : {"1", "2"}) {
    const sc::Scenario s = sc::load_scenario(path, {"epidemic.population_scale=0.01", "run.days=40",
                                                    std::string("run.threads=") + threads});
    by_threads.push_back(run::run_replication(s, 0));
  }
  std::remove(path.c_str());
  EXPECT_EQ(by_threads[0].kpis, by_threads[1].kpis);
  EXPECT_EQ(by_threads[0].policy_events, by_threads[1].policy_events);
  EXPECT_EQ(by_threads[0].epidemic->days, by_threads[1].epidemic->days);
  int lockdowns = 0, districts = 0;
  for (const auto& e : by_threads[0].policy_events) {
    if (e.event != surgesim::policy::EventKind::kFired) continue;
    (e.policy == 0 ? lockdowns : districts) += 1;
  }
  EXPECT_GE(lockdowns, 1);
  EXPECT_GE(districts, 2);
}

// A doctor and a room added by a policy make the M/M/3 clinic an M/M/4 one: Erlang C's wait.
TEST(PolicyLevers, ADoctorAddedByAPolicyGivesErlangCsWaitForOneMoreServer) {
  const sc::Scenario s = extending("mmc.yaml",
                                   "policies:\n  - {id: fourth, at: 0, add: "
                                   "{\"clinics[mmc].rooms\": 1, \"clinics[mmc].doctors\": 1}}\n",
                                   {"run.days=120", "run.replications=16"});
  const std::vector<run::ReplicationResult> reps = run::run_replications(s, 0);
  std::vector<double> w;
  for (const auto& r : reps) w.push_back(kpi(s, r, "fever_wait_mean_min"));
  double mean = 0, var = 0;
  for (double x : w) mean += x / static_cast<double>(w.size());
  for (double x : w) var += (x - mean) * (x - mean) / static_cast<double>(w.size() - 1);
  const double half = 4.07 * std::sqrt(var / static_cast<double>(w.size()));  // t(0.9995, 15)
  const double four = surgesim::examples::mmc_mean_wait(4, 0.25, 0.1);
  EXPECT_NEAR(mean, four, half);
  EXPECT_GT(surgesim::examples::mmc_mean_wait(3, 0.25, 0.1) - four, 10 * half);  // told apart
}

// Hours set by a policy: a clinic closed from day 2 sees nobody from then on; reopened on day 4.
TEST_F(ScenarioFiles, HoursSetByAPolicyHoldWhileItIsInEffect) {
  const std::string text = with_policies(
      "  - {id: shut, at: 2, until: 4, set: {\"clinics[*].hours\": closed}}\n"
      "  - {id: mornings, at: 4, set: {\"clinics[a].hours\": \"08:00-12:00\"}}\n");
  const std::string days = replace(text, "days: 3", "days: 6");
  const run::ReplicationResult r =
      run::run_replication(sc::load_scenario(write("h.yaml", days)), 0);
  const auto& d = r.clinic_days[0];
  EXPECT_GT(d[1].served, 0u);
  EXPECT_EQ(d[2].served + d[3].served, 0u);
  EXPECT_GT(d[4].served, 0u);  // those who came while it was shut, and the morning's
  EXPECT_TRUE(r.tablets_balance);
}

// Beds, vehicles and the crews' longest hand-over wait, each turned by a policy in a small city:
// no ICU beds means no ICU admissions; no vehicles, no dispatches; more vehicles, faster response.
TEST(PolicyLevers, BedsVehiclesAndHandOverWaitMoveTheirMeasures) {
  // Without Beijing's own policies (a policies list replaces the base's whole), as the variants.
  const sc::Scenario base = extending("beijing-2022-12.yaml", "policies: []\n", kSmallCity);
  const run::ReplicationResult b = run::run_replication(base, 0);
  ASSERT_GT(kpi(base, b, "icu_admissions"), 0);
  const sc::Scenario no_icu = extending(
      "beijing-2022-12.yaml",
      "policies:\n  - {id: p, at: 0, set: {\"hospitals.districts[*].icu\": 0}}\n", kSmallCity);
  const run::ReplicationResult n = run::run_replication(no_icu, 0);
  EXPECT_EQ(kpi(no_icu, n, "icu_admissions"), 0);
  EXPECT_GT(kpi(no_icu, n, "icu_denied"), kpi(base, b, "icu_denied"));
  EXPECT_TRUE(n.beds_balance && n.patients_balance);

  const sc::Scenario no_fleet = extending(
      "beijing-2022-12.yaml",
      "policies:\n  - {id: p, at: 10, set: {\"ems.districts[*].vehicles\": 0}}\n", kSmallCity);
  const run::ReplicationResult f = run::run_replication(no_fleet, 0);
  double after = 0;
  for (std::size_t d = 11; d < f.ems_days.size(); ++d)
    after += static_cast<double>(f.ems_days[d].dispatches);
  EXPECT_EQ(after, 0);  // day 10 still finishes the jobs under way
  EXPECT_GT(kpi(no_fleet, f, "ems_calls_abandoned"), kpi(base, b, "ems_calls_abandoned"));
  EXPECT_TRUE(f.vehicles_balance && f.ems_calls_balance);

  const sc::Scenario half = extending(
      "beijing-2022-12.yaml",
      "policies:\n  - {id: p, at: 0, scale: {\"ems.districts[*].vehicles\": 0.25}}\n", kSmallCity);
  const run::ReplicationResult h = run::run_replication(half, 0);
  EXPECT_GT(kpi(half, h, "ems_response_mean_min"), kpi(base, b, "ems_response_mean_min"));
  EXPECT_TRUE(h.vehicles_balance);

  const sc::Scenario impatient =
      extending("beijing-2022-12.yaml",
                "policies:\n  - {id: p, at: 0, set: {\"hospitals.crew_max_wait_min\": 0, "
                "\"hospitals.districts[*].ed\": 1}}\n",
                kSmallCity);
  const run::ReplicationResult c = run::run_replication(impatient, 0);
  EXPECT_GT(kpi(impatient, c, "corridor_handovers"), kpi(base, b, "corridor_handovers"));
}

// The epidemic's levers: contacts cut from day 5 cut the infections; the day-0 controls (and so
// the calibrated transmission rate) stay as written.
TEST(PolicyLevers, EpidemicLeversMoveTheEpidemic) {
  // Without Beijing's own policies (a policies list replaces the base's whole), as the variants.
  const sc::Scenario base = extending("beijing-2022-12.yaml", "policies: []\n", kSmallCity);
  const run::ReplicationResult b = run::run_replication(base, 0);
  std::string cut = "policies:\n  - id: distancing\n    at: 5\n    set: {";
  for (const char* setting : {"grid", "subdistrict", "district", "commute", "city"})
    cut += std::string("\"epidemic.interventions.contacts.") + setting + "\": 0.2, ";
  cut += "\"epidemic.interventions.isolation.share\": 0.5}\n";
  const sc::Scenario less = extending("beijing-2022-12.yaml", cut, kSmallCity);
  const run::ReplicationResult l = run::run_replication(less, 0);
  EXPECT_EQ(l.epidemic->transmission_rate, b.epidemic->transmission_rate);
  for (std::size_t d = 0; d < 5; ++d) EXPECT_EQ(l.epidemic->days[d], b.epidemic->days[d]) << d;
  EXPECT_LT(kpi(less, l, "infections"), 0.8 * kpi(base, b, "infections"));
  EXPECT_TRUE(l.epidemic->people_conserved);
}

// The break record on hand-made boards: first day at capacity and the days there, per district
// where the pool is measured by district; a pool the scenario does not measure stays untouched.
TEST(Breaks, FirstDayAndDaysAtCapacityByPoolAndDistrict) {
  namespace pol = surgesim::policy;
  pol::Board board(2);
  std::vector<bool> measured(pol::metric_catalogue().size(), true);
  measured[pol::metric_index("icu_occupancy_share")] = false;
  run::Breaks b;
  const std::size_t wait = pol::metric_index("fever_wait_p95_min");
  const std::size_t icu = pol::metric_index("icu_occupancy_share");
  const std::size_t ed = pol::metric_index("ed_occupancy_share");
  const std::vector<double> city = {100, 121, 120, 130}, d1 = {150, 10, 150, 10};
  for (int day = 0; day < 4; ++day) {
    board.clear();
    board.set_city(wait, city[static_cast<std::size_t>(day)]);
    board.set_district(wait, 1, d1[static_cast<std::size_t>(day)]);
    board.set_city(icu, 2.0);
    board.set_city(ed, day == 3 ? 1.0 : 0.99);  // every place in use: at capacity
    board.set_district(ed, 0, day == 2 ? 1.0 : 0.5);
    run::record_breaks(b, day, board, measured);
  }
  const auto& pools = run::break_pools();
  const auto at = [&](const char* name) {
    for (std::size_t p = 0; p < pools.size(); ++p) {
      if (std::string(pools[p].name) == name) return p;
    }
    return pools.size();
  };
  EXPECT_EQ(b.city[at("fever_waits")], (run::BreakRecord{1, 2}));  // over 120, not at 120
  EXPECT_EQ(b.district[at("fever_waits")][0], (run::BreakRecord{-1, 0}));
  EXPECT_EQ(b.district[at("fever_waits")][1], (run::BreakRecord{0, 2}));
  EXPECT_EQ(b.city[at("icu")], (run::BreakRecord{-1, 0}));  // not measured here
  EXPECT_EQ(b.city[at("ed")], (run::BreakRecord{3, 1}));
  EXPECT_EQ(b.district[at("ed")][0], (run::BreakRecord{2, 1}));  // hospitals by district too
  EXPECT_EQ(b.district[at("ed")][1], (run::BreakRecord{-1, 0}));
  EXPECT_TRUE(b.district[at("ems_response")].empty());  // measured for the city only
}

// Probable mistakes are warnings, not errors: doctors above rooms; a clinic given more patients
// than its doctors can see with nobody leaving; and, after the run, a queue that never drained.
TEST_F(ScenarioFiles, ProbableMistakesAreWarned) {
  EXPECT_TRUE(sc::load_scenario(write("ok.yaml", kValid)).warnings.empty());
  const sc::Scenario extra =
      sc::load_scenario(write("d.yaml", replace(kValid, "doctors: 2", "doctors: 3")));
  ASSERT_EQ(extra.warnings.size(), 1u);
  EXPECT_CONTAINS(extra.warnings[0],
                  "1 clinic(s) have more doctors than rooms: a (3 doctors, 2 rooms");
  // 2 doctors x 1,440 min / 10 min = 288 a day can be seen; 400 come.
  const std::string over = replace(kValid, "visits_per_day: 40", "visits_per_day: 400");
  const sc::Scenario o = sc::load_scenario(write("o.yaml", over));
  ASSERT_EQ(o.warnings.size(), 1u);
  EXPECT_CONTAINS(o.warnings[0], "a (1.39x its capacity on day 0)");
  EXPECT_TRUE(sc::load_scenario(write("l.yaml", replace(over, "    rooms: 2\n",
                                                        "    rooms: 2\n    queue_limit: 50\n")))
                  .warnings.empty());
  const std::vector<run::ReplicationResult> reps = run::run_replications(o, 1);
  const std::vector<std::string> all = run::run_warnings(o, reps);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_CONTAINS(all[1], "1 clinic(s) ended the run with a queue that never drained");
  EXPECT_TRUE(run::run_warnings(sc::load_scenario(write("ok2.yaml", kValid)), {}).empty());
}

// run.scale shrinks people, capacities and background loads together: a 5% Beijing breaks where
// the whole city breaks. Per-capita deaths and ICU denials, and the mean fever-clinic wait, within
// 15% of the full run's. One replication of the full city (~15 s, so not under the sanitizers;
// its counts vary by about 1%), four of the 5% city, whose ICU denials (a few hundred) vary by
// about 7% from one replication to the next.
TEST(RunScale, AFivePercentCityBreaksWhereTheCityBreaks) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "the whole city is too slow under AddressSanitizer";
#endif
  const sc::Scenario full = extending("beijing-2022-12.yaml", "");
  const sc::Scenario small =
      extending("beijing-2022-12.yaml", "", {"run.scale=0.05", "run.replications=4"});
  EXPECT_EQ(small.clinics.size(), 63u);  // 48 community + 15 hospital (of 960 + 303)
  const run::ReplicationResult f = run::run_replication(full, 0);
  const std::vector<run::ReplicationResult> reps = run::run_replications(small, 2);
  const auto small_mean = [&](const char* name) {
    double sum = 0;
    for (const auto& r : reps) sum += kpi(small, r, name);
    return sum / static_cast<double>(reps.size());
  };
  const double pf = static_cast<double>(f.epidemic->population);
  const double ps = static_cast<double>(reps[0].epidemic->population);
  EXPECT_NEAR(ps / pf, 0.05, 0.0005);
  for (const char* per_capita : {"deaths", "icu_denied", "infections"}) {
    const double a = kpi(full, f, per_capita) / pf, b = small_mean(per_capita) / ps;
    EXPECT_NEAR(b / a, 1.0, 0.15) << per_capita << ": " << a << " vs " << b;
  }
  const double wf = kpi(full, f, "fever_wait_mean_min"), ws = small_mean("fever_wait_mean_min");
  EXPECT_NEAR(ws / wf, 1.0, 0.15) << wf << " vs " << ws;
  for (const auto& s : reps)
    EXPECT_TRUE(s.beds_balance && s.vehicles_balance && s.patients_balance && s.deaths_balance);
}

TEST_F(ScenarioFiles, RunScaleSharesCountsOutByLargestRemainders) {
  EXPECT_EQ(sc::scale_counts({31, 49, 151, 89}, 0.05), (std::vector<int>{2, 2, 8, 4}));
  EXPECT_EQ(sc::scale_counts({1, 1, 1}, 0.5), (std::vector<int>{1, 1, 0}));  // 1.5 -> 2 in all
  EXPECT_CONTAINS(error_of(replace(kValid, "replications: 2}", "replications: 2, scale: 0}")),
                  "run.scale: expected a share of the city above 0");
}

// Resupply and neighbours' medicine as levers: no deliveries from day 1 leave less on the shelf;
// no sharing between neighbours from day 0 means nobody is helped by one.
TEST_F(ScenarioFiles, ResupplyAndMutualAidAreLevers) {
  // 4 visits a day need far less than the 1,000 tablets on the shelf.
  std::string resupplied =
      replace(kValid, "tablets_per_visit: 20}",
              "tablets_per_visit: 20, resupply: {tablets: 200, every_days: 1}}");
  resupplied =
      replace(replace(resupplied, "days: 3", "days: 4"), "visits_per_day: 40", "visits_per_day: 4");
  resupplied = replace(resupplied, "initial_tablets: 100", "initial_tablets: 1000");
  EXPECT_CONTAINS(
      error_of(with_policies(
          "  - {id: p, at: 1, set: {\"clinics[a].drugs[ibuprofen].resupply_tablets\": 0}}\n")),
      "has no resupply to change");
  const run::ReplicationResult a =
      run::run_replication(sc::load_scenario(write("a.yaml", resupplied)), 0);
  const run::ReplicationResult b = run::run_replication(
      sc::load_scenario(
          write("b.yaml", resupplied + "policies:\n  - {id: none, at: 1, set: "
                                       "{\"clinics[a].drugs[ibuprofen].resupply_tablets\": 0}}\n")),
      0);
  EXPECT_EQ(a.clinic_days[0][0].tablets_on_hand, b.clinic_days[0][0].tablets_on_hand);
  // Deliveries at the start of days 1, 2 and 3, none of them needed by 4 visits a day.
  EXPECT_EQ(a.clinic_days[0][3].tablets_on_hand - b.clinic_days[0][3].tablets_on_hand, 600);
  EXPECT_TRUE(b.tablets_balance);

  // Without Beijing's own policies (a policies list replaces the base's whole), as the variants.
  const sc::Scenario base = extending("beijing-2022-12.yaml", "policies: []\n", kSmallCity);
  const sc::Scenario alone = extending(
      "beijing-2022-12.yaml",
      "policies:\n  - {id: p, at: 0, set: {\"epidemic.interventions.mutual_aid\": false}}\n",
      kSmallCity);
  const run::ReplicationResult rb = run::run_replication(base, 0),
                               ra = run::run_replication(alone, 0);
  ASSERT_GT(kpi(base, rb, "mutual_aid"), 0);
  EXPECT_EQ(kpi(alone, ra, "mutual_aid"), 0);
  EXPECT_GT(kpi(alone, ra, "no_medicine"), kpi(base, rb, "no_medicine"));
  EXPECT_TRUE(ra.epidemic->medicine_balances);
}

// A queue limit set by a policy: arrivals balk from that day on, and not before.
TEST_F(ScenarioFiles, AQueueLimitSetByAPolicyTurnsArrivalsAwayFromItsDay) {
  const std::string busy = replace(kValid, "visits_per_day: 40", "visits_per_day: 400");
  const run::ReplicationResult open =
      run::run_replication(sc::load_scenario(write("a.yaml", busy)), 0);
  const run::ReplicationResult limited = run::run_replication(
      sc::load_scenario(write("b.yaml", busy + "policies:\n  - {id: cap, at: 1, until: 2, set: "
                                               "{\"clinics[a].queue_limit\": 3}}\n")),
      0);
  for (const auto& d : open.clinic_days[0]) EXPECT_EQ(d.balked, 0u);
  EXPECT_EQ(limited.clinic_days[0][0].balked, 0u);
  EXPECT_GT(limited.clinic_days[0][1].balked, 0u);
  EXPECT_EQ(limited.clinic_days[0][2].balked, 0u);  // none again from day 2
  EXPECT_CONTAINS(
      error_of(with_policies("  - {id: p, at: 1, add: {\"clinics[a].queue_limit\": 3}}\n")),
      "is not a number: use set");
}

// resolved.yaml's policies load back to the same scenario: integers written as integers (not
// "3e+05"), ids that look like numbers selected as ids, every lever kind.
TEST_F(ScenarioFiles, PoliciesWrittenToResolvedYamlLoadBack) {
  std::string text = with_policies(
      "  - {id: a, at: 1, until: 2, set: {\"clinics[a].drugs[id=110105].tablets_per_visit\": 10,\n"
      "     \"drugs[id=110105].city_supply.tablets_per_day\": 300000, \"clinics[a].hours\": "
      "\"08:00-20:00\",\n"
      "     \"clinics[a].queue_limit\": none, \"drugs[id=110105].city_supply.allocation\": equal,\n"
      "     \"clinics[a].open\": true}}\n"
      "  - {id: b, when: fever_wait_p95_min >= 12.5, scope: district, delay_days: 1, release: "
      "fever_arrivals < 3,\n"
      "     release_days: 2, max_fires: 3, add: {\"clinics[*].rooms\": 100000}, scale: "
      "{\"clinics[a].doctors\": 1.5}}\n");
  text = replace(text, "{id: ibuprofen,", "{id: 110105,");
  text = replace(text, "{drug: ibuprofen,", "{drug: 110105,");
  text = replace(text, "tablets_per_visit: 20}", "tablets_per_visit: 20}\n    district: d1");
  text = replace(text, "    demand:", "    demand:");
  const sc::Scenario s = sc::load_scenario(write("p.yaml", text));
  const std::string once = sc::scenario_to_yaml(s);
  const sc::Scenario again = sc::load_scenario(write("resolved.yaml", once));
  EXPECT_EQ(sc::scenario_to_yaml(again), once);
  EXPECT_NE(once.find("tablets_per_day: 300000"), std::string::npos) << once;
  EXPECT_NE(once.find("drugs[id=110105]"), std::string::npos);
  for (std::size_t rep = 0; rep < 2; ++rep) {
    EXPECT_EQ(run::run_replication(s, rep).kpis, run::run_replication(again, rep).kpis);
  }
}

// The epidemic sends nobody to a clinic whose hours a policy has closed (from the second day:
// visits decided the day before may arrive on the first, and wait for the opening).
TEST(PolicyLevers, ClinicsClosedByAPolicysHoursGetNoPatients) {
  const sc::Scenario shut =
      extending("beijing-2022-12.yaml",
                "policies:\n  - {id: p, at: 20, until: 23, set: {\"clinics[*].hours\": closed}}\n",
                kSmallCity);
  const run::ReplicationResult r = run::run_replication(shut, 0);
  std::uint64_t before = 0, during = 0;
  for (const auto& days : r.clinic_days) {
    before += days[19].arrivals;
    for (std::size_t d = 21; d < 23; ++d) during += days[d].arrivals;
  }
  EXPECT_GT(before, 0u);
  EXPECT_EQ(during, 0u);
}

// Hospitals are measured by district too: a trigger on a district's ICU fires in that district
// only, when its own beds are all in use, and adds beds there; more ICU beds, fewer denials. (Both
// without Beijing's own response; run.scale scales the amount added as it scales the beds.)
TEST(PolicyLevers, DistrictIcuTriggersFireWhereTheIcuIsFull) {
  const std::vector<std::string> small = {"run.scale=0.02"};
  const sc::Scenario base = extending("beijing-2022-12.yaml", "policies: []\n", small);
  const sc::Scenario more =
      extending("beijing-2022-12.yaml",
                "policies:\n  - id: more-icu\n    when: icu_occupancy_share >= 1\n"
                "    scope: district\n    add: {\"hospitals.districts[*].icu\": 100}\n",  // 2 at 2%
                small);
  const run::ReplicationResult b = run::run_replication(base, 0);
  const run::ReplicationResult m = run::run_replication(more, 0);
  std::set<int> fired;
  for (const auto& e : m.policy_events) {
    if (e.event != surgesim::policy::EventKind::kFired) continue;
    EXPECT_GE(e.unit, 0);
    EXPECT_GE(e.value, 1.0);  // that district's own ICU beds all in use
    fired.insert(e.unit);
  }
  EXPECT_GE(fired.size(), 3u);
  EXPECT_LT(fired.size(), more.district_names().size());  // not everywhere at once
  EXPECT_LT(kpi(more, m, "icu_denied"), kpi(base, b, "icu_denied"));
}
