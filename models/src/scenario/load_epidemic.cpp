#include "load_epidemic.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "surgesim/scenario/distribution_spec.hpp"

#include "surgesim/scenario/limits.hpp"

namespace surgesim::scenario {

namespace {

// A share in [0, 1] if the key is there.
void share(Reader& r, const char* key, double& out) {
  if (auto k = r.maybe(key)) out = k->as_double_in(0, 1);
}
// A relative factor (multiplier, infectiousness, courses a person) in [0, kMaxFactor].
void positive(Reader& r, const char* key, double& out) {
  if (auto k = r.maybe(key)) out = k->as_double_in(0, kMaxFactor);
}
void days(Reader& r, const char* key, engine::Distribution& out) {
  if (auto k = r.maybe(key)) out = read_distribution(*k, "days");
}
// A distribution whose draws are rescaled to a mean given elsewhere: its own mean must be > 0.
void spread_days(Reader& r, const char* key, engine::Distribution& out) {
  if (auto k = r.maybe(key)) {
    out = read_distribution(*k, "days");
    if (!(out.mean() > 0))
      k->fail("expected a mean > 0 (draws are rescaled to the age band's mean stay)");
  }
}

// `{pregnant, dialysis, chemotherapy}`, each in [0, hi], if the key is there.
void per_key_group(Reader& r, const char* key, epi::PerKeyGroup& out, double hi) {
  auto k = r.maybe(key);
  if (!k) return;
  k->expect_map();
  if (auto v = k->maybe("pregnant")) out.pregnant = v->as_double_in(0, hi);
  if (auto v = k->maybe("dialysis")) out.dialysis = v->as_double_in(0, hi);
  if (auto v = k->maybe("chemotherapy")) out.chemotherapy = v->as_double_in(0, hi);
  k->finish();
}

std::vector<double> shares_list(Reader r, std::size_t expected_size, const std::string& what) {
  r.expect_sequence();
  if (expected_size > 0 && r.size() != expected_size) {
    r.fail("expected " + std::to_string(expected_size) + " " + what + ", found " +
           std::to_string(r.size()));
  }
  std::vector<double> v;
  double total = 0;
  for (std::size_t i = 0; i < r.size(); ++i)
    total += v.emplace_back(r.item(i).as_double_in(0, kMaxWeight));
  if (v.empty() || !(total > 0)) r.fail("expected at least one share > 0");
  if (v.size() > 255) r.fail("at most 255 entries are supported");
  return v;
}

std::vector<epi::AgeBand> read_bands(Reader r) {
  r.expect_sequence();
  if (r.size() == 0 || r.size() > epi::kMaxAgeBands) r.fail("expected 1 to 16 age bands");
  std::vector<epi::AgeBand> bands;
  std::set<std::string> names;
  int next = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    Reader b = r.item(i);
    b.expect_map();
    epi::AgeBand band;
    band.name = b.at("name").as_string();
    if (!names.insert(band.name).second) b.at("name").fail("age band '" + band.name + "' twice");
    band.min_age = static_cast<int>(b.at("min_age").as_int_in(0, 255));
    if (band.min_age != next)
      b.at("min_age").fail("expected " + std::to_string(next) +
                           " (bands start at 0 and run on without gaps)");
    band.max_age = static_cast<int>(b.at("max_age").as_int_in(band.min_age, 255));
    next = band.max_age + 1;
    band.share = b.at("share").as_double_in(0, kMaxWeight);
    positive(b, "susceptibility", band.susceptibility);
    share(b, "p_symptomatic", band.p_symptomatic);
    share(b, "p_severe", band.p_severe);
    share(b, "icu_share", band.icu_share);
    share(b, "p_fatal", band.p_fatal);
    share(b, "vaccinated_share", band.vaccinated_share);
    positive(b, "care_multiplier", band.care_multiplier);
    if (auto k = b.maybe("ward_days")) band.ward_days = k->as_double_in(1e-6, kMaxDays);
    if (auto k = b.maybe("icu_days")) band.icu_days = k->as_double_in(1e-6, kMaxDays);
    if (band.p_severe > band.p_symptomatic)
      b.at("p_severe").fail("expected at most p_symptomatic (the severe are symptomatic)");
    if (band.p_fatal > band.p_severe)
      b.at("p_fatal").fail("expected at most p_severe (deaths follow a severe course)");
    b.finish();
    bands.push_back(std::move(band));
  }
  return bands;
}

void read_history(Reader r, epi::NaturalHistory& h) {
  r.expect_map();
  days(r, "latent_days", h.latent_days);
  days(r, "presymptomatic_days", h.presymptomatic_days);
  days(r, "asymptomatic_days", h.asymptomatic_days);
  days(r, "symptomatic_infectious_days", h.symptomatic_infectious_days);
  days(r, "severe_onset_days", h.severe_onset_days);
  spread_days(r, "severe_days", h.severe_days);
  days(r, "critical_onset_days", h.critical_onset_days);
  spread_days(r, "critical_days", h.critical_days);
  days(r, "centralised_isolation_days", h.centralised_isolation_days);
  days(r, "observation_days", h.observation_days);
  positive(r, "presymptomatic_infectiousness", h.presymptomatic_infectiousness);
  positive(r, "asymptomatic_infectiousness", h.asymptomatic_infectiousness);
  share(r, "moderate_share", h.moderate_share);
  share(r, "vaccine_efficacy_severe", h.vaccine_efficacy_severe);
  share(r, "vaccine_efficacy_infection", h.vaccine_efficacy_infection);
  share(r, "antiviral_efficacy", h.antiviral_efficacy);
  r.finish();
}

void read_key_groups(Reader r, epi::KeyGroupParams& k) {
  r.expect_map();
  share(r, "pregnant_share", k.pregnant_share);
  share(r, "dialysis_share", k.dialysis_share);
  share(r, "chemotherapy_share", k.chemotherapy_share);
  per_key_group(r, "severity", k.severity, kMaxFactor);
  if (auto colours = r.maybe("colours")) {
    colours->expect_map();
    static const char* kNames[3] = {"green", "yellow", "red"};
    for (std::size_t c = 0; c < 3; ++c) {
      Reader one = colours->at(kNames[c]);
      one.expect_map();
      k.colour_share[c] = one.at("share").as_double_in(0, 1);
      k.colour_severity[c] = one.at("severity").as_double_in(0, kMaxFactor);
      one.finish();
    }
    const double total = k.colour_share[0] + k.colour_share[1] + k.colour_share[2];
    if (std::abs(total - 1) > 1e-6) colours->fail("expected colour shares that add up to 1");
    colours->finish();
  }
  r.finish();
}

void read_setting_values(Reader r, std::array<double, epi::kSettingCount>& v, bool with_home,
                         double hi) {
  r.expect_map();
  for (int s = with_home ? epi::kHome : epi::kGrid; s < epi::kSettingCount; ++s) {
    if (auto k = r.maybe(epi::kSettingNames[static_cast<std::size_t>(s)]))
      v[static_cast<std::size_t>(s)] = k->as_double_in(0, hi);
  }
  r.finish();
}

void read_mixing(Reader r, epi::MixingParams& m, std::size_t bands) {
  r.expect_map();
  if (auto c = r.maybe("contacts")) {
    c->expect_sequence();
    if (c->size() != bands)
      c->fail("expected " + std::to_string(bands) + " rows (one per age band), found " +
              std::to_string(c->size()));
    m.contacts.clear();
    for (std::size_t a = 0; a < bands; ++a) {
      Reader row = c->item(a);
      row.expect_sequence();
      if (row.size() != bands)
        row.fail("expected " + std::to_string(bands) + " contacts per day (one per age band)");
      std::vector<double>& out = m.contacts.emplace_back();
      for (std::size_t b = 0; b < bands; ++b)
        out.push_back(row.item(b).as_double_in(0, kMaxFactor));
    }
  } else if (bands != m.contacts.size()) {
    r.fail("missing required key 'contacts' (the default matrix is for the six default bands)");
  }
  positive(r, "home_contact_weight", m.home_contact_weight);
  if (auto s = r.maybe("settings")) {
    std::array<double, epi::kSettingCount> v{};
    read_setting_values(*s, v, false, 1);
    double total = 0;
    for (double x : v) total += x;
    if (std::abs(total - 1) > 1e-6)
      s->fail("expected shares of grid, subdistrict, district, commute and city that add up to 1");
    m.setting_share = v;
  }
  if (auto k = r.maybe("commute_links")) m.commute_links = static_cast<int>(k->as_int_in(0, 1000));
  r.finish();
}

void read_staff(Reader r, epi::StaffParams& s) {
  r.expect_map();
  if (auto k = r.maybe("min_age")) s.min_age = static_cast<int>(k->as_int_in(0, 255));
  if (auto k = r.maybe("max_age")) s.max_age = static_cast<int>(k->as_int_in(s.min_age, 255));
  positive(r, "exposure_multiplier", s.exposure_multiplier);
  share(r, "absent_share", s.absent_share);
  days(r, "absent_days", s.absent_days);
  r.finish();
}

void read_care(Reader r, epi::CareSeekingParams& c) {
  r.expect_map();
  share(r, "clinic_share_mild", c.clinic_share_mild);
  share(r, "clinic_share_moderate", c.clinic_share_moderate);
  positive(r, "key_group_multiplier", c.key_group_multiplier);
  share(r, "clinic_share_without_medicine", c.clinic_share_without_medicine);
  share(r, "phone_consult_share", c.phone_consult_share);
  share(r, "hospital_clinic_share", c.hospital_clinic_share);
  share(r, "call_120_share_mild", c.call_120_share_mild);
  share(r, "call_120_share_moderate", c.call_120_share_moderate);
  share(r, "call_120_share_severe", c.call_120_share_severe);
  share(r, "call_120_share_critical", c.call_120_share_critical);
  share(r, "observation_share", c.observation_share);
  per_key_group(r, "isolation_calls_per_day", c.isolation_calls_per_day, 1);
  share(r, "home_medicine_share", c.home_medicine_share);
  positive(r, "mutual_aid_courses_per_person", c.mutual_aid_courses_per_person);
  share(r, "diagnostics_share_mild", c.diagnostics_share_mild);
  share(r, "diagnostics_share_moderate", c.diagnostics_share_moderate);
  days(r, "visit_delay_days", c.visit_delay_days);
  if (auto prof = r.maybe("hourly_profile")) {
    const std::vector<double> w = shares_list(*prof, 24, "weights, one per hour");
    for (std::size_t h = 0; h < 24; ++h) c.hourly_weights[h] = w[h];
  }
  r.finish();
}

// Each step changes what it names; the rest carries on from the step before.
void read_interventions(Reader r, const std::vector<epi::AgeBand>& bands, epi::EpidemicLevers& l) {
  r.expect_sequence();
  int last = -1;
  for (std::size_t i = 0; i < r.size(); ++i) {
    Reader s = r.item(i);
    s.expect_map();
    const int day = s.at("from_day").as_day(100000);
    if (day <= last) s.at("from_day").fail("days must increase along the list");
    last = day;
    if (auto c = s.maybe("contacts")) {
      epi::EpidemicControls now = l.written_on(day);
      read_setting_values(*c, now.contact_multiplier, true, 10);
      for (std::size_t k = 0; k < epi::kSettingCount; ++k)
        l.contact_multiplier[k].set_from(day, now.contact_multiplier[k]);
    }
    if (auto iso = s.maybe("isolation")) {
      iso->expect_map();
      l.isolation_share.set_from(day, iso->at("share").as_double_in(0, 1));
      if (auto w = iso->maybe("where"))
        l.centralised_isolation.set_from(day,
                                         w->as_choice({"home", "centralised"}) == "centralised");
      iso->finish();
    }
    if (auto k = s.maybe("antiviral_share")) l.antiviral_share.set_from(day, k->as_double_in(0, 1));
    if (auto k = s.maybe("mutual_aid")) l.mutual_aid.set_from(day, k->as_bool());
    if (auto o = s.maybe("online_consults")) {
      o->expect_map();
      l.online_share.set_from(day, o->at("share").as_double_in(0, 1));
      if (auto k = o->maybe("per_day"))
        l.online_per_day.set_from(day, k->as_int_or_none(0, static_cast<std::int64_t>(kMaxPerDay)));
      if (auto k = o->maybe("tablets_per_consult"))
        l.online_tablets.set_from(day, k->as_int_or_none(0, kMaxTablets));
      o->finish();
    }
    if (auto h = s.maybe("health_packs")) {
      h->expect_map();
      l.health_packs_per_day.set_from(
          day, h->at("per_day").as_int_in(0, static_cast<std::int64_t>(kMaxPerDay)));
      h->finish();
    }
    if (auto q = s.maybe("quarantine")) {
      q->expect_map();
      l.quarantine_share.set_from(day, q->at("share").as_double_in(0, 1));
      if (auto k = q->maybe("days")) l.quarantine_days.set_from(day, k->as_int_in(1, 365));
      if (auto k = q->maybe("contacts")) l.quarantine_contacts.set_from(day, k->as_int_in(0, 1000));
      q->finish();
    }
    if (auto vac = s.maybe("vaccination_per_day")) {
      vac->expect_map();
      l.vaccination_per_day.resize(bands.size(), 0.0);
      for (std::size_t b = 0; b < bands.size(); ++b) {
        const auto k = vac->maybe(bands[b].name);
        l.vaccination_per_day[b].set_from(day, k ? k->as_double_in(0, 1) : 0.0);
      }
      vac->finish();
    }
    s.finish();
  }
}

}  // namespace

int EpidemicScenario::district_index(const std::string& name) const {
  for (std::size_t d = 0; d < params.districts.size(); ++d) {
    if (params.districts[d].id == name) return static_cast<int>(d);
  }
  return -1;
}

EpidemicScenario read_epidemic(Reader r) {
  r.expect_map();
  EpidemicScenario e;
  epi::CityEpidemicParams& p = e.params;
  p.bands = epi::beijing_age_bands();
  p.household_size = epi::beijing_household_sizes();
  p.mixing.contacts = epi::default_contacts();
  const bool has_r0 = r.has("r0"), has_rt = r.has("rt");
  if (has_r0 == has_rt) r.fail("give exactly one of r0 (basic) or rt (effective on day 0)");
  p.reproduction_is_effective = has_rt;
  p.reproduction_number = r.at(has_r0 ? "r0" : "rt").as_double_in(0, 100);
  if (auto k = r.maybe("step_days")) {
    p.step_days = k->as_double_in(1.0 / 96, 1);
    const double per_day = 1.0 / p.step_days;
    if (std::abs(per_day - std::round(per_day)) > 1e-9)
      k->fail("expected a step that divides a day (1, 0.5, 0.25, ...)");
  }
  double scale = 1;
  if (auto k = r.maybe("population_scale")) scale = k->as_double_in(1e-6, 1);
  if (auto b = r.maybe("age_bands")) p.bands = read_bands(*b);
  if (auto h = r.maybe("household_size")) p.household_size = shares_list(*h, 0, "shares");
  if (auto h = r.maybe("natural_history")) read_history(*h, p.history);
  if (auto k = r.maybe("key_groups")) read_key_groups(*k, p.key_groups);
  if (auto m = r.maybe("mixing")) {
    read_mixing(*m, p.mixing, p.bands.size());
  } else if (p.bands.size() != p.mixing.contacts.size()) {
    r.fail("missing required key 'mixing' with the contacts of the age bands given");
  }
  if (auto s = r.maybe("staff")) read_staff(*s, p.staff);
  if (auto c = r.maybe("care_seeking")) read_care(*c, p.care);
  if (auto k = r.maybe("imports_per_day"))
    p.seeding.imports_per_day = k->as_number_or_list(0, kMaxPerDay);
  if (auto iv = r.maybe("interventions")) read_interventions(*iv, p.bands, p.controls);
  Reader districts = r.at("districts");
  districts.expect_sequence();
  if (districts.size() == 0) districts.fail("expected at least one district");
  std::set<std::string> ids;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < districts.size(); ++i) {
    Reader d = districts.item(i);
    d.expect_map();
    epi::DistrictSpec ds;
    ds.id = d.at("id").as_string();
    if (!ids.insert(ds.id).second) d.at("id").fail("district '" + ds.id + "' is listed twice");
    const std::int64_t people = d.at("population").as_int_in(1, 100000000);
    ds.population = static_cast<std::uint64_t>(std::llround(static_cast<double>(people) * scale));
    if (auto k = d.maybe("subdistricts"))
      ds.subdistricts = static_cast<int>(k->as_int_in(1, 100000));
    if (auto k = d.maybe("grids")) {
      ds.grids = static_cast<int>(k->as_int_in(1, 1000000));
      if (ds.grids < ds.subdistricts) k->fail("expected at least one grid per subdistrict");
    } else {
      ds.grids = ds.subdistricts;
    }
    // A scaled-down city keeps its grids' size: fewer grids, as many subdistricts.
    ds.grids = std::max(ds.subdistricts, static_cast<int>(std::lround(ds.grids * scale)));
    if (ds.population < static_cast<std::uint64_t>(ds.grids))
      d.fail("expected at least one person per grid");
    if (auto k = d.maybe("initial_infected")) {
      ds.initial_infected = static_cast<std::uint64_t>(
          std::llround(static_cast<double>(k->as_int_in(0, people)) * scale));
    }
    if (auto k = d.maybe("age_shares"))
      ds.age_shares = shares_list(*k, p.bands.size(), "shares, one per age band");
    if (auto k = d.maybe("household_size")) ds.household_size = shares_list(*k, 0, "shares");
    positive(d, "commute_attraction", ds.commute_attraction);
    if (auto k = d.maybe("import_weight")) ds.import_weight = k->as_double_in(0, kMaxWeight);
    int community = 0, hospital = 0;
    if (auto k = d.maybe("community_clinics"))
      community = static_cast<int>(k->as_int_in(0, 100000));
    if (auto k = d.maybe("hospital_clinics")) hospital = static_cast<int>(k->as_int_in(0, 100000));
    d.finish();
    e.community_clinics.push_back(community);
    e.hospital_clinics.push_back(hospital);
    total += ds.population;
    p.districts.push_back(std::move(ds));
  }
  if (total > 0xFFFFFFF0ULL) r.fail("at most about 4.29 billion people are supported");
  r.finish();
  return e;
}

}  // namespace surgesim::scenario
