#pragma once

// Small cities for the epidemic tests: the homogeneous SIR set-up, the Beijing defaults at small
// scale, a run that keeps its day reports, and binomial tolerances.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "surgesim/epi/city_epidemic.hpp"

namespace surgesim::epi::testing {

// One band, one-person households, SIR (nobody symptomatic, no latent period), all contacts in
// the grid: the homogeneous SIR model.
inline CityEpidemicParams sir(double r0, std::uint64_t n = 100000, std::uint64_t seeds = 50) {
  CityEpidemicParams p;
  p.districts = {{.id = "city", .population = n, .initial_infected = seeds}};
  AgeBand all;
  all.name = "all";
  all.max_age = 255;
  all.share = 1;
  all.p_symptomatic = 0;
  p.bands = {all};
  p.household_size = {1};
  p.history.latent_days = engine::Distribution::constant(0);
  p.history.asymptomatic_days = engine::Distribution::constant(5);
  p.history.asymptomatic_infectiousness = 1;
  p.mixing.contacts = {{10}};
  p.mixing.setting_share = {0, 1, 0, 0, 0, 0};
  p.mixing.commute_links = 0;
  p.reproduction_number = r0;
  p.days = 400;
  return p;
}

// The Beijing defaults at small scale.
inline CityEpidemicParams small_city() {
  CityEpidemicParams p;
  p.districts = {
      {.id = "north", .population = 40000, .subdistricts = 3, .grids = 12, .initial_infected = 20},
      {.id = "south", .population = 25000, .subdistricts = 2, .grids = 8}};
  p.bands = beijing_age_bands();
  p.household_size = beijing_household_sizes();
  p.mixing.contacts = default_contacts();
  p.reproduction_number = 3.0;
  p.drug_need_share = {0.8, 0.3};
  p.seeding.imports_per_day = {2.5};
  p.days = 40;
  return p;
}

// A city in which nobody belongs to a key group.
inline void without_key_groups(CityEpidemicParams& p) {
  p.key_groups.pregnant_share = 0;
  p.key_groups.dialysis_share = 0;
  p.key_groups.chemotherapy_share = 0;
}

// The sum of every district's day.
inline DistrictDay city_total(const DayReport& r) {
  DistrictDay t;
  for (const DistrictDay& d : r.districts) t.add(d);
  return t;
}

// |observed - n p| within `k` binomial standard errors of n draws with probability p.
inline ::testing::AssertionResult within_binomial(double observed, double n, double p,
                                                  double k = 4) {
  const double se = std::sqrt(n * p * (1 - p));
  if (std::abs(observed - n * p) <= k * se) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << observed << " of " << n << " (share " << observed / n << ") is not within " << k
         << " SE (" << k * se << ") of n p = " << n * p << " (p = " << p << ")";
}

}  // namespace surgesim::epi::testing
