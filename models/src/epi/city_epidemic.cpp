#include "surgesim/epi/city_epidemic.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <boost/random/binomial_distribution.hpp>
#include <boost/range/iterator_range.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/split_mix.hpp"
#include "surgesim/engine/uniform_index.hpp"

namespace surgesim::epi {

namespace {
constexpr double kMinutesPerDay = 1440.0;
std::uint64_t binomial(std::uint64_t n, double p, engine::SplitMix64& rng) {
  if (n == 0 || p <= 0) return 0;
  if (p >= 1) return n;
  return static_cast<std::uint64_t>(boost::random::binomial_distribution<std::int64_t, double>(
      static_cast<std::int64_t>(n), p)(rng));
}
bool is_infectious(std::uint8_t s) {
  return s == kPresymptomatic || s == kAsymptomatic || s == kSymptomatic;
}
}  // namespace

void DistrictDay::add(const DistrictDay& o) {
  new_infections += o.new_infections;
  imported += o.imported;
  infectious += o.infectious;
  onsets += o.onsets;
  severe += o.severe;
  critical += o.critical;
  deaths += o.deaths;
  self_care += o.self_care;
  mutual_aid += o.mutual_aid;
  no_medicine += o.no_medicine;
  phone_consults += o.phone_consults;
  clinic_visits += o.clinic_visits;
  online_consults += o.online_consults;
  health_packs += o.health_packs;
  quarantined += o.quarantined;
  calls_120 += o.calls_120;
}

struct CityEpidemic::GridState {
  std::vector<std::uint32_t> active;  // infected and not yet recovered or dead
  std::vector<std::uint32_t> fresh;   // infected during this step
  std::vector<std::uint32_t> staff;   // staff living here
  std::array<std::uint32_t, kMaxAgeBands> s{}, pre{}, asym{}, sym{}, unvaccinated{};
  std::array<std::uint64_t, kMaxAgeBands> ever_by_band{};
  std::array<double, kMaxAgeBands> lambda{};
  std::uint64_t ever = 0;
  std::uint64_t infectious = 0;
  std::int64_t aid = 0;
  std::uint64_t aid_given = 0, home_used = 0, packs = 0;
  DistrictDay day;
  std::vector<CareVisit> visits;
  std::vector<Call120> calls;
  std::vector<HospitalCase> cases;
  std::vector<IsolationStay> isolations;
  std::vector<ObservationStay> observations;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> staff_ill;  // (person, days absent)
  std::uint32_t index = 0;
  engine::SplitMix64 rng{0};
};

CityEpidemic::CityEpidemic(const CityEpidemicParams& p, std::vector<FacilitySite> facilities,
                           std::uint64_t seed, std::uint64_t rep, int threads)
    : p_(p),
      facilities_(std::move(facilities)),
      pop_(p, facilities_, engine::RngStreams(seed, rep).seed_for("epi/population"), threads),
      mixing_(p, pop_, engine::RngStreams(seed, rep).seed_for("epi/commute")),
      threads_(threads) {
  if (!(p.step_days > 0) || std::abs(1.0 / p.step_days - std::round(1.0 / p.step_days)) > 1e-9)
    throw std::invalid_argument("epidemic: step_days must divide a day (1, 0.5, 0.25, ...)");
  if (p.days < 1) throw std::invalid_argument("epidemic: days must be >= 1");
  if (p.drug_need_share.size() > 32) throw std::invalid_argument("epidemic: at most 32 drugs");
  steps_per_day_ = static_cast<int>(std::lround(1.0 / p.step_days));
  const engine::RngStreams streams(seed, rep);
  const std::size_t bands = p.bands.size();
  grids_.resize(pop_.grids.size());
  grid_seed_.resize(grids_.size());
  state_.assign(pop_.size(), kSusceptible);
  path_.assign(pop_.size(), 0);
  next_step_.assign(pop_.size(), 0);
  // Severity factors are normalised per band so that the band's averages hold as generated.
  // Per-grid sums are added up in grid order, so the result does not depend on the threads.
  std::vector<std::array<double, kMaxAgeBands>> grid_factor(grids_.size());
  oneapi::tbb::task_arena arena(threads > 0 ? threads : oneapi::tbb::info::default_concurrency());
  arena.execute([&] {
    oneapi::tbb::parallel_for(std::uint32_t{0}, static_cast<std::uint32_t>(grids_.size()),
                              [&](std::uint32_t g) {
                                GridState& gs = grids_[g];
                                const Population::Grid& gr = pop_.grids[g];
                                for (std::uint32_t i = gr.first; i < gr.first + gr.size; ++i) {
                                  const std::uint8_t b = pop_.band(i);
                                  ++gs.s[b];
                                  if (!(pop_.flags[i] & kVaccinated)) ++gs.unvaccinated[b];
                                  if (pop_.flags[i] & kStaff) gs.staff.push_back(i);
                                  grid_factor[g][b] += severity_factor(i);
                                }
                              });
  });
  std::vector<double> factor_sum(bands, 0), n(bands, 0);
  for (std::uint32_t g = 0; g < grids_.size(); ++g) {
    GridState& gs = grids_[g];
    gs.index = g;
    grid_seed_[g] = streams.seed_for("epi/grid", g);
    gs.aid = static_cast<std::int64_t>(
        std::floor(p.care.mutual_aid_courses_per_person * static_cast<double>(pop_.grids[g].size)));
    aid_initial_ += static_cast<std::uint64_t>(gs.aid);
    for (std::size_t b = 0; b < bands; ++b) {
      factor_sum[b] += grid_factor[g][b];
      n[b] += gs.s[b];
    }
  }
  severity_norm_.resize(bands);
  for (std::size_t b = 0; b < bands; ++b) severity_norm_[b] = n[b] > 0 ? factor_sum[b] / n[b] : 1;
  // Where patients go: community clinics of their subdistrict (else of their district), hospitals'
  // clinics of their district (else anywhere). A subdistrict whose own clinics are all closed
  // that day goes to its district's open community clinics first.
  community_sites_.resize(pop_.subdistrict_district.size());
  district_community_sites_.resize(p.districts.size());
  hospital_sites_.resize(p.districts.size() + 1);  // last: the whole city
  for (std::uint32_t f = 0; f < facilities_.size(); ++f) {
    const FacilitySite& site = facilities_[f];
    if (site.hospital) {
      hospital_sites_[site.district].push_back(f);
      hospital_sites_.back().push_back(f);
      continue;
    }
    district_community_sites_[site.district].push_back(f);
    const std::uint32_t first = pop_.district_subdistrict_first[site.district];
    const std::uint32_t end = pop_.district_subdistrict_first[site.district + 1];
    for (std::uint32_t sd = first; sd < end; ++sd) {
      if (site.subdistrict < 0 || sd == first + static_cast<std::uint32_t>(site.subdistrict))
        community_sites_[sd].push_back(f);
    }
  }
  for (std::uint32_t sd = 0; sd < community_sites_.size(); ++sd) {
    if (!community_sites_[sd].empty()) continue;
    const std::uint32_t d = pop_.subdistrict_district[sd];
    for (std::uint32_t f = 0; f < facilities_.size(); ++f) {
      if (!facilities_[f].hospital && facilities_[f].district == d)
        community_sites_[sd].push_back(f);
    }
  }
  facility_open_.assign(facilities_.size(), 1);
  staff_absent_until_.assign(pop_.staff_facility.size(), 0);
  double total = 0;
  for (double w : p.care.hourly_weights) total += w;
  for (std::size_t h = 0; h < 24; ++h) {
    hourly_cdf_.push_back((hourly_cdf_.empty() ? 0 : hourly_cdf_.back()) +
                          (total > 0 ? p.care.hourly_weights[h] : 1.0));
  }
  rho_.assign(grids_.size() * bands, 0);
  pooled_.assign(grids_.size() * bands, 0);
  imports_seed_ = streams.seed_for("epi/imports");
  course_seed_ = streams.seed_for("epi/course");
  online_seed_ = streams.seed_for("epi/online");
  care_seed_ = streams.seed_for("epi/care");
  severe_care_seed_ = streams.seed_for("epi/care-severe");
  seed_initial();
}

CityEpidemic::~CityEpidemic() = default;

void CityEpidemic::set_facility_open(const std::vector<std::uint8_t>& open) {
  if (open.size() != facilities_.size())
    throw std::invalid_argument("epidemic: one open flag per facility expected");
  facility_open_ = open;
}

double CityEpidemic::severity_factor(std::uint32_t i) const {
  const KeyGroupParams& k = p_.key_groups;
  const std::uint8_t f = pop_.flags[i];
  double m = (f & kVaccinated) ? 1 - p_.history.vaccine_efficacy_severe : 1.0;
  if (f & kPregnant) m *= k.severity.pregnant;
  if (f & kDialysis) m *= k.severity.dialysis;
  if (f & kChemotherapy) m *= k.severity.chemotherapy;
  if (pop_.age[i] >= 65) m *= k.colour_severity[pop_.colour[i]];
  return m;
}

double CityEpidemic::severe_share(std::uint32_t i) const {
  const std::uint8_t b = pop_.band(i);
  const AgeBand& band = p_.bands[b];
  if (band.p_symptomatic <= 0 || severity_norm_[b] <= 0) return 0;
  return std::min(1.0, band.p_severe / band.p_symptomatic * severity_factor(i) / severity_norm_[b]);
}

// The durations of a severe course come from a stream of the person's own, so the epidemic and
// the hospitals see the same course however often it is looked up.
CityEpidemic::Course CityEpidemic::course_of(std::uint32_t i) const {
  engine::SplitMix64 rng(engine::mix64(course_seed_ ^ engine::mix64(i)));
  const NaturalHistory& h = p_.history;
  const AgeBand& band = p_.bands[pop_.band(i)];
  Course c;
  c.severe_days = h.severe_days.sample(rng) * band.ward_days / h.severe_days.mean();
  c.critical_onset_days = h.critical_onset_days.sample(rng);
  c.critical_days = h.critical_days.sample(rng) * band.icu_days / h.critical_days.mean();
  return c;
}

std::uint32_t CityEpidemic::steps_of(double days) const {
  const double steps = std::round(days / p_.step_days);
  return steps < 1 ? 1u : static_cast<std::uint32_t>(std::min(steps, 4.0e9));
}

// Places `count` infections uniformly among the susceptible people of people [lo, hi).
void CityEpidemic::seed_initial() {
  for (std::size_t d = 0; d < p_.districts.size(); ++d) {
    const std::uint32_t g0 = pop_.district_first[d], g1 = pop_.district_first[d + 1];
    const std::uint32_t lo = pop_.first_person(g0), hi = pop_.first_person(g1);
    const std::uint64_t count = std::min<std::uint64_t>(p_.districts[d].initial_infected, hi - lo);
    engine::SplitMix64 rng(engine::mix64(imports_seed_ ^ engine::mix64(d + 0x5eed)));
    for (std::uint64_t k = 0; k < count; ++k) {
      std::uint32_t i = 0;
      do {
        i = lo + static_cast<std::uint32_t>(engine::uniform_index(rng, hi - lo));
      } while (state_[i] != kSusceptible);
      const auto it =
          std::upper_bound(pop_.grids.begin() + g0, pop_.grids.begin() + g1, i,
                           [](std::uint32_t v, const Population::Grid& g) { return v < g.first; });
      GridState& gs = grids_[static_cast<std::size_t>(it - pop_.grids.begin()) - 1];
      gs.rng = engine::SplitMix64(rng());
      infect(gs, i, 0);
    }
  }
  for (GridState& gs : grids_) {
    gs.active.insert(gs.active.end(), gs.fresh.begin(), gs.fresh.end());
    gs.fresh.clear();
  }
}

void CityEpidemic::import_cases() {
  const auto& per_day = p_.seeding.imports_per_day;
  if (per_day.empty()) return;
  const double mean =
      per_day[std::min<std::size_t>(static_cast<std::size_t>(day_), per_day.size() - 1)];
  if (!(mean > 0)) return;
  engine::SplitMix64 rng(
      engine::mix64(imports_seed_ ^ engine::mix64(static_cast<std::uint64_t>(day_))));
  auto count = static_cast<std::uint64_t>(std::floor(mean));
  if (rng.uniform01() < mean - std::floor(mean)) ++count;
  std::vector<double> cdf;
  double total = 0;
  for (const DistrictSpec& d : p_.districts) {
    cdf.push_back(total +=
                  d.import_weight >= 0 ? d.import_weight : static_cast<double>(d.population));
  }
  if (!(total > 0)) return;
  const int step = day_ * steps_per_day_;
  for (std::uint64_t k = 0; k < count; ++k) {
    const double u = rng.uniform01() * total;
    std::size_t d = 0;
    while (d + 1 < cdf.size() && cdf[d] <= u) ++d;
    const std::uint32_t g0 = pop_.district_first[d], g1 = pop_.district_first[d + 1];
    const std::uint32_t lo = pop_.first_person(g0), hi = pop_.first_person(g1);
    if (hi <= lo) continue;
    for (int tries = 0; tries < 1000; ++tries) {  // nobody susceptible left: no import
      const auto i = lo + static_cast<std::uint32_t>(engine::uniform_index(rng, hi - lo));
      if (state_[i] != kSusceptible) continue;
      const auto it =
          std::upper_bound(pop_.grids.begin() + g0, pop_.grids.begin() + g1, i,
                           [](std::uint32_t v, const Population::Grid& g) { return v < g.first; });
      GridState& gs = grids_[static_cast<std::size_t>(it - pop_.grids.begin()) - 1];
      gs.rng = engine::SplitMix64(rng());
      infect(gs, i, step);
      ++gs.day.imported;
      gs.active.insert(gs.active.end(), gs.fresh.begin(), gs.fresh.end());
      gs.fresh.clear();
      break;
    }
  }
}

void CityEpidemic::infect(GridState& gs, std::uint32_t i, int step) {
  const std::uint8_t b = pop_.band(i);
  --gs.s[b];
  ++gs.ever;
  ++gs.ever_by_band[b];
  ++gs.day.new_infections;
  path_[i] = static_cast<std::uint8_t>(
      gs.rng.uniform01() < p_.bands[b].p_symptomatic ? Path::kSymptomatic : Path::kAsymptomatic);
  gs.fresh.push_back(i);
  const double latent = p_.history.latent_days.sample(gs.rng);
  if (latent <= 0) {
    enter_infectious(gs, i, step);
    return;
  }
  state_[i] = kExposed;
  next_step_[i] = static_cast<std::uint32_t>(step) + steps_of(latent);
}

void CityEpidemic::enter_infectious(GridState& gs, std::uint32_t i, int step) {
  const std::uint8_t b = pop_.band(i);
  ++gs.infectious;
  if (path_[i] == static_cast<std::uint8_t>(Path::kAsymptomatic)) {
    state_[i] = kAsymptomatic;
    count_infectious(i, gs.asym[b]);
    next_step_[i] =
        static_cast<std::uint32_t>(step) + steps_of(p_.history.asymptomatic_days.sample(gs.rng));
    return;
  }
  const double pre = p_.history.presymptomatic_days.sample(gs.rng);
  if (pre <= 0) {
    onset(gs, i, step);
    return;
  }
  state_[i] = kPresymptomatic;
  count_infectious(i, gs.pre[b]);
  next_step_[i] = static_cast<std::uint32_t>(step) + steps_of(pre);
}

void CityEpidemic::onset(GridState& gs, std::uint32_t i, int step) {
  const std::uint8_t b = pop_.band(i);
  const AgeBand& band = p_.bands[b];
  state_[i] = kSymptomatic;
  ++gs.day.onsets;
  double q = severe_share(i);
  if (pop_.key_group(i) && controls_.antiviral_share > 0 &&
      gs.rng.uniform01() < controls_.antiviral_share) {
    pop_.flags[i] |= kAntiviral;
    q *= 1 - p_.history.antiviral_efficacy;
  }
  Path path = Path::kMild;
  if (gs.rng.uniform01() < q) {
    path = gs.rng.uniform01() < band.icu_share ? Path::kCritical : Path::kSevere;
    if (band.p_severe > 0 && gs.rng.uniform01() < band.p_fatal / band.p_severe)
      pop_.flags[i] |= kFatal;
  } else if (gs.rng.uniform01() < p_.history.moderate_share) {
    path = Path::kModerate;
  }
  path_[i] = static_cast<std::uint8_t>(path);
  // A quarantined contact who falls ill is a known case: isolated like the others.
  if (quarantined(i) ||
      (controls_.isolation_share > 0 && gs.rng.uniform01() < controls_.isolation_share)) {
    pop_.flags[i] |= kIsolated;
    if (controls_.quarantine_share > 0 && gs.rng.uniform01() < controls_.quarantine_share)
      trace_contacts(gs, i);
    if (controls_.centralised_isolation) {
      gs.isolations.push_back({(step - 1 + gs.rng.uniform01()) * p_.step_days * 1440.0,
                               pop_.grids[gs.index].district,
                               p_.history.centralised_isolation_days.sample(gs.rng)});
    }
  } else {
    ++gs.sym[b];
  }
  if ((pop_.flags[i] & kStaff) && gs.rng.uniform01() < p_.staff.absent_share) {
    const double days = std::max(1.0, std::round(p_.staff.absent_days.sample(gs.rng)));
    gs.staff_ill.emplace_back(i, static_cast<std::uint32_t>(std::min(days, 1e6)));
  }
  const double symptomatic_days = p_.history.symptomatic_infectious_days.sample(gs.rng);
  next_step_[i] = static_cast<std::uint32_t>(step) + steps_of(symptomatic_days);
  if (pop_.flags[i] & kIsolated) {
    isolation_needs(gs, i, step,
                    controls_.centralised_isolation ? gs.isolations.back().days : symptomatic_days);
  }
  // The severe path starts like a moderate illness; it worsens later.
  seek_care(gs, i, step, path == Path::kMild ? Path::kMild : Path::kModerate);
}

void CityEpidemic::transition(GridState& gs, std::uint32_t i, int step) {
  const std::uint8_t b = pop_.band(i);
  const auto path = static_cast<Path>(path_[i]);
  const NaturalHistory& h = p_.history;
  auto finish = [&] {
    if ((pop_.flags[i] & kFatal) && !p_.outcomes_in_hospital) {
      state_[i] = kDead;
      ++gs.day.deaths;
    } else {
      state_[i] = kRecovered;
    }
  };
  switch (state_[i]) {
    case kExposed:
      enter_infectious(gs, i, step);
      break;
    case kPresymptomatic:
      uncount_infectious(i, gs.pre[b]);
      onset(gs, i, step);  // still infectious, now symptomatic
      break;
    case kAsymptomatic:
      uncount_infectious(i, gs.asym[b]);
      --gs.infectious;
      state_[i] = kRecovered;
      break;
    case kSymptomatic:
      if (pop_.flags[i] & kIsolated) {
        pop_.flags[i] &= static_cast<std::uint8_t>(~kIsolated);
      } else {
        --gs.sym[b];
      }
      --gs.infectious;
      if (path == Path::kSevere || path == Path::kCritical) {
        state_[i] = kIll;
        next_step_[i] =
            static_cast<std::uint32_t>(step) + steps_of(h.severe_onset_days.sample(gs.rng));
      } else {
        state_[i] = kRecovered;
        if (path == Path::kModerate && p_.care.observation_share > 0 && pop_.age[i] >= 65 &&
            pop_.colour[i] > 0 && gs.rng.uniform01() < p_.care.observation_share) {
          gs.observations.push_back({(step - 1 + gs.rng.uniform01()) * p_.step_days * 1440.0,
                                     pop_.grids[gs.index].district, pop_.age[i],
                                     h.observation_days.sample(gs.rng)});
        }
      }
      break;
    case kIll: {
      state_[i] = kSevere;
      ++gs.day.severe;
      // From a stream of the person's own: which clinics are open changes only where they go.
      engine::SplitMix64 care(engine::mix64(severe_care_seed_ ^ engine::mix64(i)));
      const bool by_120 = care.uniform01() < p_.care.call_120_share_severe;
      if (by_120) {
        call(gs, care, i, step, CallReason::kSevere);
      } else {
        visit(gs, care, i, step, true, true);
      }
      // The course in hospital, handed over whole (see course()).
      const Course course = course_of(i);
      const bool critical = path == Path::kCritical;
      gs.cases.push_back({(step - 1 + gs.rng.uniform01()) * p_.step_days * 1440.0, i, gs.index,
                          pop_.grids[gs.index].district, pop_.age[i], pop_.comorbid(i),
                          course.severe_days, critical ? course.critical_days : 0.0,
                          critical ? course.critical_onset_days : 0.0,
                          !critical && (pop_.flags[i] & kFatal), by_120});
      next_step_[i] = static_cast<std::uint32_t>(step) +
                      steps_of(critical ? course.critical_onset_days : course.severe_days);
      break;
    }
    case kSevere:
      if (path == Path::kCritical) {
        state_[i] = kCritical;
        ++gs.day.critical;
        if (gs.rng.uniform01() < p_.care.call_120_share_critical)
          call(gs, gs.rng, i, step, CallReason::kCritical);
        next_step_[i] = static_cast<std::uint32_t>(step) + steps_of(course_of(i).critical_days);
      } else {
        finish();
      }
      break;
    case kCritical:
      finish();
      break;
    default:
      break;
  }
}

void CityEpidemic::seek_care(GridState& gs, std::uint32_t i, int step, Path path) {
  const CareSeekingParams& c = p_.care;
  // What people do about their illness comes from a stream of their own, so that a policy that
  // changes one person's path (a course at home, a clinic opened) leaves the others' draws alone.
  engine::SplitMix64 rng(engine::mix64(care_seed_ ^ engine::mix64(i)));
  const bool key = pop_.key_group(i);
  const double mult = (key ? c.key_group_multiplier : 1.0) * p_.bands[pop_.band(i)].care_multiplier;
  const bool moderate = path == Path::kModerate;
  const double p120 =
      std::min(1.0, mult * (moderate ? c.call_120_share_moderate : c.call_120_share_mild));
  const double pclinic =
      std::min(1.0 - p120, mult * (moderate ? c.clinic_share_moderate : c.clinic_share_mild));
  const double diag = moderate ? c.diagnostics_share_moderate : c.diagnostics_share_mild;
  const double u = rng.uniform01();
  if (u < p120) {
    call(gs, rng, i, step, moderate ? CallReason::kModerate : CallReason::kMild);
    return;
  }
  // From a stream of its own: offering consults online leaves every other draw alone.
  const auto online = [&] {
    if (!(controls_.online_share > 0)) return false;
    engine::SplitMix64 offer(engine::mix64(online_seed_ ^ engine::mix64(i)));
    return offer.uniform01() < controls_.online_share;
  };
  if (u < p120 + pclinic) {
    const bool hospital = rng.uniform01() < c.hospital_clinic_share;
    const bool tests = rng.uniform01() < diag;
    visit(gs, rng, i, step, hospital, tests, online());
    return;
  }
  if (rng.uniform01() < c.phone_consult_share) ++gs.day.phone_consults;
  std::uint8_t& home = pop_.home_courses[pop_.household_first(i)];
  if (home > 0) {
    --home;
    ++gs.home_used;
    ++gs.day.self_care;
  } else if (controls_.mutual_aid && gs.aid > 0) {
    --gs.aid;
    ++gs.aid_given;
    ++gs.day.mutual_aid;
  } else {
    ++gs.day.no_medicine;
    if (rng.uniform01() < c.clinic_share_without_medicine) {
      const bool hospital = rng.uniform01() < c.hospital_clinic_share;
      const bool tests = rng.uniform01() < diag;
      visit(gs, rng, i, step, hospital, tests, online());
    }
  }
}

void CityEpidemic::visit(GridState& gs, engine::SplitMix64& rng, std::uint32_t i, int step,
                         bool hospital, bool diagnostics, bool online_offered) {
  const Population::Grid& gr = pop_.grids[gs.index];
  ++gs.day.clinic_visits;
  // The chosen kind of clinic nearby, the first open one from a random start; else a hospital's.
  auto pick = [&](const std::vector<std::uint32_t>& sites) -> std::int64_t {
    if (sites.empty()) return -1;
    const std::size_t start = engine::uniform_index(rng, sites.size());
    for (std::size_t k = 0; k < sites.size(); ++k) {
      const std::uint32_t f = sites[(start + k) % sites.size()];
      if (facility_open_[f]) return f;
    }
    return -1;
  };
  std::int64_t f = hospital ? -1 : pick(community_sites_[gr.subdistrict]);
  if (f < 0 && !hospital) f = pick(district_community_sites_[gr.district]);
  if (f < 0) f = pick(hospital_sites_[gr.district]);
  if (f < 0) f = pick(hospital_sites_.back());
  const double delay = std::max(0.0, p_.care.visit_delay_days.sample(rng));
  const double when = (step - 1 + rng.uniform01()) * p_.step_days + delay;
  const double day = std::floor(when);
  const double hour_u = rng.uniform01() * hourly_cdf_.back();
  const auto hour = static_cast<std::size_t>(
      std::upper_bound(hourly_cdf_.begin(), hourly_cdf_.end(), hour_u) - hourly_cdf_.begin());
  const double minute = day * kMinutesPerDay +
                        static_cast<double>(std::min<std::size_t>(hour, 23)) * 60 +
                        rng.uniform01() * 60;
  std::uint32_t drugs = 0;
  for (std::size_t d = 0; d < p_.drug_need_share.size(); ++d) {
    if (rng.uniform01() < p_.drug_need_share[d]) drugs |= 1u << d;
  }
  if (f < 0 || minute >= p_.days * kMinutesPerDay) return;  // nowhere to go, or after the run
  gs.visits.push_back({minute, static_cast<std::uint32_t>(f), gr.district, pop_.key_group(i),
                       diagnostics, drugs, online_offered});
}

// An isolated person in a key group cannot travel to treatment by the usual means: each day of
// isolation brings a 120 call with the group's daily rate.
void CityEpidemic::isolation_needs(GridState& gs, std::uint32_t i, int step, double days) {
  const PerKeyGroup& c = p_.care.isolation_calls_per_day;
  const std::uint8_t f = pop_.flags[i];
  const double rate = ((f & kDialysis) ? c.dialysis : 0.0) +
                      ((f & kChemotherapy) ? c.chemotherapy : 0.0) +
                      ((f & kPregnant) ? c.pregnant : 0.0);
  if (!(rate > 0)) return;
  const double start = (step - 1) * p_.step_days * kMinutesPerDay;
  const Population::Grid& gr = pop_.grids[gs.index];
  for (double day = 0; day < days; ++day) {
    if (gs.rng.uniform01() >= std::min(1.0, rate)) continue;
    const double minute =
        start + (day + gs.rng.uniform01() * std::min(1.0, days - day)) * kMinutesPerDay;
    ++gs.day.calls_120;
    gs.calls.push_back({minute, i, gs.index, gr.district, CallReason::kIsolationNeed, true});
  }
}

void CityEpidemic::call(GridState& gs, engine::SplitMix64& rng, std::uint32_t i, int step,
                        CallReason why) {
  const Population::Grid& gr = pop_.grids[gs.index];
  ++gs.day.calls_120;
  const double minute = (step - 1 + rng.uniform01()) * p_.step_days * kMinutesPerDay;
  gs.calls.push_back({minute, i, gs.index, gr.district, why, pop_.key_group(i)});
}

void CityEpidemic::vaccinate(GridState& gs, int /*step*/) {
  const auto& rate = controls_.vaccination_per_day;
  for (std::size_t b = 0; b < rate.size() && b < p_.bands.size(); ++b) {
    if (!(rate[b] > 0) || gs.unvaccinated[b] == 0) continue;
    const std::uint64_t n = binomial(gs.unvaccinated[b], std::min(1.0, rate[b]), gs.rng);
    const std::uint32_t first = pop_.by_age_first[gs.index * p_.bands.size() + b];
    const std::uint32_t size = pop_.members(gs.index, b);
    for (std::uint64_t k = 0; k < n; ++k) {
      for (;;) {
        const std::uint32_t i = pop_.by_age[first + engine::uniform_index(gs.rng, size)];
        if (pop_.flags[i] & kVaccinated) continue;
        pop_.flags[i] |= kVaccinated;
        --gs.unvaccinated[b];
        break;
      }
    }
  }
}

void CityEpidemic::compute_forces() {
  const std::size_t bands = p_.bands.size();
  const NaturalHistory& h = p_.history;
  const std::size_t nsub = pop_.subdistrict_district.size(), ndist = p_.districts.size();
  std::vector<double> w_sub(nsub * bands, 0), n_sub(nsub * bands, 0);
  std::vector<double> w_dist(ndist * bands, 0), n_dist(ndist * bands, 0);
  std::vector<double> w_city(bands, 0), n_city(bands, 0);
  for (std::uint32_t g = 0; g < grids_.size(); ++g) {
    const GridState& gs = grids_[g];
    const Population::Grid& gr = pop_.grids[g];
    for (std::size_t b = 0; b < bands; ++b) {
      const double w = h.presymptomatic_infectiousness * gs.pre[b] +
                       h.asymptomatic_infectiousness * gs.asym[b] + gs.sym[b];
      const double n = pop_.members(g, b);
      rho_[g * bands + b] = n > 0 ? w / n : 0.0;
      w_sub[gr.subdistrict * bands + b] += w;
      n_sub[gr.subdistrict * bands + b] += n;
      w_dist[gr.district * bands + b] += w;
      n_dist[gr.district * bands + b] += n;
      w_city[b] += w;
      n_city[b] += n;
    }
  }
  const auto& m = controls_.contact_multiplier;
  const auto& sh = p_.mixing.setting_share;
  auto ratio = [](double w, double n) { return n > 0 ? w / n : 0.0; };
  for (std::uint32_t g = 0; g < grids_.size(); ++g) {
    const Population::Grid& gr = pop_.grids[g];
    std::array<double, kMaxAgeBands> commute{};
    double links = 0;
    const CommuteGraph& graph = mixing_.commute;
    for (auto e : boost::make_iterator_range(
             boost::out_edges(static_cast<CommuteGraph::vertex_descriptor>(g), graph))) {
      const auto target = boost::target(e, graph);
      const double share = graph[e].share;
      links += share;
      for (std::size_t b = 0; b < bands; ++b) commute[b] += share * rho_[target * bands + b];
    }
    for (std::size_t b = 0; b < bands; ++b) {
      // With no commuting links, commuting contacts stay in the grid.
      const double rc = links > 0 ? commute[b] : rho_[g * bands + b];
      pooled_[g * bands + b] =
          m[kGrid] * sh[kGrid] * rho_[g * bands + b] +
          m[kSubdistrict] * sh[kSubdistrict] *
              ratio(w_sub[gr.subdistrict * bands + b], n_sub[gr.subdistrict * bands + b]) +
          m[kDistrict] * sh[kDistrict] *
              ratio(w_dist[gr.district * bands + b], n_dist[gr.district * bands + b]) +
          m[kCommute] * sh[kCommute] * rc + m[kCity] * sh[kCity] * ratio(w_city[b], n_city[b]);
    }
  }
}

void CityEpidemic::advance(std::uint32_t g, int step) {
  GridState& gs = grids_[g];
  const std::size_t bands = p_.bands.size();
  gs.rng = engine::SplitMix64(
      engine::mix64(grid_seed_[g] ^ engine::mix64(static_cast<std::uint64_t>(step))));
  if ((step - 1) % steps_per_day_ == 0 && !controls_.vaccination_per_day.empty())
    vaccinate(gs, step);
  for (std::size_t a = 0; a < bands; ++a) {
    double x = 0;
    for (std::size_t b = 0; b < bands; ++b) {
      x += mixing_.community(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) *
           pooled_[g * bands + b];
    }
    gs.lambda[a] = mixing_.beta * p_.bands[a].susceptibility * x;
  }
  const double ve = p_.history.vaccine_efficacy_infection;
  // Households (from the infectious at the start of the step), then progression.
  const std::size_t n0 = gs.active.size();
  std::size_t kept = 0;
  for (std::size_t k = 0; k < n0; ++k) {
    const std::uint32_t i = gs.active[k];
    const std::uint8_t st = state_[i];
    if (is_infectious(st) && pop_.hh_size[i] > 1 &&
        !(st == kSymptomatic && (pop_.flags[i] & kIsolated) && controls_.centralised_isolation)) {
      const std::size_t type = st == kPresymptomatic ? 0 : st == kAsymptomatic ? 1 : 2;
      const std::uint32_t first = pop_.household_first(i);
      for (std::uint32_t j = first; j < first + pop_.hh_size[i]; ++j) {
        if (state_[j] != kSusceptible) continue;
        double pj = home_p_[type][pop_.band(j)];
        if (ve > 0 && (pop_.flags[j] & kVaccinated)) pj = -std::expm1((1 - ve) * std::log1p(-pj));
        if (gs.rng.uniform01() < pj) infect(gs, j, step);
      }
    }
    if (next_step_[i] <= static_cast<std::uint32_t>(step)) transition(gs, i, step);
    if (state_[i] != kRecovered && state_[i] != kDead) gs.active[kept++] = i;
  }
  gs.active.resize(kept);
  // The community: Binomial(S_b, p_b) infections among the band's susceptibles, chosen uniformly
  // (by rejection among the band's members), thinned by vaccine protection.
  for (std::size_t b = 0; b < bands; ++b) {
    if (gs.s[b] == 0 || !(gs.lambda[b] > 0)) continue;
    const std::uint64_t n = binomial(gs.s[b], -std::expm1(-gs.lambda[b] * p_.step_days), gs.rng);
    const std::uint32_t first = pop_.by_age_first[g * bands + b];
    const std::uint32_t size = pop_.members(g, b);
    for (std::uint64_t k = 0; k < n; ++k) {
      std::uint32_t i = 0;
      do {
        i = pop_.by_age[first + engine::uniform_index(gs.rng, size)];
      } while (state_[i] != kSusceptible);
      if (ve > 0 && (pop_.flags[i] & kVaccinated) && gs.rng.uniform01() < ve) continue;
      if (quarantined(i)) continue;  // met nobody outside the household
      infect(gs, i, step);
    }
  }
  // Staff meet patients at work: extra exposure on top of the community's.
  const double extra = p_.staff.exposure_multiplier - 1;
  if (extra > 0) {
    for (std::uint32_t i : gs.staff) {
      if (state_[i] != kSusceptible || quarantined(i)) continue;
      const double lam = extra * gs.lambda[pop_.band(i)];
      if (lam > 0 && gs.rng.uniform01() < -std::expm1(-lam * p_.step_days)) infect(gs, i, step);
    }
  }
  gs.active.insert(gs.active.end(), gs.fresh.begin(), gs.fresh.end());
  gs.fresh.clear();
}

DayReport CityEpidemic::step_day() {
  controls_ = p_.controls.on(day_);  // the levers as they stand today, policies included
  const std::size_t bands = p_.bands.size();
  const NaturalHistory& h = p_.history;
  const double home =
      mixing_.beta * p_.mixing.home_contact_weight * controls_.contact_multiplier[kHome];
  const std::array<double, 3> infectiousness = {h.presymptomatic_infectiousness,
                                                h.asymptomatic_infectiousness, 1.0};
  for (std::size_t t = 0; t < 3; ++t) {
    for (std::size_t b = 0; b < bands; ++b) {
      home_p_[t][b] =
          -std::expm1(-home * infectiousness[t] * p_.bands[b].susceptibility * p_.step_days);
    }
  }
  if (controls_.quarantine_share > 0 && quarantine_.empty()) quarantine_.assign(pop_.size(), 0);
  if (controls_.health_packs_per_day > 0) deliver_health_packs();
  import_cases();
  oneapi::tbb::task_arena arena(threads_ > 0 ? threads_ : oneapi::tbb::info::default_concurrency());
  for (int k = 1; k <= steps_per_day_; ++k) {
    const int step = day_ * steps_per_day_ + k;
    compute_forces();
    arena.execute([&] {
      oneapi::tbb::parallel_for(std::uint32_t{0}, static_cast<std::uint32_t>(grids_.size()),
                                [&](std::uint32_t g) { advance(g, step); });
    });
  }
  DayReport r;
  r.day = day_;
  r.districts.resize(p_.districts.size());
  for (GridState& gs : grids_) {
    gs.day.infectious = gs.infectious;
    r.districts[pop_.grids[gs.index].district].add(gs.day);
    gs.day = DistrictDay{};
    r.visits.insert(r.visits.end(), gs.visits.begin(), gs.visits.end());
    gs.visits.clear();
    r.calls.insert(r.calls.end(), gs.calls.begin(), gs.calls.end());
    gs.calls.clear();
    r.cases.insert(r.cases.end(), gs.cases.begin(), gs.cases.end());
    gs.cases.clear();
    r.isolations.insert(r.isolations.end(), gs.isolations.begin(), gs.isolations.end());
    gs.isolations.clear();
    r.observations.insert(r.observations.end(), gs.observations.begin(), gs.observations.end());
    gs.observations.clear();
    for (const auto& [person, days] : gs.staff_ill) {
      auto& until = staff_absent_until_[static_cast<std::size_t>(pop_.staff_index(person))];
      until = std::max<std::int32_t>(until, day_ + 1 + static_cast<std::int32_t>(days));
    }
    gs.staff_ill.clear();
  }
  std::stable_sort(r.visits.begin(), r.visits.end(),
                   [](const CareVisit& a, const CareVisit& b) { return a.minute < b.minute; });
  allocate_online(r);
  std::stable_sort(
      r.cases.begin(), r.cases.end(),
      [](const HospitalCase& a, const HospitalCase& b) { return a.minute < b.minute; });
  std::stable_sort(
      r.isolations.begin(), r.isolations.end(),
      [](const IsolationStay& a, const IsolationStay& b) { return a.minute < b.minute; });
  std::stable_sort(
      r.observations.begin(), r.observations.end(),
      [](const ObservationStay& a, const ObservationStay& b) { return a.minute < b.minute; });
  std::stable_sort(r.calls.begin(), r.calls.end(),
                   [](const Call120& a, const Call120& b) { return a.minute < b.minute; });
  r.staff_absent_next_day.assign(facilities_.size(), 0);
  for (std::size_t k = 0; k < pop_.staff_facility.size(); ++k) {
    if (staff_absent_until_[k] > day_ + 1) ++r.staff_absent_next_day[pop_.staff_facility[k].second];
  }
  ++day_;
  return r;
}

std::array<std::uint64_t, kStateCount> CityEpidemic::state_counts() const {
  std::array<std::uint64_t, kStateCount> c{};
  for (std::uint8_t s : state_) ++c[s];
  return c;
}

std::vector<std::uint64_t> CityEpidemic::infected_by_grid() const {
  std::vector<std::uint64_t> v;
  for (const GridState& gs : grids_) v.push_back(gs.ever);
  return v;
}

std::vector<std::uint64_t> CityEpidemic::infected_by_band() const {
  std::vector<std::uint64_t> v(p_.bands.size(), 0);
  for (const GridState& gs : grids_) {
    for (std::size_t b = 0; b < v.size(); ++b) v[b] += gs.ever_by_band[b];
  }
  return v;
}

CityEpidemic::MedicineLedger CityEpidemic::medicine() const {
  MedicineLedger m;
  m.home_initial = pop_.home_courses_initial;
  m.aid_initial = aid_initial_;
  for (const GridState& gs : grids_) {
    m.packs_delivered += gs.packs;
    m.home_used += gs.home_used;
    m.aid_given += gs.aid_given;
    m.aid_left += static_cast<std::uint64_t>(gs.aid);
  }
  for (std::uint32_t i = 0; i < pop_.size(); ++i) {
    if (pop_.hh_offset[i] == 0) m.home_left += pop_.home_courses[i];
  }
  return m;
}

}  // namespace surgesim::epi

namespace surgesim::epi {

void CityEpidemic::allocate_online(DayReport& r) const {
  r.online_tablets = controls_.online_tablets;
  std::int64_t taken = 0;
  for (CareVisit& v : r.visits) {
    if (!v.online) continue;
    if (controls_.online_per_day >= 0 && taken >= controls_.online_per_day) {
      v.online = false;  // the remote service is full today: in person
      continue;
    }
    ++taken;
    ++r.districts[v.district].online_consults;
  }
}

// A household's priority for a pack: 3 for a pregnant, dialysis or chemotherapy member or a red
// 65+, 2 for a yellow 65+, 1 for a green 65+ (living alone or not), 0 for nobody in a key group.
// Each grid's list holds priority 3 first, then 2, then 1; pack_tier_end_ marks where each ends.
void CityEpidemic::build_pack_households() {
  pack_households_.resize(grids_.size());
  pack_tier_end_.resize(grids_.size());
  packs_given_.assign(grids_.size(), 0);
  oneapi::tbb::task_arena arena(threads_ > 0 ? threads_ : oneapi::tbb::info::default_concurrency());
  arena.execute([&] {
    oneapi::tbb::parallel_for(
        std::uint32_t{0}, static_cast<std::uint32_t>(grids_.size()), [&](std::uint32_t g) {
          const Population::Grid& gr = pop_.grids[g];
          std::array<std::vector<std::uint32_t>, 3> by_priority;
          for (std::uint32_t h = gr.first; h < gr.first + gr.size; h += pop_.hh_size[h]) {
            int priority = 0;
            for (std::uint32_t j = h; j < h + pop_.hh_size[h]; ++j) {
              if (!pop_.key_group(j)) continue;
              const bool condition = pop_.flags[j] & (kPregnant | kDialysis | kChemotherapy);
              priority = std::max(priority, condition           ? 3
                                            : pop_.age[j] >= 65 ? pop_.colour[j] + 1
                                                                : 1);
            }
            if (priority > 0) by_priority[static_cast<std::size_t>(3 - priority)].push_back(h);
          }
          for (std::size_t t = 0; t < 3; ++t) {
            pack_households_[g].insert(pack_households_[g].end(), by_priority[t].begin(),
                                       by_priority[t].end());
            pack_tier_end_[g][t] = static_cast<std::uint32_t>(pack_households_[g].size());
          }
        });
  });
}

// The day's packs go red first across the whole city, then yellow, then green: within a tier
// they are shared over the grids by the households each has left in it (largest remainders, ties
// to the lower grid), so the result does not depend on the threads.
void CityEpidemic::deliver_health_packs() {
  if (pack_households_.empty()) build_pack_households();
  auto left_today = static_cast<std::uint64_t>(controls_.health_packs_per_day);
  for (std::size_t tier = 0; tier < 3 && left_today > 0; ++tier) {
    std::vector<std::uint64_t> rest_in_tier(grids_.size(), 0);
    std::uint64_t left = 0;
    for (std::size_t g = 0; g < grids_.size(); ++g) {
      const std::uint32_t start = tier == 0 ? 0 : pack_tier_end_[g][tier - 1];
      const std::uint32_t from = std::max(packs_given_[g], start), end = pack_tier_end_[g][tier];
      rest_in_tier[g] = from < end ? end - from : 0;
      left += rest_in_tier[g];
    }
    const std::uint64_t n = std::min(left, left_today);
    if (n == 0) continue;
    left_today -= n;
    std::vector<std::uint64_t> quota(grids_.size());
    std::vector<std::pair<std::uint64_t, std::uint32_t>> rest;  // (remainder numerator, grid)
    std::uint64_t given = 0;
    for (std::uint32_t g = 0; g < grids_.size(); ++g) {
      const std::uint64_t x = n * rest_in_tier[g];  // both below 2^32 (people are 32-bit numbers)
      quota[g] = x / left;
      given += quota[g];
      if (rest_in_tier[g] > quota[g]) rest.emplace_back(x % left, g);
    }
    std::stable_sort(rest.begin(), rest.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; given < n && k < rest.size(); ++k, ++given) ++quota[rest[k].second];
    for (std::uint32_t g = 0; g < grids_.size(); ++g) {
      GridState& gs = grids_[g];
      for (std::uint64_t k = 0; k < quota[g]; ++k) {
        std::uint8_t& courses = pop_.home_courses[pack_households_[g][packs_given_[g]++]];
        if (courses < 255) {
          ++courses;
          ++gs.packs;
          ++gs.day.health_packs;
        }
      }
    }
  }
}

bool CityEpidemic::quarantined(std::uint32_t i) const {
  return !quarantine_.empty() && (quarantine_[i] & ~kHidden) > day_;
}

void CityEpidemic::quarantine(GridState& gs, std::uint32_t j) {
  const auto until = static_cast<std::uint16_t>(
      std::min<std::int64_t>(day_ + 1 + controls_.quarantine_days, kHidden - 1));
  std::uint16_t& q = quarantine_[j];
  if ((q & ~kHidden) <= day_) ++gs.day.quarantined;
  q = static_cast<std::uint16_t>((q & kHidden) | std::max<std::uint16_t>(q & ~kHidden, until));
  // Already infectious without symptoms: out of the community pools from now on.
  const std::uint8_t b = pop_.band(j);
  if (state_[j] == kPresymptomatic && !(q & kHidden)) {
    --gs.pre[b];
    q |= kHidden;
  } else if (state_[j] == kAsymptomatic && !(q & kHidden)) {
    --gs.asym[b];
    q |= kHidden;
  }
}

// Traced contacts of an isolated case: the household, and `quarantine_contacts` people of the
// grid drawn at random (neighbours, workmates; the model has no finer network).
void CityEpidemic::trace_contacts(GridState& gs, std::uint32_t i) {
  const std::uint32_t first = pop_.household_first(i);
  for (std::uint32_t j = first; j < first + pop_.hh_size[i]; ++j) {
    if (j != i) quarantine(gs, j);
  }
  const Population::Grid& gr = pop_.grids[gs.index];
  for (std::int64_t k = 0; k < controls_.quarantine_contacts && gr.size > 1; ++k) {
    const auto j = gr.first + static_cast<std::uint32_t>(engine::uniform_index(gs.rng, gr.size));
    if (j != i) quarantine(gs, j);
  }
}

void CityEpidemic::count_infectious(std::uint32_t i, std::uint32_t& counter) {
  if (quarantined(i)) {
    quarantine_[i] |= kHidden;
  } else {
    ++counter;
  }
}

void CityEpidemic::uncount_infectious(std::uint32_t i, std::uint32_t& counter) {
  if (!quarantine_.empty() && (quarantine_[i] & kHidden)) {
    quarantine_[i] &= static_cast<std::uint16_t>(~kHidden);
  } else {
    --counter;
  }
}

}  // namespace surgesim::epi
