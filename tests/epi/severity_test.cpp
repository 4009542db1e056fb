// The severe path: who turns severe and critical, who dies, who calls 120, and what hospitals are
// told. Nearly everybody is infected (R0 10), so each person's risk is known from the documented
// rule: per symptomatic case, min(1, p_severe / p_symptomatic of the band times the person's
// factor (vaccination, key group, risk colour) over the band's mean factor); antivirals cut it
// by their efficacy. The six bands are equally large with p_severe 0.12, >12,000 severe courses
// each, so a 5% error in any band's severity moves its count by ~6 standard errors (the checks
// allow 4); the groups within a band (colours, key groups) are checked with the same rule at
// less power.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "epi_fixture.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/epi/city_epidemic.hpp"

namespace epi = surgesim::epi;
namespace eng = surgesim::engine;
using epi::testing::within_binomial;

namespace {

struct SevereRun {
  epi::CityEpidemicParams p;
  std::vector<epi::HospitalCase> cases;
  std::vector<epi::ObservationStay> observations;
  std::uint64_t critical = 0, critical_calls = 0, severe = 0;
  std::vector<std::uint64_t> infected_by_band;
  std::vector<double> attack;  // per band
  std::vector<double> risk;    // per person: P(severe | infected), antivirals averaged in
  std::vector<double> norm;    // per band: mean severity factor
  std::vector<std::uint8_t> flags, band, age, colour;
};

double factor(const epi::CityEpidemicParams& p, std::uint8_t flags, int age, int colour) {
  const auto& k = p.key_groups;
  double f = (flags & epi::kVaccinated) ? 1 - p.history.vaccine_efficacy_severe : 1.0;
  if (flags & epi::kPregnant) f *= k.severity.pregnant;
  if (flags & epi::kDialysis) f *= k.severity.dialysis;
  if (flags & epi::kChemotherapy) f *= k.severity.chemotherapy;
  if (age >= 65) f *= k.colour_severity[static_cast<std::size_t>(colour)];
  return f;
}

const SevereRun& severe_run() {
  static const SevereRun r = [] {
    SevereRun r;
    auto& p = r.p;
    p = epi::testing::small_city();
    p.districts = {{.id = "city",
                    .population = 1000000,
                    .subdistricts = 10,
                    .grids = 100,
                    .initial_infected = 500}};
    for (auto& b : p.bands) {
      b.share = 1.0 / 6;  // equal bands: as many severe courses in each
      b.p_severe = 0.12;
      b.icu_share = 0.5;
      b.p_fatal = 0.5 * b.p_severe;
    }
    p.key_groups.dialysis_share = 0.02;  // enough of each key group to test its risk
    p.key_groups.chemotherapy_share = 0.02;
    p.key_groups.pregnant_share = 0.1;
    p.reproduction_number = 10;
    p.seeding.imports_per_day = {0};
    p.history.antiviral_efficacy = 0.5;
    p.controls.antiviral_share = 0.5;
    p.care.observation_share = 0.5;
    p.days = 70;  // every severe course has started
    epi::CityEpidemic e(p, {}, 13, 0, 2);
    for (int d = 0; d < p.days; ++d) {
      epi::DayReport day = e.step_day();
      const epi::DistrictDay t = epi::testing::city_total(day);
      r.critical += t.critical;
      r.severe += t.severe;
      for (const epi::Call120& c : day.calls)
        r.critical_calls += c.reason == epi::CallReason::kCritical;
      r.cases.insert(r.cases.end(), day.cases.begin(), day.cases.end());
      r.observations.insert(r.observations.end(), day.observations.begin(), day.observations.end());
    }
    const epi::Population& pop = e.population();
    const std::size_t nb = p.bands.size();
    r.infected_by_band = e.infected_by_band();
    std::vector<double> n(nb, 0), f_sum(nb, 0);
    for (std::uint32_t i = 0; i < pop.size(); ++i) {
      r.flags.push_back(pop.flags[i]);
      r.band.push_back(pop.band(i));
      r.age.push_back(pop.age[i]);
      r.colour.push_back(pop.colour[i]);
      n[pop.band(i)] += 1;
      f_sum[pop.band(i)] += factor(p, pop.flags[i], pop.age[i], pop.colour[i]);
    }
    for (std::size_t b = 0; b < nb; ++b) {
      r.norm.push_back(f_sum[b] / n[b]);
      r.attack.push_back(static_cast<double>(r.infected_by_band[b]) / n[b]);
    }
    const double s = p.controls.antiviral_share.at(0), eff = p.history.antiviral_efficacy;
    for (std::uint32_t i = 0; i < pop.size(); ++i) {
      const std::size_t b = r.band[i];
      const auto& band = p.bands[b];
      const double per_case =
          std::min(1.0, band.p_severe / band.p_symptomatic *
                            factor(p, r.flags[i], r.age[i], r.colour[i]) / r.norm[b]);
      double q = band.p_symptomatic * per_case;
      if (pop.key_group(i)) q *= 1 - s * eff;
      r.risk.push_back(q);
    }
    return r;
  }();
  return r;
}

// Severe courses expected (and their binomial variance) among the people `in`, given infection.
template <class In>
std::pair<double, double> expected(const SevereRun& r, In in) {
  double m = 0, v = 0;
  for (std::size_t i = 0; i < r.risk.size(); ++i) {
    if (!in(i)) continue;
    const double q = r.risk[i] * r.attack[r.band[i]];
    m += q;
    v += q * (1 - q);
  }
  return {m, v};
}

template <class In>
::testing::AssertionResult severe_count_matches(const SevereRun& r, In in, const char* what) {
  double observed = 0;
  for (const epi::HospitalCase& c : r.cases) observed += in(c.person) ? 1 : 0;
  const auto [m, v] = expected(r, in);
  if (std::abs(observed - m) <= 4 * std::sqrt(v)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << ": " << observed << " severe, expected " << m
                                       << " +- " << 4 * std::sqrt(v) << " (4 SE)";
}

}  // namespace

TEST(Severity, EveryBandHasItsSevereShare) {
  const SevereRun& r = severe_run();
  ASSERT_EQ(r.cases.size(), r.severe);
  ASSERT_GT(r.severe, 70000u);
  for (std::size_t b = 0; b < r.p.bands.size(); ++b) {
    // Infection within a band does not depend on the severity factors, so the band's attack rate
    // applies to each of its groups; nearly everyone is infected, so that barely matters.
    EXPECT_GT(r.attack[b], 0.95);
    EXPECT_GT(expected(r, [&](std::size_t i) { return r.band[i] == b; }).first, 12000);
    EXPECT_TRUE(severe_count_matches(
        r, [&](std::size_t i) { return r.band[i] == b; }, r.p.bands[b].name.c_str()));
  }
  EXPECT_TRUE(severe_count_matches(
      r, [](std::size_t) { return true; }, "all"));
}

// Within a band the risk follows vaccination, key groups and the colours of the 65+.
TEST(Severity, RiskFollowsVaccinationKeyGroupsAndColour) {
  const SevereRun& r = severe_run();
  for (bool vaccinated : {false, true}) {
    EXPECT_TRUE(severe_count_matches(
        r, [&](std::size_t i) { return ((r.flags[i] & epi::kVaccinated) != 0) == vaccinated; },
        vaccinated ? "vaccinated" : "unvaccinated"));
  }
  for (int colour = 0; colour < 3; ++colour) {
    EXPECT_TRUE(severe_count_matches(
        r, [&](std::size_t i) { return r.age[i] >= 65 && r.colour[i] == colour; }, "colour"))
        << "colour " << colour;
  }
  EXPECT_TRUE(severe_count_matches(
      r, [&](std::size_t i) { return (r.flags[i] & epi::kPregnant) != 0; }, "pregnant"));
  EXPECT_TRUE(severe_count_matches(
      r, [&](std::size_t i) { return (r.flags[i] & (epi::kDialysis | epi::kChemotherapy)) != 0; },
      "dialysis or chemotherapy"));
  // The factors are far apart, so these checks tell the groups apart: red is 2.5 / 0.6 times
  // green, and ~3,000 red severe courses give 4 SE of 7%.
  const auto red = expected(r, [&](std::size_t i) { return r.age[i] >= 65 && r.colour[i] == 2; });
  EXPECT_GT(red.first, 2500);
}

// Of the symptomatic key-group people treated at onset, the severe share is cut by the efficacy.
TEST(Severity, AntiviralsCutTheSevereShare) {
  const SevereRun& r = severe_run();
  const double eff = r.p.history.antiviral_efficacy;
  double treated = 0, m = 0, v = 0;
  for (std::size_t i = 0; i < r.risk.size(); ++i) {
    if (!(r.flags[i] & epi::kAntiviral)) continue;
    treated += 1;
    const auto& band = r.p.bands[r.band[i]];
    const double q = band.p_severe / band.p_symptomatic *
                     factor(r.p, r.flags[i], r.age[i], r.colour[i]) / r.norm[r.band[i]] * (1 - eff);
    m += q;
    v += q * (1 - q);
  }
  double observed = 0;
  for (const epi::HospitalCase& c : r.cases) observed += (r.flags[c.person] & epi::kAntiviral) != 0;
  ASSERT_GT(treated, 100000);
  EXPECT_NEAR(observed, m, 4 * std::sqrt(v));
  EXPECT_GT(m, 10000);  // a 5% error in 1 - efficacy moves it by ~5 SE
}

// Of the severe: icu_share turn critical, p_fatal / p_severe die (on the ward when not critical),
// call_120_share_severe call 120 (the rest come to a hospital's clinic), and of the critical
// call_120_share_critical call again when they worsen.
TEST(Severity, CriticalFatalAndCallingSharesOfTheSevere) {
  const SevereRun& r = severe_run();
  const std::size_t nb = r.p.bands.size();
  std::vector<double> severe(nb, 0), critical(nb, 0), ward(nb, 0), dies_on_ward(nb, 0);
  double by_120 = 0;
  for (const epi::HospitalCase& c : r.cases) {
    const std::size_t b = r.band[c.person];
    severe[b] += 1;
    by_120 += c.by_120 ? 1 : 0;
    if (c.icu_days > 0) {
      critical[b] += 1;
      EXPECT_FALSE(c.dies_on_ward);
    } else {
      ward[b] += 1;
      dies_on_ward[b] += c.dies_on_ward ? 1 : 0;
    }
  }
  for (std::size_t b = 0; b < nb; ++b) {
    const auto& band = r.p.bands[b];
    EXPECT_TRUE(within_binomial(critical[b], severe[b], band.icu_share)) << band.name;
    EXPECT_TRUE(within_binomial(dies_on_ward[b], ward[b], band.p_fatal / band.p_severe))
        << band.name;
  }
  // Every band has the same shares here: all together, a 5% error is ~10 SE.
  const double all_severe = std::accumulate(severe.begin(), severe.end(), 0.0);
  const double all_ward = std::accumulate(ward.begin(), ward.end(), 0.0);
  EXPECT_TRUE(within_binomial(std::accumulate(critical.begin(), critical.end(), 0.0), all_severe,
                              r.p.bands[0].icu_share));
  EXPECT_TRUE(within_binomial(std::accumulate(dies_on_ward.begin(), dies_on_ward.end(), 0.0),
                              all_ward, r.p.bands[0].p_fatal / r.p.bands[0].p_severe));
  const double n = static_cast<double>(r.cases.size());
  EXPECT_TRUE(within_binomial(by_120, n, r.p.care.call_120_share_severe));
  EXPECT_EQ(static_cast<double>(r.critical),
            std::accumulate(critical.begin(), critical.end(), 0.0));
  EXPECT_TRUE(within_binomial(static_cast<double>(r.critical_calls),
                              static_cast<double>(r.critical), r.p.care.call_120_share_critical));
}

// Hospitals are told whether an old patient is high risk: the comorbid share of the 65+ severe
// courses is their yellow, red and key-group people's share of the 65+ risk. Tier-1 observation
// takes only the moderate 65+ yellow or red, for the observation stay's mean.
TEST(Severity, OldPatientsComorbidityAndObservationStays) {
  const SevereRun& r = severe_run();
  auto comorbid = [&](std::size_t i) {
    return r.colour[i] > 0 || (r.flags[i] & (epi::kPregnant | epi::kDialysis | epi::kChemotherapy));
  };
  const auto all_old = expected(r, [&](std::size_t i) { return r.age[i] >= 65; });
  const auto comorbid_old =
      expected(r, [&](std::size_t i) { return r.age[i] >= 65 && comorbid(i); });
  double old_cases = 0, old_comorbid = 0;
  for (const epi::HospitalCase& c : r.cases) {
    if (c.age < 65) continue;
    old_cases += 1;
    old_comorbid += c.comorbid ? 1 : 0;
    EXPECT_EQ(c.comorbid, comorbid(c.person));
  }
  EXPECT_TRUE(within_binomial(old_comorbid, old_cases, comorbid_old.first / all_old.first));
  eng::Tally days;
  for (const epi::ObservationStay& o : r.observations) {
    EXPECT_GE(o.age, 65);
    days.add(o.days);
  }
  ASSERT_GT(days.count(), 3000u);
  EXPECT_NEAR(days.mean(), r.p.history.observation_days.mean(),
              4 * days.sd() / std::sqrt(static_cast<double>(days.count())));
}

// Hospitals get each course's stays: the band's mean ward and ICU days (B §7a), within 4 SE.
TEST(Severity, HospitalCasesCarryTheirBandsStays) {
  const SevereRun& r = severe_run();
  const std::size_t nb = r.p.bands.size();
  std::vector<eng::Tally> ward(nb), icu(nb);
  for (const epi::HospitalCase& c : r.cases) {
    ward[r.band[c.person]].add(c.ward_days);
    if (c.icu_days > 0) icu[r.band[c.person]].add(c.icu_days);
  }
  auto se = [](const eng::Tally& t) { return t.sd() / std::sqrt(static_cast<double>(t.count())); };
  for (std::size_t b = 0; b < nb; ++b) {
    const auto& band = r.p.bands[b];
    ASSERT_GT(icu[b].count(), 5000u) << band.name;  // 4 SE of the mean: ~3% (CV 0.5)
    EXPECT_NEAR(ward[b].mean(), band.ward_days, 4 * se(ward[b])) << band.name;
    EXPECT_NEAR(icu[b].mean(), band.icu_days, 4 * se(icu[b])) << band.name;
  }
}
