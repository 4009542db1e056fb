// Transmission beyond the homogeneous case: households, vaccine protection against infection,
// commuting between grids and where imported cases land, each against an exact result.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "epi_fixture.hpp"
#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/epi/city_epidemic.hpp"
#include "surgesim/epi/epidemic_theory.hpp"

namespace epi = surgesim::epi;
namespace eng = surgesim::engine;
using epi::testing::sir;
using epi::testing::within_binomial;

namespace {

struct Outcome {
  std::vector<std::uint64_t> by_band, by_grid, imported;  // imported: per district
  std::uint64_t infected = 0;
};

Outcome run(const epi::CityEpidemicParams& p, std::uint64_t seed, std::uint64_t rep = 0) {
  epi::CityEpidemic e(p, {}, seed, rep, 2);
  Outcome o;
  o.imported.assign(p.districts.size(), 0);
  for (int d = 0; d < p.days; ++d) {
    const epi::DayReport r = e.step_day();
    for (std::size_t k = 0; k < r.districts.size(); ++k) o.imported[k] += r.districts[k].imported;
  }
  o.by_band = e.infected_by_band();
  o.by_grid = e.infected_by_grid();
  for (std::uint64_t n : o.by_grid) o.infected += n;
  return o;
}

}  // namespace

// The next-generation matrix has a household layer: with one band, contacts c outside and home
// weight w, R0 = beta (c + w m) D, where m is the mean number of other household members a person
// has (size-biased: sum over people of size - 1, over people).
TEST(Households, ReproductionNumberCountsHouseholdMembers) {
  auto p = sir(2.5, 100000, 10);
  p.household_size = epi::beijing_household_sizes();
  p.mixing.home_contact_weight = 2;
  epi::CityEpidemic e(p, {}, 5, 0, 1);
  const epi::Population& pop = e.population();
  double others = 0;
  for (std::uint32_t i = 0; i < pop.size(); ++i) others += pop.hh_size[i] - 1;
  const double m = others / pop.size();
  EXPECT_GT(m, 1.5);  // Beijing households: the layer matters
  EXPECT_NEAR(e.transmission_rate(), 2.5 / ((10 + 2 * m) * 5), 1e-12);
}

// Couples who meet nobody else, infectious for exactly D = 5 days: a case infects its partner
// with probability 1 - exp(-beta w D) = 1 - exp(-R0), since the NGM's household layer gives
// R0 = beta w D here; the partner has nobody left to infect. Seeds whose partner is a seed too
// infect nobody (expected seeds (seeds - 1) / (N - 1) of them). A 5% error in R0 moves the
// partners infected by ~9 SE.
TEST(Households, PartnersAreInfectedWithTheHouseholdProbability) {
  const double n = 2e6, seeds = 100000, r0 = 0.5;
  auto p = sir(r0, static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(seeds));
  p.household_size = {0, 1};
  p.mixing.contacts = {{0}};
  p.days = 8;
  const Outcome o = run(p, 7);
  const double q = -std::expm1(-r0);
  const double exposed_partners = seeds - seeds * (seeds - 1) / (n - 1);
  EXPECT_TRUE(within_binomial(static_cast<double>(o.infected) - seeds, exposed_partners, q));
}

// Vaccinated people escape a share ve of infectious contacts: with homogeneous mixing, a band all
// vaccinated has susceptibility 1 - ve, and the two bands' attack rates solve the multi-group
// final-size relation with K(i, j) = R0 s_i n_i / N (R0 calibrated before vaccination).
TEST(Vaccination, EfficacyAgainstInfectionCutsTheAttackRate) {
  const double r0 = 2, ve = 0.5;
  auto p = sir(r0, 200000, 100);
  epi::AgeBand open = p.bands[0], protected_band = p.bands[0];
  open.max_age = 49;
  open.share = 0.5;
  protected_band.min_age = 50;
  protected_band.share = 0.5;
  protected_band.vaccinated_share = 1;
  p.bands = {open, protected_band};
  p.mixing.contacts = {{5, 5}, {5, 5}};
  p.history.vaccine_efficacy_infection = ve;
  const auto runs = eng::replicate({.replications = 6, .threads = 2},
                                   [&](std::size_t rep) { return run(p, 8, rep); });
  epi::CityEpidemic probe(p, {}, 8, 0, 1);
  Eigen::Vector2d size = Eigen::Vector2d::Zero();
  for (std::uint32_t i = 0; i < probe.population().size(); ++i) {
    size(probe.population().band(i)) += 1;
  }
  Eigen::Matrix2d k;
  const Eigen::Vector2d s(1, 1 - ve);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) k(i, j) = r0 * s(i) * size(i) / size.sum();
  }
  const Eigen::VectorXd z = epi::final_size(k, size);
  for (int b = 0; b < 2; ++b) {
    std::vector<double> v;
    for (const Outcome& o : runs) {
      v.push_back(static_cast<double>(o.by_band[static_cast<std::size_t>(b)]) / size(b));
    }
    const auto sm = eng::summarize(v, 0.999);
    // The interval, plus the O(1/N) effect of the 100 index cases.
    EXPECT_NEAR(sm.mean, z(b), sm.half_width + 1e-3) << "band " << b;
  }
  EXPECT_GT(z(0), z(1) + 0.15);  // the test tells the bands apart
}

// Commuting contacts are with the people of the linked grids. District a draws no commuters, so
// every grid's links go to b's one grid: everyone meets b's people only. Index cases in b make a
// homogeneous epidemic there, z_b = 1 - (1 - i0) exp(-R0 z_b), and a's people, who meet the same
// people, are infected with z_a = 1 - exp(-R0 z_b). Index cases in a infect nobody.
TEST(Commuting, ContactsAreWithTheLinkedGrids) {
  const double r0 = 2, n = 50000, seeds = 50;
  auto p = sir(r0);
  p.districts = {{.id = "a", .population = 50000, .commute_attraction = 0},
                 {.id = "b", .population = 50000, .initial_infected = 50}};
  p.mixing.setting_share = {0, 0, 0, 0, 1, 0};
  p.mixing.commute_links = 3;
  const auto runs = eng::replicate({.replications = 8, .threads = 2},
                                   [&](std::size_t rep) { return run(p, 9, rep); });
  const double zb = epi::final_size(r0, seeds / n), za = -std::expm1(-r0 * zb);
  std::vector<double> a, b;
  for (const Outcome& o : runs) {
    a.push_back(static_cast<double>(o.by_grid[0]) / n);
    b.push_back(static_cast<double>(o.by_grid[1]) / n);
  }
  const auto sa = eng::summarize(a, 0.999), sb = eng::summarize(b, 0.999);
  EXPECT_NEAR(sb.mean, zb, sb.half_width + 2e-3);
  EXPECT_NEAR(sa.mean, za, sa.half_width + 2e-3);
  p.districts[0].initial_infected = 50;
  p.districts[1].initial_infected = 0;
  EXPECT_EQ(run(p, 9).infected, 50u);
}

// Imported cases land in districts by import weight (by population when none is given): 500.5 a
// day, i.e. 500 and one more with probability 0.5, for 100 days: 50,000 and Binomial(100, 0.5).
// A 5% error in a district's share moves its count by ~9 SE.
TEST(Imports, LandByImportWeight) {
  auto p = sir(0, 100000, 0);
  p.districts = {{.id = "a", .population = 100000, .import_weight = 1},
                 {.id = "b", .population = 100000, .import_weight = 3},
                 {.id = "c", .population = 100000, .import_weight = 0}};
  p.seeding.imports_per_day = {500.5};
  p.days = 100;
  Outcome o = run(p, 10);
  const double total = static_cast<double>(o.imported[0] + o.imported[1] + o.imported[2]);
  EXPECT_TRUE(within_binomial(total - 50000, 100, 0.5));
  EXPECT_EQ(o.imported[2], 0u);
  EXPECT_TRUE(within_binomial(static_cast<double>(o.imported[0]), total, 0.25));
  EXPECT_EQ(o.infected, static_cast<std::uint64_t>(total));  // nobody else: R0 = 0
  for (auto& d : p.districts) d.import_weight = -1;
  p.districts[1].population = 200000;
  o = run(p, 10);
  const double again = static_cast<double>(o.imported[0] + o.imported[1] + o.imported[2]);
  EXPECT_TRUE(within_binomial(static_cast<double>(o.imported[1]), again, 0.5));
  EXPECT_TRUE(within_binomial(static_cast<double>(o.imported[2]), again, 0.25));
}
