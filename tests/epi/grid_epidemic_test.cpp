// Validation of the grid epidemic against exact results; tolerances come from the 99.9% Student-t
// interval over replications.
#include "surgesim/epi/grid_epidemic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/epi/epidemic_theory.hpp"

namespace epi = surgesim::epi;
namespace eng = surgesim::engine;

namespace {
epi::GridEpidemicParams single_grid(double r0, std::uint32_t n = 100000, std::uint32_t seeds = 50) {
  epi::GridEpidemicParams p;
  p.grid_population = {n};
  p.initial_infected = {seeds};
  p.r0 = r0;
  p.infectious_days = eng::Distribution::constant(5);
  p.step_days = 0.25;
  p.days = 400;
  return p;
}
double attack_rate(const epi::GridEpidemicResult& r) {
  return static_cast<double>(r.final_by_state[3] + r.final_by_state[2] + r.final_by_state[1]) /
         static_cast<double>(r.population);
}
void expect_in_ci(const std::vector<double>& v, double theory, const std::string& what) {
  const auto s = eng::summarize(v, 0.999);
  // The interval, plus the O(1/N) finite-population bias of the final-size relation.
  EXPECT_NEAR(s.mean, theory, s.half_width + 2e-4)
      << what << ": [" << s.ci_low << ", " << s.ci_high << "]";
}
}  // namespace

// Kermack-McKendrick: z = 1 - (1 - i0) exp(-R0 z) for SIR with homogeneous mixing, whatever the
// infectious-period distribution.
TEST(GridEpidemic, FinalSizeMatchesKermackMcKendrick) {
  for (double r0 : {1.5, 2.0, 3.0}) {
    const auto p = single_grid(r0);
    const auto v = eng::replicate({.replications = 8, .threads = 2}, [&](std::size_t rep) {
      return attack_rate(epi::run_grid_epidemic(p, 42, rep, 1));
    });
    expect_in_ci(v, epi::final_size(r0, 50.0 / 100000), "R0=" + std::to_string(r0));
  }
}

TEST(GridEpidemic, ExponentialInfectiousPeriodGivesTheSameFinalSize) {
  auto p = single_grid(2.0);
  p.infectious_days = eng::Distribution::exponential_mean(5);
  p.latent_days = eng::Distribution::gamma_mean_sd(2, 1);  // SEIR: the final size is unchanged
  const auto v = eng::replicate({.replications = 8, .threads = 2}, [&](std::size_t rep) {
    return attack_rate(epi::run_grid_epidemic(p, 43, rep, 1));
  });
  // Durations are whole steps (0.25 d): the mean infectious time shifts by well under a step.
  const auto s = eng::summarize(v, 0.999);
  EXPECT_NEAR(s.mean, epi::final_size(2.0, 50.0 / 100000), s.half_width + 0.005);
}

// With all contacts city-wide, unequal grids form one homogeneous population.
TEST(GridEpidemic, FullyMixedGridsBehaveAsOneGroup) {
  epi::GridEpidemicParams p = single_grid(2.5);
  p.grid_population = {20000, 50000, 30000};
  p.initial_infected = {50, 0, 0};
  p.city_mixing_share = 1.0;
  const auto runs = eng::replicate({.replications = 8, .threads = 2}, [&](std::size_t rep) {
    return epi::run_grid_epidemic(p, 44, rep, 1);
  });
  std::vector<double> total, small_grid;
  for (const auto& r : runs) {
    total.push_back(attack_rate(r));
    small_grid.push_back(static_cast<double>(r.infected_by_grid[2]) / 30000);
  }
  expect_in_ci(total, epi::final_size(2.5, 50.0 / 100000), "all grids");
  const auto s = eng::summarize(small_grid, 0.999);
  EXPECT_NEAR(s.mean, epi::final_size(2.5), s.half_width + 0.003);  // a grid with no index case
}

TEST(GridEpidemic, PeopleAreConservedAndInfectionsAddUp) {
  epi::GridEpidemicParams p = single_grid(2.0, 5000, 5);
  p.grid_population = {5000, 3000, 0, 7000};
  p.initial_infected = {5, 0, 0, 2};
  p.city_mixing_share = 0.2;
  p.latent_days = eng::Distribution::constant(2);
  p.days = 30;  // stop mid-epidemic: E and I are not empty
  const auto r = epi::run_grid_epidemic(p, 7, 0, 2);
  const auto& f = r.final_by_state;
  EXPECT_EQ(f[0] + f[1] + f[2] + f[3], 15000u);
  EXPECT_EQ(r.population, 15000u);
  const std::uint64_t ever =
      std::accumulate(r.infected_by_grid.begin(), r.infected_by_grid.end(), std::uint64_t{0});
  EXPECT_EQ(ever, f[1] + f[2] + f[3]);
  // Daily new infections count every infection; the index cases are day 0's.
  EXPECT_EQ(std::accumulate(r.new_infections.begin(), r.new_infections.end(), std::uint64_t{0}),
            ever);
  EXPECT_GT(f[1] + f[2], 0u);
  EXPECT_EQ(r.infected_by_grid[2], 0u);
}

TEST(GridEpidemic, IdenticalForOneAndTwoThreads) {
  epi::GridEpidemicParams p;
  for (int g = 0; g < 200; ++g) {
    p.grid_population.push_back(1000 + 37 * static_cast<std::uint32_t>(g));
    p.initial_infected.push_back(g % 17 == 0 ? 3 : 0);
  }
  p.r0 = 2.2;
  p.city_mixing_share = 0.3;
  p.latent_days = eng::Distribution::gamma_mean_sd(2, 1);
  p.infectious_days = eng::Distribution::lognormal_mean_sd(4, 2);
  p.days = 60;
  const auto a = epi::run_grid_epidemic(p, 11, 3, 1);
  const auto b = epi::run_grid_epidemic(p, 11, 3, 2);
  EXPECT_EQ(a.new_infections, b.new_infections);
  EXPECT_EQ(a.infected_by_grid, b.infected_by_grid);
  EXPECT_EQ(a.final_by_state, b.final_by_state);
  const auto c = epi::run_grid_epidemic(p, 11, 4, 2);
  EXPECT_NE(a.new_infections, c.new_infections);
}

// Early exponential growth: r from Euler-Lotka for SEIR with exponential periods,
// r0 = (1 + r L)(1 + r D). Fitted by least squares to log daily incidence while it is between
// 200 and 1% of the population, before the peak.
TEST(GridEpidemic, EarlyGrowthRateMatchesEulerLotka) {
  epi::GridEpidemicParams p = single_grid(2.0, 2000000, 100);
  p.latent_days = eng::Distribution::exponential_mean(2);
  p.infectious_days = eng::Distribution::exponential_mean(4);
  p.step_days = 0.125;
  p.days = 120;
  const auto v = eng::replicate({.replications = 6, .threads = 2}, [&](std::size_t rep) {
    const auto r = epi::run_grid_epidemic(p, 45, rep, 1);
    double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
    for (std::size_t d = 0; d < r.new_infections.size(); ++d) {
      const double c = static_cast<double>(r.new_infections[d]);
      if (c > 0.01 * 2000000) break;  // the rising phase only
      if (c < 200) continue;
      const double x = static_cast<double>(d), y = std::log(c);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      n += 1;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  });
  const double theory = epi::growth_rate_seir(2.0, 2.0, 4.0);
  const auto s = eng::summarize(v, 0.999);
  EXPECT_NEAR(s.mean, theory, s.half_width + 0.05 * theory) << "theory " << theory;
}

TEST(GridEpidemic, BadParametersAreRejected) {
  auto p = single_grid(2.0, 100, 5);
  p.initial_infected = {500};
  EXPECT_THROW(epi::run_grid_epidemic(p, 1, 0), std::invalid_argument);
  p = single_grid(2.0, 100, 5);
  p.step_days = 0.3;
  EXPECT_THROW(epi::run_grid_epidemic(p, 1, 0), std::invalid_argument);
  p = single_grid(2.0, 100, 5);
  p.city_mixing_share = 1.5;
  EXPECT_THROW(epi::run_grid_epidemic(p, 1, 0), std::invalid_argument);
}
