#include "surgesim/care/city_supply.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>

#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/write_scenario.hpp"

namespace care = surgesim::care;
namespace sc = surgesim::scenario;
namespace fs = std::filesystem;

TEST(ShareOut, SharesAddUpAreProportionalAndDeterministic) {
  const auto a = care::share_out(100, {1, 1, 1});
  EXPECT_EQ(std::accumulate(a.begin(), a.end(), std::int64_t{0}), 100);
  EXPECT_EQ(a, (std::vector<std::int64_t>{34, 33, 33}));  // ties to the lower index
  EXPECT_EQ(care::share_out(10, {3, 1, 0}), (std::vector<std::int64_t>{8, 2, 0}));
  EXPECT_EQ(care::share_out(7, {0, 0}), (std::vector<std::int64_t>{4, 3}));  // no demand: equal
  EXPECT_EQ(care::share_out(0, {1, 2}), (std::vector<std::int64_t>{0, 0}));
}

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p.string();
}

const char* kTwoClinics = R"(name: district test
run: {days: 6, seed: 3, replications: 1, start_date: 2022-12-05}
drugs:
  - id: ibuprofen
    need_share: 1
    city_supply: {tablets_per_day: 300, allocation: by_demand}
district_demand:
  - district: fengtai
    split: by_doctors
    visits_per_day: [90, 120]
    hourly_profile: flat
clinic_defaults:
  district: fengtai
  rooms: 4
  service_min: {dist: exponential, mean_min: 5}
  drugs: [{drug: ibuprofen, initial_tablets: 40, tablets_per_visit: 10}]
clinics:
  - {id: big, doctors: 2}
  - {id: small, doctors: 1}
)";
}  // namespace

TEST(DistrictDemand, IsSharedAmongTheDistrictsClinicsByDoctors) {
  const sc::Scenario s = sc::load_scenario(write_temp("district.yaml", kTwoClinics));
  ASSERT_EQ(s.clinics.size(), 2u);
  EXPECT_EQ(s.clinics[0].visits_per_day, (std::vector<double>{60, 80}));
  EXPECT_EQ(s.clinics[1].visits_per_day, (std::vector<double>{30, 40}));
}

TEST(CitySupply, EveryTabletIsAccountedForAcrossClinics) {
  const sc::Scenario s = sc::load_scenario(write_temp("district.yaml", kTwoClinics));
  const auto r = surgesim::run::run_replication(s, 0);
  EXPECT_TRUE(r.tablets_balance);
  // initial (2 x 40) + city (6 days x 300) = dispensed + on hand at the end.
  std::int64_t dispensed = 0, on_hand = 0;
  for (const auto& days : r.clinic_days) {
    for (const auto& d : days) dispensed += d.tablets_dispensed;
    on_hand += days.back().tablets_on_hand;
  }
  EXPECT_EQ(80 + 6 * 300, dispensed + on_hand);
  EXPECT_GT(dispensed, 1000);
}

// Writing a scenario and reading it back gives the same scenario, hence the same text again.
TEST(WriteScenario, RoundTripsExactly) {
  const sc::Scenario s = sc::load_scenario(write_temp("district.yaml", kTwoClinics));
  const std::string once = sc::scenario_to_yaml(s);
  const sc::Scenario again = sc::load_scenario(write_temp("resolved.yaml", once));
  EXPECT_EQ(sc::scenario_to_yaml(again), once);
  EXPECT_EQ(again.clinics[1].visits_per_day, s.clinics[1].visits_per_day);
  EXPECT_EQ(again.drugs[0].city_supply.tablets_per_day, 300);
}
