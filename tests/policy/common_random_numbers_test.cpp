// Common random numbers: replication r of every variant draws the same numbers for the same
// purpose, so that a variant changes only what it changes.
#include <gtest/gtest.h>

#include <string>

#include "policy_fixture.hpp"
#include "scenario_fixture.hpp"

namespace sc = surgesim::scenario;
namespace run = surgesim::run;
using policy_test::extending;
using policy_test::kpi;

// A clinic added before another leaves that one's patients, service times and days as they were;
// so does a doctor added to the other clinic, for its patients' arrivals and needs.
TEST_F(ScenarioFiles, AClinicAddedLeavesTheOtherClinicsDraws) {
  const std::string one = std::string(kValid);
  const std::string two = replace(one, "clinics:\n  - id: a\n",
                                  "clinics:\n  - id: b\n    rooms: 1\n    doctors: 1\n"
                                  "    service_min: {dist: exponential, mean_min: 10}\n"
                                  "    demand: {visits_per_day: 30}\n  - id: a\n");
  const run::ReplicationResult r1 =
      run::run_replication(sc::load_scenario(write("1.yaml", one)), 1);
  const run::ReplicationResult r2 =
      run::run_replication(sc::load_scenario(write("2.yaml", two)), 1);
  ASSERT_EQ(r2.clinic_days.size(), 2u);
  for (std::size_t d = 0; d < r1.clinic_days[0].size(); ++d) {
    const auto& x = r1.clinic_days[0][d];
    const auto& y = r2.clinic_days[1][d];
    EXPECT_EQ(x.arrivals, y.arrivals);
    EXPECT_EQ(x.served, y.served);
    EXPECT_EQ(x.wait_sum_min, y.wait_sum_min);
    EXPECT_EQ(x.tablets_dispensed, y.tablets_dispensed);
  }
  // A third doctor: the same patients arrive with the same needs; only their waits change.
  const std::string more =
      replace(replace(one, "rooms: 2", "rooms: 3"), "doctors: 2", "doctors: 3");
  const run::ReplicationResult r3 =
      run::run_replication(sc::load_scenario(write("3.yaml", more)), 1);
  for (std::size_t d = 0; d < r1.clinic_days[0].size(); ++d)
    EXPECT_EQ(r1.clinic_days[0][d].arrivals, r3.clinic_days[0][d].arrivals);
}

// In a city: the clinics, 120 and hospitals do not feed back into who is infected, so more beds,
// vehicles or a policy on them leave the epidemic exactly as it was; a clinic opened by a policy
// changes where its patients go but not the epidemic either.
TEST(CommonRandomNumbers, CapacityLeversLeaveTheEpidemicAlone) {
  const std::vector<std::string> small = {"run.scale=0.02", "run.days=40"};
  const sc::Scenario base = extending("beijing-2022-12.yaml", "policies: []\n", small);
  const sc::Scenario more =
      extending("beijing-2022-12.yaml",
                "policies:\n  - {id: more, at: 5, scale: {\"hospitals.districts[*].icu\": 3, "
                "\"ems.districts[*].vehicles\": 2}, set: "
                "{\"clinics[group=hospital-expansion].open\": true}}\n",
                small);
  const run::ReplicationResult b = run::run_replication(base, 0);
  const run::ReplicationResult m = run::run_replication(more, 0);
  EXPECT_TRUE(b.epidemic->days == m.epidemic->days);  // (a mismatch would print 100 kB)
  EXPECT_EQ(kpi(base, b, "infections"), kpi(more, m, "infections"));
  EXPECT_LT(kpi(more, m, "icu_denied"), kpi(base, b, "icu_denied"));
}
