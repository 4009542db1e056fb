#include "surgesim/care/city_supply.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
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
// Each test writes its files into a folder of its own, so the tests can run in parallel
// (ctest -j) without one reading another's half-written scenario.
class TestDir {
 public:
  TestDir() {
    const auto* t = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("surgesim-" + std::string(t->test_suite_name()) + "-" +
                                        t->name() + "-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  ~TestDir() { fs::remove_all(dir_); }
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

 private:
  fs::path dir_;
};

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
  const TestDir dir;
  const sc::Scenario s = sc::load_scenario(dir.write("district.yaml", kTwoClinics));
  ASSERT_EQ(s.clinics.size(), 2u);
  EXPECT_EQ(s.clinics[0].visits_per_day, (std::vector<double>{60, 80}));
  EXPECT_EQ(s.clinics[1].visits_per_day, (std::vector<double>{30, 40}));
}

TEST(CitySupply, EveryTabletIsAccountedForAcrossClinics) {
  const TestDir dir;
  const sc::Scenario s = sc::load_scenario(dir.write("district.yaml", kTwoClinics));
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

namespace {
// Three clinics stock the drug, one does not. Demand alternates between a and b day by day, so
// yesterday's patients and an equal split give shares hundreds of tablets apart.
const char* kFourClinics = R"(name: city supply
run: {days: 10, seed: 5, replications: 1, start_date: 2022-12-05}
drugs:
  - id: ibuprofen
    need_share: 1
    city_supply: {tablets_per_day: 1000, allocation: by_demand}
clinic_defaults:
  rooms: 4
  doctors: 4
  service_min: {dist: constant, value_min: 4}
  drugs: [{drug: ibuprofen, initial_tablets: 100, tablets_per_visit: 10}]
clinics:
  - {id: a, demand: {visits_per_day: [150, 40, 150, 40, 150, 40, 150, 40, 150, 40]}}
  - {id: b, demand: {visits_per_day: [40, 150, 40, 150, 40, 150, 40, 150, 40, 150]}}
  - {id: c, demand: {visits_per_day: 80}}
  - {id: none, drugs: [], demand: {visits_per_day: 60}}
)";
constexpr std::int64_t kCityTablets = 1000;

// Tablets each clinic received on each day, from its own ledger: the stock at the end of the day
// before (the initial stock before day 0) + what came in = what it dispensed + the stock at the
// end of the day. These clinics have no resupply of their own, so what came in is the city's.
std::vector<std::vector<std::int64_t>> city_deliveries(const sc::Scenario& s,
                                                       const surgesim::run::ReplicationResult& r) {
  std::vector<std::vector<std::int64_t>> out;
  for (std::size_t c = 0; c < s.clinics.size(); ++c) {
    std::int64_t before = 0;
    for (const auto& d : s.clinics[c].drugs) before += d.initial_tablets;
    out.emplace_back();
    for (const auto& day : r.clinic_days[c]) {
      out.back().push_back(day.tablets_on_hand - before + day.tablets_dispensed);
      before = day.tablets_on_hand;
    }
  }
  return out;
}

// The rule, with the shares computed here: from `from_day` on, the clinics stocking the drug share
// the city's tablets in proportion to yesterday's patients needing it (with need_share 1, every
// patient served), or equally on day 0, with `allocation: equal` or when nobody needed it; each
// share is within one tablet of the exact proportional one, and the shares add up to the total.
// A 5% bias in one clinic's weight moves its share by ~1000 x 0.05 p(1 - p) >= 6 tablets here.
void expect_city_shares(const sc::Scenario& s, bool by_demand, int from_day) {
  const auto r = surgesim::run::run_replication(s, 0);
  ASSERT_TRUE(r.tablets_balance);
  const auto got = city_deliveries(s, r);
  double farthest_from_equal = 0;
  for (std::size_t d = 0; d < got[0].size(); ++d) {
    std::vector<double> w;
    for (std::size_t c = 0; c < s.clinics.size(); ++c) {
      if (s.clinics[c].drugs.empty()) continue;
      w.push_back(by_demand && d > 0 ? static_cast<double>(r.clinic_days[c][d - 1].served) : 1.0);
    }
    double sum = std::accumulate(w.begin(), w.end(), 0.0);
    if (!(sum > 0)) {
      std::fill(w.begin(), w.end(), 1.0);
      sum = static_cast<double>(w.size());
    }
    std::int64_t total = 0;
    std::size_t k = 0;
    for (std::size_t c = 0; c < s.clinics.size(); ++c) {
      if (s.clinics[c].drugs.empty()) {
        EXPECT_EQ(got[c][d], 0) << "day " << d << " clinic " << c;
        continue;
      }
      const double exact =
          static_cast<int>(d) < from_day ? 0.0 : static_cast<double>(kCityTablets) * w[k] / sum;
      EXPECT_LT(std::abs(static_cast<double>(got[c][d]) - exact), 1.0)
          << "day " << d << " clinic " << s.clinics[c].id << ": got " << got[c][d]
          << ", exact share " << exact;
      farthest_from_equal = std::max(
          farthest_from_equal, std::abs(exact - static_cast<double>(kCityTablets) / w.size()));
      total += got[c][d];
      ++k;
    }
    EXPECT_EQ(total, static_cast<int>(d) < from_day ? 0 : kCityTablets) << "day " << d;
  }
  // By demand, the alternating days must make the rule matter (else the test could not tell).
  if (by_demand) {
    EXPECT_GT(farthest_from_equal, 100);
  }
}
}  // namespace

TEST(CitySupply, EachClinicsShareFollowsYesterdaysDemand) {
  const TestDir dir;
  const sc::Scenario s = sc::load_scenario(dir.write("city.yaml", kFourClinics));
  expect_city_shares(s, true, 0);
}

TEST(CitySupply, EqualAllocationGivesEveryStockingClinicTheSameShare) {
  const TestDir dir;
  const sc::Scenario s = sc::load_scenario(dir.write("city.yaml", kFourClinics),
                                           {"drugs[0].city_supply.allocation=equal"});
  expect_city_shares(s, false, 0);
}

// The allocation as a lever: a policy from day 0 shares equally, exactly as the scenario's own
// `allocation: equal` does; and the city's deliveries started by a policy on day 4.
TEST(CitySupply, AllocationAndDeliveriesAsPolicies) {
  const TestDir dir;
  const sc::Scenario equal = sc::load_scenario(
      dir.write("city.yaml", std::string(kFourClinics) +
                                 "policies:\n  - {id: even, at: 0, set: "
                                 "{\"drugs[ibuprofen].city_supply.allocation\": equal}}\n"));
  expect_city_shares(equal, false, 0);
  const sc::Scenario later = sc::load_scenario(
      dir.write("later.yaml", std::string(kFourClinics) +
                                  "policies:\n  - {id: stop, at: 0, until: 4, set: "
                                  "{\"drugs[ibuprofen].city_supply.tablets_per_day\": 0}}\n"));
  expect_city_shares(later, true, 4);
}

// The first delivery (day 4) already follows the day before's demand.
TEST(CitySupply, NothingIsDeliveredBeforeFromDay) {
  const TestDir dir;
  const sc::Scenario s =
      sc::load_scenario(dir.write("city.yaml", kFourClinics), {"drugs[0].city_supply.from_day=4"});
  expect_city_shares(s, true, 4);
}

// Writing a scenario and reading it back gives the same scenario, hence the same text again.
TEST(WriteScenario, RoundTripsExactly) {
  const TestDir dir;
  const sc::Scenario s = sc::load_scenario(dir.write("district.yaml", kTwoClinics));
  const std::string once = sc::scenario_to_yaml(s);
  const sc::Scenario again = sc::load_scenario(dir.write("resolved.yaml", once));
  EXPECT_EQ(sc::scenario_to_yaml(again), once);
  EXPECT_EQ(again.clinics[1].visits_per_day, s.clinics[1].visits_per_day);
  EXPECT_EQ(again.drugs[0].city_supply.tablets_per_day.at(4), 300);
}

// A dormant clinic (opens on day 3) gets neither its own resupply nor a share of the city's
// deliveries before it opens, even with the city's supply shared equally; from then on it does.
TEST(CitySupply, ADormantClinicIsSuppliedOnlyOnceItOpens) {
  const TestDir dir;
  std::string text = kTwoClinics;
  const auto replace = [&](const std::string& a, const std::string& b) {
    const auto at = text.find(a);
    ASSERT_NE(at, std::string::npos) << a;
    text.replace(at, a.size(), b);
  };
  replace("allocation: by_demand", "allocation: equal");
  replace("  - {id: small, doctors: 1}",
          "  - {id: small, doctors: 1, opens: 3,\n"
          "     drugs: [{drug: ibuprofen, initial_tablets: 40, tablets_per_visit: 10,\n"
          "              resupply: {tablets: 7, every_days: 1}}]}");
  const sc::Scenario s = sc::load_scenario(dir.write("dormant.yaml", text));
  const auto r = surgesim::run::run_replication(s, 0);
  EXPECT_TRUE(r.tablets_balance);
  const auto& small = r.clinic_days[1];
  for (int d = 0; d < 3; ++d) {
    EXPECT_EQ(small[static_cast<std::size_t>(d)].tablets_on_hand, 40) << d;
    EXPECT_EQ(small[static_cast<std::size_t>(d)].served, 0u) << d;
  }
  // Day 3: 150 from the city (300 shared equally by two) and 7 of its own, before any patient.
  EXPECT_GT(small[3].served, 0u);
  EXPECT_EQ(small[3].tablets_on_hand + small[3].tablets_dispensed, 40 + 150 + 7);
}
