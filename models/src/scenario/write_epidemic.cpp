#include "emit.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

namespace {

template <class T>
void kv(YAML::Emitter& e, const char* key, const T& value) {
  e << YAML::Key << key << YAML::Value << value;
}
void kd(YAML::Emitter& e, const char* key, double value) { kv(e, key, num(value)); }
void kdist(YAML::Emitter& e, const char* key, const engine::Distribution& d) {
  e << YAML::Key << key << YAML::Value;
  emit_distribution(e, d, "days");
}
void settings(YAML::Emitter& e, const char* key, const std::array<double, epi::kSettingCount>& v,
              bool with_home) {
  e << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (int s = with_home ? epi::kHome : epi::kGrid; s < epi::kSettingCount; ++s)
    kd(e, epi::kSettingNames[static_cast<std::size_t>(s)], v[static_cast<std::size_t>(s)]);
  e << YAML::EndMap;
}

void emit_history(YAML::Emitter& e, const epi::NaturalHistory& h) {
  e << YAML::Key << "natural_history" << YAML::Value << YAML::BeginMap;
  kdist(e, "latent_days", h.latent_days);
  kdist(e, "presymptomatic_days", h.presymptomatic_days);
  kdist(e, "asymptomatic_days", h.asymptomatic_days);
  kdist(e, "symptomatic_infectious_days", h.symptomatic_infectious_days);
  kdist(e, "severe_onset_days", h.severe_onset_days);
  kdist(e, "severe_days", h.severe_days);
  kdist(e, "critical_onset_days", h.critical_onset_days);
  kdist(e, "critical_days", h.critical_days);
  kdist(e, "centralised_isolation_days", h.centralised_isolation_days);
  kdist(e, "observation_days", h.observation_days);
  kd(e, "presymptomatic_infectiousness", h.presymptomatic_infectiousness);
  kd(e, "asymptomatic_infectiousness", h.asymptomatic_infectiousness);
  kd(e, "moderate_share", h.moderate_share);
  kd(e, "vaccine_efficacy_severe", h.vaccine_efficacy_severe);
  kd(e, "vaccine_efficacy_infection", h.vaccine_efficacy_infection);
  kd(e, "antiviral_efficacy", h.antiviral_efficacy);
  e << YAML::EndMap;
}

void emit_per_key_group(YAML::Emitter& e, const char* key, const epi::PerKeyGroup& v) {
  e << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  kd(e, "pregnant", v.pregnant);
  kd(e, "dialysis", v.dialysis);
  kd(e, "chemotherapy", v.chemotherapy);
  e << YAML::EndMap;
}

void emit_key_groups(YAML::Emitter& e, const epi::KeyGroupParams& k) {
  e << YAML::Key << "key_groups" << YAML::Value << YAML::BeginMap;
  kd(e, "pregnant_share", k.pregnant_share);
  kd(e, "dialysis_share", k.dialysis_share);
  kd(e, "chemotherapy_share", k.chemotherapy_share);
  emit_per_key_group(e, "severity", k.severity);
  e << YAML::Key << "colours" << YAML::Value << YAML::BeginMap;
  static const char* kNames[3] = {"green", "yellow", "red"};
  for (std::size_t c = 0; c < 3; ++c) {
    e << YAML::Key << kNames[c] << YAML::Value << YAML::Flow << YAML::BeginMap;
    kd(e, "share", k.colour_share[c]);
    kd(e, "severity", k.colour_severity[c]);
    e << YAML::EndMap;
  }
  e << YAML::EndMap << YAML::EndMap;
}

void emit_care(YAML::Emitter& e, const epi::CareSeekingParams& c) {
  e << YAML::Key << "care_seeking" << YAML::Value << YAML::BeginMap;
  kd(e, "clinic_share_mild", c.clinic_share_mild);
  kd(e, "clinic_share_moderate", c.clinic_share_moderate);
  kd(e, "key_group_multiplier", c.key_group_multiplier);
  kd(e, "clinic_share_without_medicine", c.clinic_share_without_medicine);
  kd(e, "phone_consult_share", c.phone_consult_share);
  kd(e, "hospital_clinic_share", c.hospital_clinic_share);
  kd(e, "call_120_share_mild", c.call_120_share_mild);
  kd(e, "call_120_share_moderate", c.call_120_share_moderate);
  kd(e, "call_120_share_severe", c.call_120_share_severe);
  kd(e, "call_120_share_critical", c.call_120_share_critical);
  kd(e, "observation_share", c.observation_share);
  emit_per_key_group(e, "isolation_calls_per_day", c.isolation_calls_per_day);
  kd(e, "home_medicine_share", c.home_medicine_share);
  kd(e, "mutual_aid_courses_per_person", c.mutual_aid_courses_per_person);
  kd(e, "diagnostics_share_mild", c.diagnostics_share_mild);
  kd(e, "diagnostics_share_moderate", c.diagnostics_share_moderate);
  kdist(e, "visit_delay_days", c.visit_delay_days);
  double total = 0;
  for (double w : c.hourly_weights) total += w;
  if (total > 0) {
    e << YAML::Key << "hourly_profile" << YAML::Value;
    numbers(e, c.hourly_weights);
  }
  e << YAML::EndMap;
}

void emit_interventions(YAML::Emitter& e, const epi::CityEpidemicParams& p) {
  e << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
  for (const int day : p.controls.change_days()) {
    const epi::EpidemicControls c = p.controls.written_on(day);
    e << YAML::BeginMap;
    kv(e, "from_day", day);
    settings(e, "contacts", c.contact_multiplier, true);
    e << YAML::Key << "isolation" << YAML::Value << YAML::Flow << YAML::BeginMap;
    kd(e, "share", c.isolation_share);
    kv(e, "where", c.centralised_isolation ? "centralised" : "home");
    e << YAML::EndMap;
    kd(e, "antiviral_share", c.antiviral_share);
    e << YAML::Key << "mutual_aid" << YAML::Value << c.mutual_aid;
    const auto count_or_none = [&](const char* key, std::int64_t v) {
      e << YAML::Key << key << YAML::Value;
      if (v < 0) {
        e << "none";
      } else {
        e << static_cast<long long>(v);
      }
    };
    e << YAML::Key << "online_consults" << YAML::Value << YAML::Flow << YAML::BeginMap;
    kd(e, "share", c.online_share);
    count_or_none("per_day", c.online_per_day);
    count_or_none("tablets_per_consult", c.online_tablets);
    e << YAML::EndMap;
    e << YAML::Key << "health_packs" << YAML::Value << YAML::Flow << YAML::BeginMap;
    e << YAML::Key << "per_day" << YAML::Value << static_cast<long long>(c.health_packs_per_day);
    e << YAML::EndMap;
    e << YAML::Key << "quarantine" << YAML::Value << YAML::Flow << YAML::BeginMap;
    kd(e, "share", c.quarantine_share);
    e << YAML::Key << "days" << YAML::Value << static_cast<long long>(c.quarantine_days);
    e << YAML::Key << "contacts" << YAML::Value << static_cast<long long>(c.quarantine_contacts);
    e << YAML::EndMap;
    if (!c.vaccination_per_day.empty()) {
      e << YAML::Key << "vaccination_per_day" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (std::size_t b = 0; b < c.vaccination_per_day.size(); ++b)
        kd(e, p.bands[b].name.c_str(), c.vaccination_per_day[b]);
      e << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

}  // namespace

void emit_epidemic(YAML::Emitter& e, const EpidemicScenario& s) {
  const epi::CityEpidemicParams& p = s.params;
  e << YAML::Key << "epidemic" << YAML::Value << YAML::BeginMap;
  kd(e, p.reproduction_is_effective ? "rt" : "r0", p.reproduction_number);
  kd(e, "step_days", p.step_days);
  kd(e, "population_scale", 1);
  e << YAML::Key << "age_bands" << YAML::Value << YAML::BeginSeq;
  for (const epi::AgeBand& b : p.bands) {
    e << YAML::Flow << YAML::BeginMap;
    kv(e, "name", b.name);
    kv(e, "min_age", b.min_age);
    kv(e, "max_age", b.max_age);
    kd(e, "share", b.share);
    kd(e, "susceptibility", b.susceptibility);
    kd(e, "p_symptomatic", b.p_symptomatic);
    kd(e, "p_severe", b.p_severe);
    kd(e, "icu_share", b.icu_share);
    kd(e, "p_fatal", b.p_fatal);
    kd(e, "vaccinated_share", b.vaccinated_share);
    kd(e, "care_multiplier", b.care_multiplier);
    kd(e, "ward_days", b.ward_days);
    kd(e, "icu_days", b.icu_days);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "household_size" << YAML::Value;
  numbers(e, p.household_size);
  emit_history(e, p.history);
  emit_key_groups(e, p.key_groups);
  e << YAML::Key << "mixing" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "contacts" << YAML::Value << YAML::BeginSeq;
  for (const auto& row : p.mixing.contacts) numbers(e, row);
  e << YAML::EndSeq;
  kd(e, "home_contact_weight", p.mixing.home_contact_weight);
  settings(e, "settings", p.mixing.setting_share, false);
  kv(e, "commute_links", p.mixing.commute_links);
  e << YAML::EndMap;
  e << YAML::Key << "staff" << YAML::Value << YAML::BeginMap;
  kv(e, "min_age", p.staff.min_age);
  kv(e, "max_age", p.staff.max_age);
  kd(e, "exposure_multiplier", p.staff.exposure_multiplier);
  kd(e, "absent_share", p.staff.absent_share);
  kdist(e, "absent_days", p.staff.absent_days);
  e << YAML::EndMap;
  emit_care(e, p.care);
  e << YAML::Key << "imports_per_day" << YAML::Value;
  numbers(e, p.seeding.imports_per_day);
  emit_interventions(e, p);
  e << YAML::Key << "districts" << YAML::Value << YAML::BeginSeq;
  for (const epi::DistrictSpec& d : p.districts) {
    e << YAML::Flow << YAML::BeginMap;
    kv(e, "id", d.id);
    kv(e, "population", d.population);
    kv(e, "subdistricts", d.subdistricts);
    kv(e, "grids", d.grids);
    kv(e, "initial_infected", d.initial_infected);
    if (!d.age_shares.empty()) {
      e << YAML::Key << "age_shares" << YAML::Value;
      numbers(e, d.age_shares);
    }
    if (!d.household_size.empty()) {
      e << YAML::Key << "household_size" << YAML::Value;
      numbers(e, d.household_size);
    }
    kd(e, "commute_attraction", d.commute_attraction);
    if (d.import_weight >= 0) kd(e, "import_weight", d.import_weight);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq << YAML::EndMap;
}

}  // namespace surgesim::scenario
