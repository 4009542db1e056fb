#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/engine/schedule.hpp"

namespace surgesim::epi {

/// Where people meet. Home is the household; the others are pools of growing size around a
/// person's community grid; commuting links a grid to a few grids elsewhere in the city.
enum Setting : std::uint8_t {
  kHome = 0,
  kGrid,
  kSubdistrict,
  kDistrict,
  kCommute,
  kCity,
  kSettingCount
};
inline constexpr std::array<const char*, kSettingCount> kSettingNames = {
    "home", "grid", "subdistrict", "district", "commute", "city"};

inline constexpr std::size_t kMaxAgeBands = 16;

/// An age band and the course of infection in it. Severity figures are band averages per
/// infection; within a band they are redistributed by vaccination, key group and risk colour
/// (so the band average holds for the population as generated).
struct AgeBand {
  std::string name;  ///< e.g. "60-69"
  int min_age = 0;   ///< inclusive, years
  int max_age = 100;
  double share = 0;             ///< of the population (districts may override)
  double susceptibility = 1;    ///< relative chance that a contact infects
  double p_symptomatic = 0.7;   ///< per infection
  double p_severe = 0;          ///< per infection: needs hospital (IHR); includes critical
  double icu_share = 0;         ///< of the severe: critical (ICU)
  double p_fatal = 0;           ///< per infection (IFR, with ordinary care)
  double vaccinated_share = 0;  ///< at the start
  double care_multiplier = 1;   ///< on the shares who visit a clinic or call 120 (by age)
  double ward_days = 7;         ///< mean ward stay of the severe (after the ICU for the critical)
  double icu_days = 8;          ///< mean ICU stay of the critical
};

/// A district: its people, how they are grouped, and where the epidemic starts.
struct DistrictSpec {
  std::string id;
  std::uint64_t population = 0;
  int subdistricts = 1;
  int grids = 1;  ///< community grids, shared out among the subdistricts
  std::uint64_t initial_infected = 0;
  std::vector<double> age_shares{};      ///< per band; empty: the bands' shares
  std::vector<double> household_size{};  ///< share of households of size 1, 2, ...; empty: city's
  double commute_attraction = 1;         ///< relative pull of commuters into the district
  double import_weight = -1;             ///< share of imported cases (< 0: by population)
};

/// A value for each key group with a condition of its own (the 65+ have their colours).
struct PerKeyGroup {
  double pregnant = 0;
  double dialysis = 0;
  double chemotherapy = 0;
};

/// Key groups (besides age 65+, and 65+ living alone, which follow from age and household).
struct KeyGroupParams {
  double pregnant_share = 0.02;       ///< of people aged 20-39
  double dialysis_share = 0.002;      ///< of people aged 40+
  double chemotherapy_share = 0.004;  ///< of people aged 40+
  PerKeyGroup severity{1.5, 3, 3};    ///< relative risk of the severe path within the band
  /// Risk colour of the 65+ (green, yellow, red): shares and relative severity.
  std::array<double, 3> colour_share{0.55, 0.35, 0.10};
  std::array<double, 3> colour_severity{0.6, 1.2, 2.5};
};

struct NaturalHistory {
  engine::Distribution latent_days = engine::Distribution::gamma_mean_sd(1.2, 0.6);
  engine::Distribution presymptomatic_days = engine::Distribution::gamma_mean_sd(1.2, 0.6);
  engine::Distribution asymptomatic_days = engine::Distribution::gamma_mean_sd(3.5, 1.5);
  engine::Distribution symptomatic_infectious_days = engine::Distribution::gamma_mean_sd(2.5, 1);
  /// From the end of the infectious period to needing hospital (the severe path).
  engine::Distribution severe_onset_days = engine::Distribution::gamma_mean_sd(2, 1);
  /// Severe and not critical: until recovery (or death, if fatal), i.e. the ward stay. Draws are
  /// rescaled so that their mean is the age band's ward_days (this gives the spread).
  engine::Distribution severe_days = engine::Distribution::gamma_mean_sd(7, 3);
  /// Severe to critical, then critical until recovery or death (the ICU stay; rescaled to the
  /// band's icu_days).
  engine::Distribution critical_onset_days = engine::Distribution::gamma_mean_sd(1.5, 1);
  engine::Distribution critical_days = engine::Distribution::gamma_mean_sd(8, 4);
  /// Tier-1 observation (oxygen) of a moderate patient referred by the community.
  engine::Distribution observation_days = engine::Distribution::gamma_mean_sd(3, 1.5);
  /// Stay in a makeshift (fangcang) hospital of a symptomatic case isolated centrally (B §7:
  /// median 6 days in Shanghai 2022).
  engine::Distribution centralised_isolation_days = engine::Distribution::gamma_mean_sd(6, 2);
  double presymptomatic_infectiousness = 1;
  double asymptomatic_infectiousness = 0.5;
  double moderate_share = 0.1;  ///< of the symptomatic who are not severe: clinically moderate
  double vaccine_efficacy_severe = 0.6;
  double vaccine_efficacy_infection = 0;
  double antiviral_efficacy = 0.5;  ///< relative reduction of the severe path when treated
};

/// Mixing: a person's daily non-household contacts by age (contacts[a][b]: with people of band b),
/// shared out among the settings; household members are contacts every day.
struct MixingParams {
  std::vector<std::vector<double>> contacts;  ///< [band][band]; symmetrised by population
  double home_contact_weight = 1;             ///< transmission per household contact-day, relative
  /// Shares of the non-household contacts: grid, subdistrict, district, commute, city.
  std::array<double, kSettingCount> setting_share{0, 0.4, 0.2, 0.15, 0.15, 0.1};
  int commute_links = 3;  ///< grids each grid is linked to by commuting
};

/// Medical staff: people of the population tied to a facility.
struct StaffParams {
  int min_age = 25;
  int max_age = 59;
  double exposure_multiplier = 2;  ///< on the community force of infection (patients at work)
  double absent_share = 0.7;       ///< of symptomatic staff; the rest work while ill
  engine::Distribution absent_days = engine::Distribution::gamma_mean_sd(3.2, 1.2);
};

/// What symptomatic people do (see care_choice.hpp).
struct CareSeekingParams {
  double clinic_share_mild = 0.05;
  double clinic_share_moderate = 0.5;
  double key_group_multiplier = 2;  ///< on clinic and 120 shares of key-group people
  double clinic_share_without_medicine = 0.2;
  double phone_consult_share = 0.15;
  double hospital_clinic_share = 0.5;  ///< of clinic visits: a hospital's fever clinic
  double call_120_share_mild = 0.005;
  double call_120_share_moderate = 0.05;
  double call_120_share_severe = 0.7;  ///< the rest go to a hospital fever clinic themselves
  double call_120_share_critical = 0.95;
  /// Of the moderate 65+ with a yellow or red risk colour: referred by the community to a tier-1
  /// bed for observation and oxygen when their illness peaks (B §10: refer on SpO2 < 93%).
  double observation_share = 0;
  /// Calls a day for transport to treatment of isolated people in a key group (B §4c: the May
  /// 2022 taxi fleet for dialysis, chemotherapy and pregnancy): one dialysis session every 2-3
  /// days, a chemotherapy cycle every 3 weeks, childbirth and antenatal emergencies.
  PerKeyGroup isolation_calls_per_day{0.005, 0.43, 0.05};
  double home_medicine_share = 0.6;             ///< households holding a course at the start
  double mutual_aid_courses_per_person = 0.05;  ///< spare courses in a grid, per resident
  double diagnostics_share_mild = 0.1;          ///< of clinic visitors who need tests
  double diagnostics_share_moderate = 1;
  engine::Distribution visit_delay_days = engine::Distribution::uniform(0, 1);
  std::array<double, 24> hourly_weights{};  ///< when visits happen in the day (all 0: flat)
};

/// Imported infections per day (the last value repeats), placed by district import weight.
struct SeedingParams {
  std::vector<double> imports_per_day{0};
};

/// The levers the policies turn (issue "Policies..."): set from a day on, or by a trigger.
struct EpidemicControls {
  std::array<double, kSettingCount> contact_multiplier{1, 1, 1, 1, 1, 1};
  double isolation_share = 0;               ///< of symptomatic people, from onset
  bool centralised_isolation = false;       ///< isolated away from home (no household spread)
  double antiviral_share = 0;               ///< of symptomatic key-group people, at onset
  std::vector<double> vaccination_per_day;  ///< per band: share of the unvaccinated per day
  bool mutual_aid = true;  ///< neighbours share spare medicine courses within a grid
  /// Online consults and long prescriptions (domain.md: "long prescriptions and online
  /// prescribing"): a share of the clinic visits of mild and moderate illness is offered a remote
  /// consult instead; the city's remote service takes at most per_day of them a day (-1: no limit,
  /// the rest go in person), and the clinic they would have gone to dispenses from its stock, at
  /// most tablets_per_consult of each drug (-1: the clinic's own tablets per visit).
  double online_share = 0;
  std::int64_t online_per_day = -1;
  std::int64_t online_tablets = -1;
  /// Health packs (seed 002): a course of fever medicine delivered to households with a key-group
  /// member, per_day a day city-wide, red then yellow then the rest, each household once.
  std::int64_t health_packs_per_day = 0;
  /// Close-contact quarantine: a share of the isolated cases are traced; their household and
  /// `contacts` other people of their grid stay away from every non-household setting for `days`.
  double quarantine_share = 0;
  std::int64_t quarantine_days = 7;
  std::int64_t quarantine_contacts = 0;
};

/// The controls as levers: each holds from a day on (the scenario's interventions, where each
/// step changes what it names), and a policy can adjust it during a run.
struct EpidemicLevers {
  EpidemicLevers() {
    for (auto& c : contact_multiplier) c = 1.0;
  }
  std::array<engine::Schedule<double>, kSettingCount> contact_multiplier;
  engine::Schedule<double> isolation_share = 0.0;
  engine::Schedule<bool> centralised_isolation = false;
  engine::Schedule<double> antiviral_share = 0.0;
  std::vector<engine::Schedule<double>> vaccination_per_day;  ///< per band; empty: none
  engine::Schedule<bool> mutual_aid = true;
  engine::Schedule<double> online_share = 0.0;
  engine::Schedule<std::int64_t> online_per_day = std::int64_t{-1};
  engine::Schedule<std::int64_t> online_tablets = std::int64_t{-1};
  engine::Schedule<std::int64_t> health_packs_per_day = std::int64_t{0};
  engine::Schedule<double> quarantine_share = 0.0;
  engine::Schedule<std::int64_t> quarantine_days = std::int64_t{7};
  engine::Schedule<std::int64_t> quarantine_contacts = std::int64_t{0};
  /// The controls on a day, with policies' adjustments (or as written).
  EpidemicControls on(int day) const;
  EpidemicControls written_on(int day) const;
  /// The days on which some control changes as written (0 first), increasing.
  std::vector<int> change_days() const;
};

/// A facility whose staff are people of the population (e.g. a fever clinic's doctors), and which
/// patients can be sent to.
struct FacilitySite {
  std::uint32_t district = 0;
  std::int32_t subdistrict = -1;  ///< within the district; -1: anywhere in it
  int staff = 0;
  bool hospital = false;  ///< a hospital's fever clinic (else a community one)
  /// Names the facility's own random stream for drawing its staff (e.g. a hash of its id), so
  /// that adding a facility, or staff to one, leaves the others' staff as they were.
  std::uint64_t stream_key = 0;
};

/// Everything the city epidemic needs: plain data, filled by scenario/.
struct CityEpidemicParams {
  std::vector<DistrictSpec> districts;
  std::vector<AgeBand> bands;
  std::vector<double> household_size{1.0};  ///< share of households of size 1, 2, ...
  KeyGroupParams key_groups;
  NaturalHistory history;
  MixingParams mixing;
  StaffParams staff;
  CareSeekingParams care;
  SeedingParams seeding;
  EpidemicLevers controls;
  /// Transmission: the reproduction number, either basic (no controls, nobody isolated) or
  /// effective on day 0 (under the day-0 controls).
  double reproduction_number = 2.5;
  bool reproduction_is_effective = false;
  std::vector<double> drug_need_share;  ///< per drug class: share of clinic visitors needing it
  /// Hospitals decide how severe courses end (the scenario has a hospitals section): the epidemic
  /// hands every severe course over and counts none of its deaths; DistrictDay::deaths are then
  /// the deaths at home only.
  bool outcomes_in_hospital = false;
  double step_days = 0.25;
  int days = 120;
};

}  // namespace surgesim::epi

namespace surgesim::epi {

/// Defaults for Beijing, December 2022 (../shared/beijing-data.md §1 and §7a; the severity table
/// there is itself a literature-based default, and vaccination shares are assumptions).
std::vector<AgeBand> beijing_age_bands();
/// Non-household daily contacts between the six bands of beijing_age_bands(): an assumption
/// shaped like synthetic contact matrices for China (school-age and working-age assortativity).
std::vector<std::vector<double>> default_contacts();
/// Households of 1..6 people (Beijing 2020 census mean size 2.31; the split is an assumption).
std::vector<double> beijing_household_sizes();

}  // namespace surgesim::epi
