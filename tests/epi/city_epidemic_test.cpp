// Validation of the city epidemic against exact results; tolerances come from the 99.9% Student-t
// interval over replications.
#include "surgesim/epi/city_epidemic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/epi/epidemic_theory.hpp"

namespace epi = surgesim::epi;
namespace eng = surgesim::engine;

namespace {

// One band, one-person households, SIR (nobody symptomatic, no latent period), all contacts in
// the grid: the homogeneous SIR model.
epi::CityEpidemicParams sir(double r0, std::uint64_t n = 100000, std::uint64_t seeds = 50) {
  epi::CityEpidemicParams p;
  p.districts = {{.id = "city", .population = n, .initial_infected = seeds}};
  epi::AgeBand all;
  all.name = "all";
  all.max_age = 255;
  all.share = 1;
  all.p_symptomatic = 0;
  p.bands = {all};
  p.household_size = {1};
  p.history.latent_days = eng::Distribution::constant(0);
  p.history.asymptomatic_days = eng::Distribution::constant(5);
  p.history.asymptomatic_infectiousness = 1;
  p.mixing.contacts = {{10}};
  p.mixing.setting_share = {0, 1, 0, 0, 0, 0};
  p.mixing.commute_links = 0;
  p.reproduction_number = r0;
  p.days = 400;
  return p;
}

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
// attack rate solves z_i = 1 - exp(-sum_j K(i, j) (n_j / n_i) z_j) for the model's NGM K.
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
  std::vector<std::vector<double>> z(3);
  epi::CityEpidemic probe(p, {}, 1, 0, 1);
  const Eigen::MatrixXd k = probe.mixing().next_generation(probe.transmission_rate(), {});
  EXPECT_NEAR(epi::spectral_radius(k), 1.8, 1e-9);
  const Eigen::VectorXd n = probe.mixing().band_population;
  // final_size(ngm, sizes) wants K(i, j) = infections in i per case in j, as next_generation is.
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

// Early exponential growth: r from Euler-Lotka for SEIR with exponential periods,
// r0 = (1 + r L)(1 + r D), fitted to log daily incidence between 200 and 1% of the population.
TEST(CityEpidemic, EarlyGrowthRateMatchesEulerLotka) {
  auto p = sir(2.0, 2000000, 100);
  p.history.latent_days = eng::Distribution::exponential_mean(2);
  p.history.asymptomatic_days = eng::Distribution::exponential_mean(4);
  p.step_days = 0.125;
  p.days = 120;
  const auto v = eng::replicate({.replications = 6, .threads = 2}, [&](std::size_t rep) {
    const auto r = run(p, 45, rep);
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

// The Beijing defaults at small scale: everything that happens is accounted for.
epi::CityEpidemicParams small_city() {
  epi::CityEpidemicParams p;
  p.districts = {
      {.id = "north", .population = 40000, .subdistricts = 3, .grids = 12, .initial_infected = 20},
      {.id = "south", .population = 25000, .subdistricts = 2, .grids = 8}};
  p.bands = epi::beijing_age_bands();
  p.household_size = epi::beijing_household_sizes();
  p.mixing.contacts = epi::default_contacts();
  p.reproduction_number = 3.0;
  p.drug_need_share = {0.8, 0.3};
  p.seeding.imports_per_day = {2.5};
  p.days = 40;
  return p;
}

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
  EXPECT_NEAR(static_cast<double>(imported), 2.5 * p.days, 0.3 * 2.5 * p.days);  // 2.5 a day
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

TEST(CityEpidemic, IdenticalForOneAndTwoThreads) {
  auto p = small_city();
  std::vector<epi::FacilitySite> sites = {{.district = 0, .staff = 6},
                                          {.district = 1, .staff = 3, .hospital = true}};
  const auto a = run(p, 11, 3, 1, sites, true);
  const auto b = run(p, 11, 3, 2, sites, true);
  EXPECT_EQ(a.new_infections, b.new_infections);
  EXPECT_EQ(a.by_grid, b.by_grid);
  EXPECT_EQ(a.states, b.states);
  ASSERT_EQ(a.days.size(), b.days.size());
  for (std::size_t d = 0; d < a.days.size(); ++d) {
    ASSERT_EQ(a.days[d].visits.size(), b.days[d].visits.size());
    for (std::size_t k = 0; k < a.days[d].visits.size(); ++k) {
      EXPECT_EQ(a.days[d].visits[k].minute, b.days[d].visits[k].minute);
      EXPECT_EQ(a.days[d].visits[k].facility, b.days[d].visits[k].facility);
    }
    EXPECT_EQ(a.days[d].staff_absent_next_day, b.days[d].staff_absent_next_day);
  }
  const auto c = run(p, 11, 4, 2, sites);
  EXPECT_NE(a.new_infections, c.new_infections);
}

// Severity per infection matches the band averages (the within-band redistribution by vaccination,
// key group and colour is normalised), and the severe share of the old is far above the young's.
TEST(CityEpidemic, SevereShareMatchesTheBandAverages) {
  auto p = small_city();
  p.districts[0].population = 400000;
  p.districts[0].grids = 100;
  p.districts[0].initial_infected = 200;
  p.reproduction_number = 6;
  p.days = 90;  // long enough for every severe course to start
  epi::CityEpidemic e(p, {}, 13, 0, 2);
  std::uint64_t severe = 0;
  for (int d = 0; d < p.days; ++d) {
    for (const auto& dd : e.step_day().districts) severe += dd.severe;
  }
  const auto by_band = e.infected_by_band();
  double expected = 0, var = 0;
  for (std::size_t b = 0; b < by_band.size(); ++b) {
    const double n = static_cast<double>(by_band[b]), q = p.bands[b].p_severe;
    expected += n * q;
    var += n * q * (1 - q);
  }
  EXPECT_NEAR(static_cast<double>(severe), expected, 4 * std::sqrt(var) + 0.02 * expected);
  EXPECT_GT(expected, 100);
}

// The hospital stays of severe courses have the band's mean ward and ICU stays (B §7a), the old
// who need hospital are mostly high-risk, and only moderate high-risk old people are referred for
// tier-1 observation.
TEST(CityEpidemic, HospitalCasesCarryTheirBandsStaysAndRisk) {
  auto p = small_city();
  p.districts[0].population = 300000;
  p.districts[0].grids = 60;
  p.districts[0].initial_infected = 200;
  p.reproduction_number = 6;
  p.days = 60;
  p.care.observation_share = 0.5;
  epi::CityEpidemic e(p, {}, 17, 0, 2);
  const std::size_t nb = p.bands.size();
  std::vector<eng::Tally> ward(nb), icu(nb);
  eng::Tally observation_days;
  std::uint64_t old_cases = 0, old_comorbid = 0, observations = 0;
  auto band_of = [&](int age) {
    std::size_t b = 0;
    while (b + 1 < nb && age > p.bands[b].max_age) ++b;
    return b;
  };
  for (int d = 0; d < p.days; ++d) {
    const epi::DayReport r = e.step_day();
    for (const epi::HospitalCase& c : r.cases) {
      const std::size_t b = band_of(c.age);
      ward[b].add(c.ward_days);
      if (c.icu_days > 0) icu[b].add(c.icu_days);
      if (c.age >= 65) {
        ++old_cases;
        old_comorbid += c.comorbid ? 1 : 0;
      }
    }
    for (const epi::ObservationStay& o : r.observations) {
      EXPECT_GE(o.age, 65);
      observation_days.add(o.days);
      ++observations;
    }
  }
  for (std::size_t b = 2; b < nb; ++b) {  // the bands with enough severe cases
    ASSERT_GT(ward[b].count(), 30u) << p.bands[b].name;
    EXPECT_NEAR(ward[b].mean(), p.bands[b].ward_days,
                4 * ward[b].sd() / std::sqrt(static_cast<double>(ward[b].count())))
        << p.bands[b].name;
  }
  ASSERT_GT(icu[nb - 1].count(), 10u);
  EXPECT_NEAR(icu[nb - 1].mean(), p.bands[nb - 1].icu_days,
              4 * icu[nb - 1].sd() / std::sqrt(static_cast<double>(icu[nb - 1].count())));
  // 45% of the 65+ are yellow or red, and they are 2-4 times as likely to turn severe.
  EXPECT_GT(static_cast<double>(old_comorbid), 0.6 * static_cast<double>(old_cases));
  ASSERT_GT(observations, 50u);
  EXPECT_NEAR(observation_days.mean(), 3, 0.5);
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
  p.controls = {{0, {}}};
  p.controls[0].controls.contact_multiplier = {1, 0.2, 0.2, 0.2, 0.2, 0.2};
  EXPECT_LT(run(p, 21, 0).attack_rate(), 0.5 * base.attack_rate());
  // Everyone symptomatic isolated away from home from day 0: less spread than at home.
  p = base_p;
  p.controls = {{0, {}}};
  p.controls[0].controls.isolation_share = 1;
  p.controls[0].controls.centralised_isolation = true;
  const double centralised = run(p, 21, 0).attack_rate();
  p.controls[0].controls.centralised_isolation = false;
  const double at_home = run(p, 21, 0).attack_rate();
  EXPECT_LT(centralised, at_home);
  EXPECT_LT(at_home, base.attack_rate());
  // Antivirals that always work, for every key-group case: fewer severe courses.
  p = base_p;
  p.days = 60;
  p.history.antiviral_efficacy = 1;
  const std::uint64_t severe_without = severe_of(p, 22);
  p.controls = {{0, {}}};
  p.controls[0].controls.antiviral_share = 1;
  const std::uint64_t severe_with = severe_of(p, 22);
  EXPECT_LT(static_cast<double>(severe_with), 0.6 * static_cast<double>(severe_without));
  // A vaccination campaign from day 5 for the 80+: nearly all of them vaccinated by the end.
  p = base_p;
  p.controls = {{0, {}}, {5, {}}};
  p.controls[1].controls.vaccination_per_day.assign(p.bands.size(), 0);
  p.controls[1].controls.vaccination_per_day[5] = 0.2;
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
    p.controls = {{0, {}}};
    p.controls[0].controls.isolation_share = isolation;
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
  EXPECT_NEAR(static_cast<double>(calls), 0.5 * n, 5 * std::sqrt(0.25 * n));
}
