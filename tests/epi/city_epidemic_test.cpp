// Validation of the city epidemic against exact results; tolerances come from the 99.9% Student-t
// interval over replications.
#include "surgesim/epi/city_epidemic.hpp"

#include <gtest/gtest.h>

#include "../sanitizers.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "epi_fixture.hpp"
#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/epi/epidemic_theory.hpp"

namespace epi = surgesim::epi;
namespace eng = surgesim::engine;

namespace {

using epi::testing::sir;
using epi::testing::small_city;

struct Run {
  std::vector<std::uint64_t> new_infections;  // per day
  std::vector<epi::DayReport> days;
  std::array<std::uint64_t, epi::kStateCount> states{};
  std::vector<std::uint64_t> by_grid, by_band;
  std::uint64_t population = 0;
  double attack_rate() const {
    return 1.0 - static_cast<double>(states[epi::kSusceptible]) / static_cast<double>(population);
  }
};

Run run(const epi::CityEpidemicParams& p, std::uint64_t seed, std::uint64_t rep, int threads = 1,
        std::vector<epi::FacilitySite> sites = {}, bool keep_days = false) {
  epi::CityEpidemic e(p, std::move(sites), seed, rep, threads);
  Run r;
  for (int d = 0; d < p.days; ++d) {
    epi::DayReport day = e.step_day();
    std::uint64_t n = 0;
    for (const auto& dd : day.districts) n += dd.new_infections;
    r.new_infections.push_back(n);
    if (keep_days) r.days.push_back(std::move(day));
  }
  r.states = e.state_counts();
  r.by_grid = e.infected_by_grid();
  r.by_band = e.infected_by_band();
  r.population = e.population().size();
  return r;
}

void expect_in_ci(const std::vector<double>& v, double theory, double slack,
                  const std::string& what) {
  const auto s = eng::summarize(v, 0.999);
  EXPECT_NEAR(s.mean, theory, s.half_width + slack)
      << what << ": [" << s.ci_low << ", " << s.ci_high << "]";
}

}  // namespace

// Kermack-McKendrick: z = 1 - (1 - i0) exp(-R0 z) for SIR with homogeneous mixing.
TEST(CityEpidemic, FinalSizeMatchesKermackMcKendrick) {
  for (double r0 : {1.5, 2.0, 3.0}) {
    const auto p = sir(r0);
    const auto v = eng::replicate({.replications = 8, .threads = 2},
                                  [&](std::size_t rep) { return run(p, 42, rep).attack_rate(); });
    // The interval, plus the O(1/N) finite-population bias of the final-size relation.
    expect_in_ci(v, epi::final_size(r0, 50.0 / 100000), 2e-4, "R0=" + std::to_string(r0));
  }
}

TEST(CityEpidemic, SeirWithExponentialPeriodsHasTheSameFinalSize) {
  auto p = sir(2.0);
  p.history.asymptomatic_days = eng::Distribution::exponential_mean(5);
  p.history.latent_days = eng::Distribution::gamma_mean_sd(2, 1);
  const auto v = eng::replicate({.replications = 8, .threads = 2},
                                [&](std::size_t rep) { return run(p, 43, rep).attack_rate(); });
  // Durations are whole steps (0.25 d): the mean infectious time shifts by well under a step.
  expect_in_ci(v, epi::final_size(2.0, 50.0 / 100000), 0.005, "SEIR");
}

// With all contacts city-wide, unequal districts form one homogeneous population.
TEST(CityEpidemic, FullyMixedDistrictsBehaveAsOneGroup) {
  auto p = sir(2.5);
  p.districts = {{.id = "a", .population = 20000, .initial_infected = 50},
                 {.id = "b", .population = 50000, .subdistricts = 2, .grids = 5},
                 {.id = "c", .population = 30000, .grids = 3}};
  p.mixing.setting_share = {0, 0, 0, 0, 0, 1};
  const auto runs = eng::replicate({.replications = 8, .threads = 2},
                                   [&](std::size_t rep) { return run(p, 44, rep); });
  std::vector<double> total, far;
  for (const auto& r : runs) {
    total.push_back(r.attack_rate());
    far.push_back(static_cast<double>(r.by_grid[6] + r.by_grid[7] + r.by_grid[8]) / 30000);
  }
  expect_in_ci(total, epi::final_size(2.5, 50.0 / 100000), 2e-4, "all");
  expect_in_ci(far, epi::final_size(2.5), 0.003, "district without index cases");
}

// Several age groups with an assortative contact matrix and unequal susceptibility: each group's
// attack rate solves z_i = 1 - exp(-sum_j K(i, j) (n_j / n_i) z_j). K is built here from the
// contact matrix made reciprocal (n_i C(i, j) = n_j C(j, i): a contact counts from both sides),
// K(i, j) = beta s_i C(j, i) D, with beta such that K has spectral radius R0.
TEST(CityEpidemic, AgeGroupsMatchMultiGroupFinalSize) {
  auto p = sir(1.8, 300000, 60);
  epi::AgeBand young{.name = "young", .min_age = 0, .max_age = 19, .share = 0.25};
  epi::AgeBand adult{.name = "adult", .min_age = 20, .max_age = 64, .share = 0.55};
  epi::AgeBand old{.name = "old", .min_age = 65, .max_age = 255, .share = 0.2};
  for (auto* b : {&young, &adult, &old}) b->p_symptomatic = 0;
  old.susceptibility = 0.6;
  p.bands = {young, adult, old};
  p.mixing.contacts = {{8, 3, 1}, {2, 6, 1.5}, {1, 2, 3}};
  p.mixing.setting_share = {0, 0, 0, 0, 0, 1};
  epi::CityEpidemic probe(p, {}, 1, 0, 1);
  Eigen::Vector3d n = Eigen::Vector3d::Zero();
  for (std::uint32_t i = 0; i < probe.population().size(); ++i) n(probe.population().band(i)) += 1;
  Eigen::Matrix3d c, k;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      const auto& m = p.mixing.contacts;
      c(i, j) = (m[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] * n(i) +
                 m[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)] * n(j)) /
                (2 * n(i));
    }
  }
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j)
      k(i, j) = p.bands[static_cast<std::size_t>(i)].susceptibility * c(j, i) * 5;
  }
  const double beta = 1.8 / epi::spectral_radius(k);
  k *= beta;
  EXPECT_NEAR(probe.transmission_rate(), beta, 1e-12 * beta);
  const Eigen::VectorXd theory = epi::final_size(k, n);
  const auto runs = eng::replicate({.replications = 6, .threads = 2},
                                   [&](std::size_t rep) { return run(p, 46, rep); });
  for (std::size_t b = 0; b < 3; ++b) {
    std::vector<double> v;
    for (const auto& r : runs) {
      v.push_back(static_cast<double>(r.by_band[b]) / n(static_cast<Eigen::Index>(b)));
    }
    expect_in_ci(v, theory(static_cast<Eigen::Index>(b)), 0.004, "band " + std::to_string(b));
  }
  EXPECT_GT(theory(0), theory(2) + 0.1);  // the test has power to tell the groups apart
}

namespace {

// P(steps = k) for a duration of exponential law (mean `mean` days) in whole steps of `dt`, as the
// model counts it: max(1, round(x / dt)).
std::vector<double> step_pmf(double mean, double dt, std::size_t kmax) {
  auto cdf = [&](double steps) { return steps <= 0 ? 0.0 : 1 - std::exp(-steps * dt / mean); };
  std::vector<double> pmf(kmax + 1, 0);
  pmf[1] = cdf(1.5);
  for (std::size_t k = 2; k <= kmax; ++k) {
    pmf[k] = cdf(static_cast<double>(k) + 0.5) - cdf(static_cast<double>(k) - 0.5);
  }
  return pmf;
}

// The expected daily incidence of the step model, derived from its rules (not from its code): a
// case infected in step s is latent for L steps and infectious for D, so it adds to the force of
// infection of steps s+L+1 .. s+L+D; in step t each susceptible is infected with probability
// 1 - exp(-beta c dt I(t) / N), beta c = R0 / (mean infectious days) for homogeneous mixing.
std::vector<double> expected_daily_incidence(double r0, double latent, double infectious, double dt,
                                             double n, double seeds, int days) {
  const auto steps_per_day = static_cast<std::size_t>(std::lround(1 / dt));
  const std::size_t steps = steps_per_day * static_cast<std::size_t>(days), kmax = 800;
  const auto pl = step_pmf(latent, dt, kmax), pd = step_pmf(infectious, dt, kmax);
  std::vector<double> survival(kmax + 2, 0);  // P(D >= k)
  for (std::size_t k = kmax; k >= 1; --k) survival[k] = survival[k + 1] + pd[k];
  std::vector<double> kernel(2 * kmax + 2, 0);  // P(infectious in the j-th step after infection)
  for (std::size_t l = 1; l <= kmax; ++l) {
    for (std::size_t j = l + 1; j <= l + kmax; ++j) kernel[j] += pl[l] * survival[j - l];
  }
  std::vector<double> fresh(steps + 1, 0), daily(static_cast<std::size_t>(days), 0);
  fresh[0] = seeds;
  double s = n - seeds;
  const double per_step = r0 / infectious * dt;
  for (std::size_t t = 1; t <= steps; ++t) {
    double infectious_now = 0;
    for (std::size_t j = 1; j <= t && j < kernel.size(); ++j)
      infectious_now += fresh[t - j] * kernel[j];
    fresh[t] = s * -std::expm1(-per_step * infectious_now / n);
    s -= fresh[t];
  }
  for (std::size_t t = 0; t <= steps; ++t) {
    const std::size_t d = t == 0 ? 0 : (t - 1) / steps_per_day;
    if (d < daily.size()) daily[d] += fresh[t];
  }
  return daily;
}

// Least-squares slope of log daily incidence over days first..last, each day weighted by the
// expected count (the variance of a log count is about 1 / count).
double log_slope(const std::vector<double>& daily, const std::vector<double>& weight, int first,
                 int last) {
  double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int d = first; d <= last; ++d) {
    const double w = weight[static_cast<std::size_t>(d)];
    const double x = d, y = std::log(daily[static_cast<std::size_t>(d)]);
    sw += w;
    sx += w * x;
    sy += w * y;
    sxx += w * x * x;
    sxy += w * x * y;
  }
  return (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
}

}  // namespace

// Early exponential growth of SEIR with exponential latent (2 d) and infectious (4 d) periods in
// steps of 1/8 day: the slope of log daily incidence (weighted by the expected counts), fitted
// while fewer than 5% are infected, against the same fit of the step model's expected incidence
// (which has the depletion in it). The step model's rate is within 10% of Euler-Lotka's
// continuous r0 = (1 + r L)(1 + r D); a 5% error in the latent period moves the rate by 1.9%,
// more than the tolerance (the interval, at most 1%, plus 0.5%).
TEST(CityEpidemic, EarlyGrowthRateMatchesTheStepModel) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  const double r0 = 2, latent = 2, infectious = 4, dt = 0.125, n = 3e6, seeds = 300;
  auto p = sir(r0, static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(seeds));
  p.history.latent_days = eng::Distribution::exponential_mean(latent);
  p.history.asymptomatic_days = eng::Distribution::exponential_mean(infectious);
  p.step_days = dt;
  const auto expected = expected_daily_incidence(r0, latent, infectious, dt, n, seeds, 80);
  // The window: from the first day with 200 expected infections to the last day on which fewer
  // than 5% have been infected.
  int first = -1, last = 0;
  double cumulative = 0;
  for (int d = 0; d < 80; ++d) {
    cumulative += expected[static_cast<std::size_t>(d)];
    if (first < 0 && expected[static_cast<std::size_t>(d)] >= 200) first = d;
    if (cumulative < 0.05 * n) last = d;
  }
  ASSERT_GT(last - first, 15);
  p.days = last + 1;
  const auto v = eng::replicate({.replications = 16, .threads = 2}, [&](std::size_t rep) {
    const auto r = run(p, 45, rep);
    std::vector<double> daily(r.new_infections.begin(), r.new_infections.end());
    return log_slope(daily, expected, first, last);
  });
  const double theory = log_slope(expected, expected, first, last);
  // Whole steps delay infectiousness by up to a step, and the window starts while the seeds'
  // first generation is still settling: the fitted step-model rate is a little below Euler-Lotka.
  EXPECT_NEAR(theory, epi::growth_rate_seir(r0, latent, infectious),
              0.1 * epi::growth_rate_seir(r0, latent, infectious));
  const auto s = eng::summarize(v, 0.999);
  EXPECT_NEAR(s.mean, theory, s.half_width + 0.005 * theory)
      << "[" << s.ci_low << ", " << s.ci_high << "], Euler-Lotka "
      << epi::growth_rate_seir(r0, latent, infectious);
  EXPECT_LT(s.half_width, 0.01 * theory);  // the test has the power it claims
}

// The Beijing defaults at small scale: everything that happens is accounted for.
TEST(CityEpidemic, PeopleMedicineAndCareChoicesAreConserved) {
  auto p = small_city();
  std::vector<epi::FacilitySite> sites = {{.district = 0, .subdistrict = 1, .staff = 4},
                                          {.district = 1, .staff = 3, .hospital = true}};
  p.days = 25;  // stop mid-epidemic
  epi::CityEpidemic e(p, sites, 9, 0, 2);
  std::uint64_t infections = 0, onsets = 0, visits = 0, calls = 0, choices = 0, deaths = 0;
  std::uint64_t listed_visits = 0, listed_calls = 0, imported = 0;
  for (int d = 0; d < p.days; ++d) {
    const auto r = e.step_day();
    for (const auto& dd : r.districts) {
      infections += dd.new_infections;
      onsets += dd.onsets;
      visits += dd.clinic_visits;
      calls += dd.calls_120;
      deaths += dd.deaths;
      imported += dd.imported;
      choices += dd.self_care + dd.mutual_aid + dd.no_medicine;
    }
    listed_visits += r.visits.size();
    listed_calls += r.calls.size();
    for (std::size_t f = 0; f < sites.size(); ++f) {
      EXPECT_LE(r.staff_absent_next_day[f], sites[f].staff);
    }
  }
  const auto s = e.state_counts();
  const std::uint64_t total = std::accumulate(s.begin(), s.end(), std::uint64_t{0});
  EXPECT_EQ(total, 65000u);
  EXPECT_EQ(infections, 65000u - s[epi::kSusceptible]);
  const auto by_grid = e.infected_by_grid();
  EXPECT_EQ(std::accumulate(by_grid.begin(), by_grid.end(), std::uint64_t{0}), infections);
  EXPECT_EQ(deaths, s[epi::kDead]);
  EXPECT_GT(s[epi::kExposed] + s[epi::kPresymptomatic] + s[epi::kSymptomatic], 0u);
  EXPECT_GT(onsets, infections / 3);
  // 2.5 a day: 2, and a third with probability 0.5, so each day adds 2.5 with variance 0.25 (a
  // sanity check; Imports.LandByImportWeight has the power).
  EXPECT_NEAR(static_cast<double>(imported), 2.5 * p.days, 4 * std::sqrt(0.25 * p.days));
  EXPECT_EQ(calls, listed_calls);
  EXPECT_LE(listed_visits, visits);  // visits after the last day are not listed
  EXPECT_GT(listed_visits, 0u);
  // Medicine courses: what was there is used or left.
  const auto m = e.medicine();
  EXPECT_EQ(m.home_initial, m.home_used + m.home_left);
  EXPECT_EQ(m.aid_initial, m.aid_given + m.aid_left);
  EXPECT_GT(m.home_used, 0u);
  EXPECT_LE(choices, onsets);
}

// Everything the epidemic reports, day by day, is the same on one thread and on two: with
// isolation, antivirals, observation and severe cases in play.
TEST(CityEpidemic, IdenticalForOneAndTwoThreads) {
  auto p = small_city();
  p.reproduction_number = 5;
  p.controls.isolation_share = 0.3;
  p.controls.centralised_isolation = true;
  p.controls.antiviral_share = 0.5;
  p.care.observation_share = 0.5;
  std::vector<epi::FacilitySite> sites = {{.district = 0, .staff = 6},
                                          {.district = 1, .staff = 3, .hospital = true}};
  auto whole_run = [&](std::uint64_t rep, int threads) {
    epi::CityEpidemic e(p, sites, 11, rep, threads);
    std::vector<epi::DayReport> days;
    for (int d = 0; d < p.days; ++d) days.push_back(e.step_day());
    return std::make_tuple(days, e.medicine(), e.state_counts(), e.infected_by_grid(),
                           e.infected_by_band(), e.population().flags);
  };
  const auto a = whole_run(3, 1);
  const auto b = whole_run(3, 2);
  const auto& days = std::get<0>(a);
  ASSERT_EQ(days.size(), std::get<0>(b).size());
  for (std::size_t d = 0; d < days.size(); ++d) EXPECT_TRUE(days[d] == std::get<0>(b)[d]) << d;
  EXPECT_TRUE(a == b);
  // The comparison covers every kind of event.
  std::size_t visits = 0, calls = 0, cases = 0, isolations = 0, observations = 0;
  for (const auto& r : days) {
    visits += r.visits.size();
    calls += r.calls.size();
    cases += r.cases.size();
    isolations += r.isolations.size();
    observations += r.observations.size();
  }
  EXPECT_GT(std::min({visits, calls, cases, isolations, observations}), 0u);
  EXPECT_FALSE(whole_run(4, 2) == a);
}

TEST(CityEpidemic, SymptomaticStaffAreAbsentFromTheirFacility) {
  auto p = small_city();
  p.reproduction_number = 5;
  p.staff.absent_share = 1;
  p.staff.absent_days = eng::Distribution::constant(3);
  std::vector<epi::FacilitySite> sites = {{.district = 0, .staff = 40}};
  const auto r = run(p, 17, 0, 1, sites, true);
  int peak = 0;
  long absent_days = 0;
  for (const auto& d : r.days) {
    peak = std::max(peak, d.staff_absent_next_day[0]);
    absent_days += d.staff_absent_next_day[0];
  }
  EXPECT_GT(peak, 0);
  EXPECT_LE(peak, 40);
  // Each symptomatic staff member is away exactly 3 days (the wave is over well before the end),
  // and nobody falls ill twice.
  EXPECT_EQ(absent_days % 3, 0);
  EXPECT_GT(absent_days, 3 * 10);
  EXPECT_LE(absent_days, 3 * 40);
}

TEST(CityEpidemic, BadParametersAreRejected) {
  auto p = sir(2.0, 100, 5);
  p.step_days = 0.3;
  EXPECT_THROW(epi::CityEpidemic(p, {}, 1, 0, 1), std::invalid_argument);
  p = sir(2.0, 100, 5);
  p.districts[0].grids = 0;
  EXPECT_THROW(epi::CityEpidemic(p, {}, 1, 0, 1), std::invalid_argument);
  p = sir(2.0, 100, 5);
  p.bands[0].min_age = 3;
  EXPECT_THROW(epi::CityEpidemic(p, {}, 1, 0, 1), std::invalid_argument);
  p = sir(2.0, 100, 5);
  EXPECT_THROW(epi::CityEpidemic(p, {{.district = 0, .staff = 500}}, 1, 0, 1),
               std::invalid_argument);
}

// The levers the policies will pull: each moves the epidemic the way it should.
TEST(CityEpidemic, PolicyHooksChangeTheEpidemic) {
  const auto base_p = small_city();
  const auto base = run(base_p, 21, 0);
  auto severe_of = [](const epi::CityEpidemicParams& p, std::uint64_t seed) {
    epi::CityEpidemic e(p, {}, seed, 0, 1);
    std::uint64_t severe = 0;
    for (int d = 0; d < p.days; ++d) {
      for (const auto& dd : e.step_day().districts) severe += dd.severe;
    }
    return severe;
  };
  // Contacts outside the home cut to a fifth: a much smaller epidemic.
  auto p = base_p;
  p.controls = {};
  p.controls.contact_multiplier = {1, 0.2, 0.2, 0.2, 0.2, 0.2};
  EXPECT_LT(run(p, 21, 0).attack_rate(), 0.5 * base.attack_rate());
  // Everyone symptomatic isolated away from home from day 0: less spread than at home.
  p = base_p;
  p.controls = {};
  p.controls.isolation_share = 1;
  p.controls.centralised_isolation = true;
  const double centralised = run(p, 21, 0).attack_rate();
  p.controls.centralised_isolation = false;
  const double at_home = run(p, 21, 0).attack_rate();
  EXPECT_LT(centralised, at_home);
  EXPECT_LT(at_home, base.attack_rate());
  // Antivirals that always work, for every key-group case: fewer severe courses.
  p = base_p;
  p.days = 60;
  p.history.antiviral_efficacy = 1;
  const std::uint64_t severe_without = severe_of(p, 22);
  p.controls = {};
  p.controls.antiviral_share = 1;
  const std::uint64_t severe_with = severe_of(p, 22);
  EXPECT_LT(static_cast<double>(severe_with), 0.6 * static_cast<double>(severe_without));
  // A vaccination campaign from day 5 for the 80+: nearly all of them vaccinated by the end.
  p = base_p;
  p.controls = {};
  p.controls.vaccination_per_day.assign(p.bands.size(), 0.0);
  p.controls.vaccination_per_day[5].set_from(5, 0.2);
  epi::CityEpidemic e(p, {}, 23, 0, 1);
  for (int d = 0; d < p.days; ++d) e.step_day();
  const auto& pop = e.population();
  double old = 0, vaccinated = 0;
  for (std::uint32_t i = 0; i < pop.size(); ++i) {
    if (pop.band(i) != 5) continue;
    old += 1;
    vaccinated += (pop.flags[i] & epi::kVaccinated) ? 1 : 0;
  }
  EXPECT_GT(vaccinated / old, 0.98);
}

// Isolated people on dialysis call 120 for transport on isolation_calls_per_day.dialysis of their
// isolation days; nobody else places such calls, and without isolation there are none. Everyone
// 40+ is on dialysis and every infection is symptomatic, so the isolated dialysis patients are
// the infected 40+.
TEST(CityEpidemic, IsolatedDialysisPatientsCallForTransport) {
  auto p = small_city();
  for (auto& band : p.bands) band.p_symptomatic = 1;
  p.key_groups.dialysis_share = 1;
  p.key_groups.chemotherapy_share = 0;
  p.key_groups.pregnant_share = 0;
  p.care.isolation_calls_per_day.dialysis = 0.5;
  p.history.symptomatic_infectious_days = eng::Distribution::constant(4);
  p.days = 60;
  auto isolation_calls = [&](double isolation, std::uint64_t& over40) {
    p.controls = {};
    p.controls.isolation_share = isolation;
    epi::CityEpidemic e(p, {}, 9, 0, 2);
    std::uint64_t calls = 0;
    for (int d = 0; d < p.days; ++d) {
      for (const epi::Call120& c : e.step_day().calls) {
        if (c.reason != epi::CallReason::kIsolationNeed) continue;
        ++calls;
        EXPECT_TRUE(e.population().flags[c.person] & epi::kDialysis);
      }
    }
    const auto by_band = e.infected_by_band();
    over40 = std::accumulate(by_band.begin() + 2, by_band.end(), std::uint64_t{0});
    return calls;
  };
  std::uint64_t over40 = 0;
  EXPECT_EQ(isolation_calls(0, over40), 0u);
  const std::uint64_t calls = isolation_calls(1, over40);
  // Four isolation days each, a call on each with probability 0.5: Binomial(4n, 0.5).
  const double n = 4 * static_cast<double>(over40);
  ASSERT_GT(n, 1000);
  EXPECT_TRUE(epi::testing::within_binomial(static_cast<double>(calls), n, 0.5));
}

// Common random numbers: each facility draws its staff from a stream of its own, so adding a
// facility (before the others in the list) or more staff to one leaves the others' staff alone.
TEST(CityEpidemic, AddingAFacilityLeavesTheOthersStaffAlone) {
  const auto p = small_city();
  const epi::FacilitySite a{.district = 0, .staff = 5, .stream_key = 11};
  const epi::FacilitySite b{.district = 1, .staff = 4, .hospital = true, .stream_key = 22};
  epi::FacilitySite added{.district = 1, .subdistrict = 0, .staff = 6, .stream_key = 33};
  const epi::Population two(p, {a, b}, 5, 1);
  const epi::Population three(p, {added, a, b}, 5, 1);
  EXPECT_EQ(three.facility_staff[1], two.facility_staff[0]);
  EXPECT_EQ(three.facility_staff[2], two.facility_staff[1]);
  epi::FacilitySite more_b = b;
  more_b.staff = 8;
  const epi::Population bigger(p, {a, more_b}, 5, 1);
  EXPECT_EQ(bigger.facility_staff[0], two.facility_staff[0]);
  EXPECT_EQ(std::vector<std::uint32_t>(bigger.facility_staff[1].begin(),
                                       bigger.facility_staff[1].begin() + 4),
            two.facility_staff[1]);  // the first four are the same people
}

// Health packs go to the highest-risk households of the whole city first (a pregnant, dialysis
// or chemotherapy member, or a red 65+), then yellow, then green, each household once.
TEST(CityEpidemic, HealthPacksGoRedFirstAcrossTheCity) {
  auto p = small_city();
  p.districts[0].initial_infected = 0;
  p.seeding.imports_per_day = {0};  // nobody falls ill, so nobody uses a course
  p.care.home_medicine_share = 0;
  const auto tier_of = [](const epi::Population& pop, std::uint32_t h) {
    int t = 0;
    for (std::uint32_t j = h; j < h + pop.hh_size[h]; ++j) {
      if (!pop.key_group(j)) continue;
      const bool condition = pop.flags[j] & (epi::kPregnant | epi::kDialysis | epi::kChemotherapy);
      t = std::max(t, condition ? 3 : pop.age[j] >= 65 ? pop.colour[j] + 1 : 1);
    }
    return t;
  };
  std::array<std::uint64_t, 4> households{};
  {
    epi::CityEpidemic probe(p, {}, 3, 0, 1);
    const auto& pop = probe.population();
    for (std::uint32_t h = 0; h < pop.size(); h += pop.hh_size[h]) ++households[tier_of(pop, h)];
  }
  ASSERT_GT(households[3], 100u);
  // One day's packs: fewer than the red households, then all of them and some yellow.
  for (const std::uint64_t packs : {households[3] / 2, households[3] + households[2] / 2}) {
    auto q = p;
    q.controls.health_packs_per_day = static_cast<std::int64_t>(packs);
    epi::CityEpidemic e(q, {}, 3, 0, 2);
    e.step_day();
    const auto& pop = e.population();
    std::array<std::uint64_t, 4> got{};
    for (std::uint32_t h = 0; h < pop.size(); h += pop.hh_size[h]) {
      ASSERT_LE(pop.home_courses[h], 1);
      got[tier_of(pop, h)] += pop.home_courses[h];
    }
    EXPECT_EQ(got[3] + got[2] + got[1], packs);
    EXPECT_EQ(got[0], 0u);
    EXPECT_EQ(got[1], 0u);
    if (packs < households[3]) {
      EXPECT_EQ(got[2], 0u);
    } else {
      EXPECT_EQ(got[3], households[3]);
    }
    EXPECT_EQ(e.medicine().packs_delivered, packs);
  }
}
