// The levers of care outside the clinics' queues: online consults (with long prescriptions),
// health packs to key-group households and close-contact quarantine. Each moves its measures the
// right way, keeps every person and course accounted for, and leaves the days before it alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "../sanitizers.hpp"
#include "policy_fixture.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace sc = surgesim::scenario;
namespace run = surgesim::run;
using policy_test::extending;
using policy_test::kpi;
using policy_test::kSmallCity;

namespace {

// Beijing without the health system's response (its policies), with one policy from day `at`
// that sets `levers`.
sc::Scenario with_levers(const std::string& levers, int at = 0,
                         const std::vector<std::string>& sets = kSmallCity) {
  if (levers.empty()) return extending("beijing-2022-12.yaml", "policies: []\n", sets);
  return extending(
      "beijing-2022-12.yaml",
      "policies:\n  - {id: lever, at: " + std::to_string(at) + ", set: {" + levers + "}}\n", sets);
}

// A 2% city: people and clinics shrunk together, so that the clinics queue.
const std::vector<std::string> kLoadedCity = {"run.scale=0.02", "run.days=50"};

std::uint64_t city_on(const run::ReplicationResult& r, std::size_t day,
                      std::uint64_t surgesim::epi::DistrictDay::*field) {
  std::uint64_t n = 0;
  for (const auto& d : r.epidemic->days[day]) n += d.*field;
  return n;
}

std::uint64_t clinics_online(const run::ReplicationResult& r) {
  std::uint64_t n = 0;
  for (const auto& clinic : r.clinic_days) {
    for (const auto& day : clinic) n += day.online;
  }
  return n;
}

}  // namespace

TEST(CareLevers, OnlineConsultsTakeVisitsOffTheQueuesWithinTheDaysCapacity) {
  const sc::Scenario base = with_levers("", 0, kLoadedCity);
  const run::ReplicationResult b = run::run_replication(base, 0);
  const sc::Scenario open =
      with_levers("\"epidemic.interventions.online_consults.share\": 0.5", 0, kLoadedCity);
  const run::ReplicationResult o = run::run_replication(open, 0);
  // Every consult the epidemic sent online reached its clinic's pharmacy, and nobody else did.
  const double online = kpi(open, o, "online_consults");
  EXPECT_EQ(static_cast<double>(clinics_online(o)), online);
  EXPECT_EQ(kpi(base, b, "online_consults"), 0);
  // Half the mild and moderate visits (the severe ones still come in person).
  const double sought = kpi(open, o, "clinic_visits_sought");
  EXPECT_GT(online, 0.4 * sought);
  EXPECT_LT(online, 0.5 * sought);
  EXPECT_LT(kpi(open, o, "fever_arrivals"), 0.65 * kpi(base, b, "fever_arrivals"));
  EXPECT_LT(kpi(open, o, "fever_wait_mean_min"), kpi(base, b, "fever_wait_mean_min"));
  EXPECT_TRUE(o.tablets_balance);
  // Who is offered a consult online comes from a stream of its own: the epidemic is untouched.
  EXPECT_EQ(kpi(open, o, "infections"), kpi(base, b, "infections"));
  EXPECT_EQ(kpi(open, o, "clinic_visits_sought"), kpi(base, b, "clinic_visits_sought"));

  // A capacity of 1,000 a day for the whole city, 20 at run.scale 0.02: never more, and full on
  // the busy days.
  const sc::Scenario capped = with_levers(
      "\"epidemic.interventions.online_consults.share\": 0.5, "
      "\"epidemic.interventions.online_consults.per_day\": 1000",
      0, kLoadedCity);
  const run::ReplicationResult c = run::run_replication(capped, 0);
  std::uint64_t busiest = 0;
  for (std::size_t d = 0; d < c.epidemic->days.size(); ++d) {
    const std::uint64_t n = city_on(c, d, &surgesim::epi::DistrictDay::online_consults);
    EXPECT_LE(n, 20u) << d;
    busiest = std::max(busiest, n);
  }
  EXPECT_EQ(busiest, 20u);
  EXPECT_GT(kpi(capped, c, "fever_arrivals"), kpi(open, o, "fever_arrivals"));

  // A dispensing limit of none at all: every online patient who needs a drug goes without.
  const sc::Scenario dry = with_levers(
      "\"epidemic.interventions.online_consults.share\": 0.5, "
      "\"epidemic.interventions.online_consults.tablets_per_consult\": 0",
      0, kLoadedCity);
  const run::ReplicationResult w = run::run_replication(dry, 0);
  EXPECT_EQ(kpi(dry, w, "online_consults"), online);  // the same people, the same streams
  EXPECT_LT(kpi(dry, w, "drug_tablets_dispensed"), kpi(open, o, "drug_tablets_dispensed"));
  EXPECT_GT(kpi(dry, w, "patients_without_drug"), kpi(open, o, "patients_without_drug") + 100);
}

TEST(CareLevers, HealthPacksGiveKeyGroupHouseholdsACourseAtHome) {
  const sc::Scenario base = with_levers("");
  const run::ReplicationResult b = run::run_replication(base, 0);
  const sc::Scenario packs =
      with_levers("\"epidemic.interventions.health_packs.per_day\": 1000", 5);
  const run::ReplicationResult p = run::run_replication(packs, 0);
  // Nothing changes before day 5; then 1,000 a day until every key-group household has one.
  for (std::size_t d = 0; d < 5; ++d) EXPECT_EQ(p.epidemic->days[d], b.epidemic->days[d]) << d;
  EXPECT_EQ(city_on(p, 5, &surgesim::epi::DistrictDay::health_packs), 1000u);
  const double delivered = kpi(packs, p, "health_packs");
  EXPECT_GT(delivered, 10000);
  EXPECT_LT(delivered, 35 * 1000 + 1);
  EXPECT_TRUE(p.epidemic->medicine_balances);  // courses at start + packs = used + left
  EXPECT_GT(kpi(packs, p, "self_care"), kpi(base, b, "self_care"));
  EXPECT_LT(kpi(packs, p, "no_medicine"), kpi(base, b, "no_medicine"));
  EXPECT_LT(kpi(packs, p, "clinic_visits_sought"), kpi(base, b, "clinic_visits_sought"));
  EXPECT_EQ(kpi(packs, p, "infections"), kpi(base, b, "infections"));  // packs draw nothing
}

TEST(CareLevers, QuarantiningContactsOfIsolatedCasesCutsSpread) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  const std::string isolate = "\"epidemic.interventions.isolation.share\": 0.5";
  const sc::Scenario alone = with_levers(isolate, 3);
  const run::ReplicationResult a = run::run_replication(alone, 0);
  const sc::Scenario traced = with_levers(isolate +
                                              ", \"epidemic.interventions.quarantine.share\": 1, "
                                              "\"epidemic.interventions.quarantine.contacts\": 5",
                                          3);
  const run::ReplicationResult t = run::run_replication(traced, 0);
  for (std::size_t d = 0; d < 3; ++d) EXPECT_EQ(t.epidemic->days[d], a.epidemic->days[d]) << d;
  EXPECT_EQ(kpi(alone, a, "quarantined"), 0);
  EXPECT_GT(kpi(traced, t, "quarantined"), kpi(traced, t, "symptomatic") * 0.5);
  EXPECT_LT(kpi(traced, t, "infections"), 0.9 * kpi(alone, a, "infections"));
  EXPECT_TRUE(t.epidemic->people_conserved);
  // Longer quarantine, fewer infections again.
  const sc::Scenario longer = with_levers(isolate +
                                              ", \"epidemic.interventions.quarantine.share\": 1, "
                                              "\"epidemic.interventions.quarantine.contacts\": 5, "
                                              "\"epidemic.interventions.quarantine.days\": 14",
                                          3);
  const run::ReplicationResult l = run::run_replication(longer, 0);
  EXPECT_LT(kpi(longer, l, "infections"), kpi(traced, t, "infections"));
}

TEST(CareLevers, BadValuesAreLocated) {
  const auto error = [](const std::string& levers) {
    try {
      with_levers(levers);
    } catch (const sc::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("\"epidemic.interventions.online_consults.per_day\": lots")
                .find("an integer in [0, 10000000] or none"),
            std::string::npos);
  EXPECT_NE(error("\"epidemic.interventions.quarantine.days\": 0").find("[1, 365]"),
            std::string::npos);
  EXPECT_NE(error("\"epidemic.interventions.health_packs.each\": 1").find("health_packs.per_day"),
            std::string::npos);
}
