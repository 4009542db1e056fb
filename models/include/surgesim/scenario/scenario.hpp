#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "surgesim/care/clinic_params.hpp"
#include "surgesim/ems/ems_params.hpp"
#include "surgesim/epi/city_params.hpp"
#include "surgesim/hospital/hospital_params.hpp"
#include "surgesim/policy/policy.hpp"
#include "surgesim/scenario/yaml_document.hpp"

namespace surgesim::scenario {

struct RunSettings {
  int days = 30;
  std::uint64_t seed = 1;
  std::size_t replications = 10;
  int threads = 0;  ///< 0: all cores
  /// The city shrunk as a whole: people, every capacity and every background load (1: as given).
  double scale = 1;
  std::string start_date = "2022-12-01";  ///< calendar date of day 0 (YYYY-MM-DD)
  int first_weekday = 3;                  ///< of day 0, 0 = Monday (derived from start_date)
};

/// The epidemic part of a scenario: the model's parameters plus what the loader needs to place
/// clinics in it.
struct EpidemicScenario {
  epi::CityEpidemicParams params;  ///< params.days is the run's days
  /// Clinics to generate per district from clinic_templates (generated into Scenario::clinics).
  std::vector<int> community_clinics, hospital_clinics;
  /// The district index of a name, or -1.
  int district_index(const std::string& name) const;
};

/// Observed figures to draw against the simulation (`observed:`, a CSV beside the scenario):
/// `date,series,value,low,high,source`, where series is a board metric (e.g. fever_arrivals,
/// ems_calls) or attack_rate_percent. Checked when loaded; copied into the outputs as observed.csv.
struct ObservedSeries {
  std::string file;  ///< as resolved
  std::string text;
};

/// A fully read and checked scenario: typed values only; nothing downstream sees YAML.
struct Scenario {
  std::string name;
  std::string description;
  RunSettings run;
  std::vector<care::DrugInfo> drugs;
  std::vector<care::FeverClinicParams> clinics;  ///< may be empty when there is an epidemic
  std::optional<EpidemicScenario> epidemic;
  std::optional<ems::EmsParams> ems;                  ///< the 120 service
  std::optional<hospital::HospitalParams> hospitals;  ///< three-tier treatment (needs an epidemic)
  std::vector<policy::PolicySpec> policies;           ///< levers switched by date or measure
  std::optional<ObservedSeries> observed;
  /// Probable mistakes that are not errors (more doctors than rooms, an overloaded clinic that
  /// nobody leaves): printed on stderr and kept in summary.json.
  std::vector<std::string> warnings;
  /// The districts the metrics board measures: the epidemic's, else the clinics' (in the order
  /// they first appear).
  std::vector<std::string> district_names() const;
  /// A clinic's index in district_names().
  int clinic_district(std::size_t clinic) const;
  YamlDocument document;  ///< the merged YAML (after extends and --set), for resolved.yaml
};

/// Reads and checks a scenario file. `overrides` are "key.path=value" (the CLI's --set).
/// Throws ScenarioError with file:line:col, the key path and what was expected.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// Weekday (0 = Monday) of a YYYY-MM-DD date; throws std::invalid_argument if it is not a date.
int weekday_of(const std::string& date);
/// Days from one YYYY-MM-DD date to another (negative if `to` is earlier); throws
/// std::invalid_argument if either is not a date.
int days_between(const std::string& from, const std::string& to);
/// The date `days` after a YYYY-MM-DD date.
std::string add_days(const std::string& date, int days);

}  // namespace surgesim::scenario
