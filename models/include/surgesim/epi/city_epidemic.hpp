#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "surgesim/engine/split_mix.hpp"
#include "surgesim/epi/city_params.hpp"
#include "surgesim/epi/mixing.hpp"
#include "surgesim/epi/population.hpp"

namespace surgesim::epi {

/// Infection states. Infectious: presymptomatic, asymptomatic, symptomatic. After the infectious
/// period the severe path goes on: ill (waiting to worsen), severe, critical.
enum State : std::uint8_t {
  kSusceptible = 0,
  kExposed,
  kPresymptomatic,
  kAsymptomatic,
  kSymptomatic,
  kIll,
  kSevere,
  kCritical,
  kRecovered,
  kDead,
  kStateCount
};

/// Severity path of a case, decided at infection (asymptomatic or not) and at onset (the rest).
enum class Path : std::uint8_t {
  kAsymptomatic,
  kSymptomatic,
  kMild,
  kModerate,
  kSevere,
  kCritical
};

/// A visit to a facility that the epidemic generates (the run layer feeds it to the clinic).
struct CareVisit {
  double minute = 0;  ///< from day 0, 00:00
  std::uint32_t facility = 0;
  std::uint32_t district = 0;
  bool key_group = false;
  bool needs_diagnostics = false;
  std::uint32_t needs_drugs = 0;  ///< bit d: drug class d
  /// Consulted online instead (EpidemicControls::online_share, within the day's capacity): the
  /// clinic dispenses without a queue.
  bool online = false;
  bool operator==(const CareVisit&) const = default;
};

/// Why somebody calls 120. kIsolationNeed: a person in isolation who needs transport to
/// treatment elsewhere (dialysis, chemotherapy, childbirth).
enum class CallReason : std::uint8_t { kMild, kModerate, kSevere, kCritical, kIsolationNeed };

/// A call to 120 (served by the issue "120 fleet and referral"; recorded here).
struct Call120 {
  double minute = 0;
  std::uint32_t person = 0;
  std::uint32_t grid = 0;
  std::uint32_t district = 0;
  CallReason reason = CallReason::kMild;
  bool key_group = false;
  bool operator==(const Call120&) const = default;
};

/// A person whose course turned severe: what a hospital needs to know (the course is drawn once).
struct HospitalCase {
  double minute = 0;  ///< severe onset
  std::uint32_t person = 0;
  std::uint32_t grid = 0;
  std::uint32_t district = 0;
  std::uint8_t age = 0;
  bool comorbid = false;  ///< a key group (pregnant, dialysis, chemotherapy) or 65+ yellow/red
  double ward_days = 0;   ///< severe, not critical: the whole stay; critical: after ICU
  double icu_days = 0;    ///< > 0: the course turns critical
  double critical_after_days = 0;  ///< from severe onset to critical
  bool dies_on_ward = false;       ///< a fatal severe course that never turns critical
  bool by_120 = false;             ///< called 120 (else came to a hospital's fever clinic)
  bool operator==(const HospitalCase&) const = default;
};

/// A symptomatic case sent to centralised isolation (a makeshift hospital) at onset.
struct IsolationStay {
  double minute = 0;
  std::uint32_t district = 0;
  double days = 0;
  bool operator==(const IsolationStay&) const = default;
};

/// A moderate patient referred to a tier-1 bed for observation when the illness peaks.
struct ObservationStay {
  double minute = 0;
  std::uint32_t district = 0;
  std::uint8_t age = 0;
  double days = 0;
  bool operator==(const ObservationStay&) const = default;
};

/// One day in one district.
struct DistrictDay {
  std::uint64_t new_infections = 0;
  std::uint64_t imported = 0;
  std::uint64_t infectious = 0;  ///< at the end of the day
  std::uint64_t onsets = 0;
  std::uint64_t severe = 0;      ///< entered the severe state
  std::uint64_t critical = 0;    ///< entered the critical state
  std::uint64_t deaths = 0;      ///< at home (with outcomes_in_hospital, hospitals count theirs)
  std::uint64_t self_care = 0;   ///< with medicine from home
  std::uint64_t mutual_aid = 0;  ///< with medicine from neighbours in the grid
  std::uint64_t no_medicine = 0;
  std::uint64_t phone_consults = 0;
  std::uint64_t clinic_visits = 0;    ///< care sought at a clinic, online consults included
  std::uint64_t online_consults = 0;  ///< of clinic_visits: consulted online instead
  std::uint64_t health_packs = 0;     ///< delivered to key-group households
  std::uint64_t quarantined = 0;      ///< close contacts who entered quarantine
  std::uint64_t calls_120 = 0;
  bool operator==(const DistrictDay&) const = default;
  void add(const DistrictDay& o);
};

struct DayReport {
  int day = 0;
  std::vector<DistrictDay> districts;
  std::vector<CareVisit> visits;              ///< sorted by (minute, facility)
  std::vector<Call120> calls;                 ///< sorted by minute
  std::vector<HospitalCase> cases;            ///< severe onsets, sorted by minute
  std::vector<IsolationStay> isolations;      ///< centralised isolation, sorted by minute
  std::vector<ObservationStay> observations;  ///< tier-1 observation referrals, sorted by minute
  /// Staff of each facility absent on the next day.
  std::vector<int> staff_absent_next_day;
  /// Most tablets of each drug an online consult dispenses (-1: the clinic's own rule).
  std::int64_t online_tablets = -1;
  bool operator==(const DayReport&) const = default;
};

/// The epidemic of a city at the level of individuals, advanced a day at a time by synchronous
/// steps that run in parallel over grids (oneTBB). Every grid and step has its own random stream
/// derived from (seed, replication, grid, step), and everything shared between grids is combined
/// in a fixed order, so results are bit-identical for any thread count.
class CityEpidemic {
 public:
  CityEpidemic(const CityEpidemicParams& p, std::vector<FacilitySite> facilities,
               std::uint64_t seed, std::uint64_t rep, int threads);
  ~CityEpidemic();
  CityEpidemic(const CityEpidemic&) = delete;
  CityEpidemic& operator=(const CityEpidemic&) = delete;

  const EpidemicControls& controls() const noexcept { return controls_; }
  /// Which facilities patients can go to today (default: all).
  void set_facility_open(const std::vector<std::uint8_t>& open);

  /// Advances one day; day() goes up by one.
  DayReport step_day();
  int day() const noexcept { return day_; }

  const Population& population() const noexcept { return pop_; }
  const Mixing& mixing() const noexcept { return mixing_; }
  double transmission_rate() const noexcept { return mixing_.beta; }
  /// People in each State now.
  std::array<std::uint64_t, kStateCount> state_counts() const;
  /// Ever infected, per grid (initial and imported included).
  std::vector<std::uint64_t> infected_by_grid() const;
  /// Ever infected per age band.
  std::vector<std::uint64_t> infected_by_band() const;
  /// Medicine courses: used from home, given by neighbours, left at home, left with neighbours,
  /// and what there was at the start (home, neighbours).
  struct MedicineLedger {
    std::uint64_t home_initial = 0, home_used = 0, home_left = 0;
    std::uint64_t aid_initial = 0, aid_given = 0, aid_left = 0;
    std::uint64_t packs_delivered = 0;  ///< health packs, added to the households' courses
    bool operator==(const MedicineLedger&) const = default;
  };
  MedicineLedger medicine() const;

 private:
  struct GridState;
  void seed_initial();
  void import_cases();
  void compute_forces();
  void advance(std::uint32_t g, int step);
  void infect(GridState& gs, std::uint32_t person, int step);
  void enter_infectious(GridState& gs, std::uint32_t person, int step);
  void onset(GridState& gs, std::uint32_t person, int step);
  void transition(GridState& gs, std::uint32_t person, int step);
  void seek_care(GridState& gs, std::uint32_t person, int step, Path path);
  void visit(GridState& gs, engine::SplitMix64& rng, std::uint32_t person, int step, bool hospital,
             bool diagnostics, bool online_offered = false);
  /// Online consults within the day's capacity, in the order of the day's visits.
  void allocate_online(DayReport& r) const;
  void deliver_health_packs();
  void build_pack_households();
  bool quarantined(std::uint32_t person) const;
  void quarantine(GridState& gs, std::uint32_t person);
  void trace_contacts(GridState& gs, std::uint32_t person);
  /// An infectious stage begins: counted in the grid's community pool unless quarantined.
  void count_infectious(std::uint32_t person, std::uint32_t& counter);
  /// An infectious stage ends: leaves the pool it was counted in.
  void uncount_infectious(std::uint32_t person, std::uint32_t& counter);
  void call(GridState& gs, engine::SplitMix64& rng, std::uint32_t person, int step, CallReason why);
  void isolation_needs(GridState& gs, std::uint32_t person, int step, double days);
  void vaccinate(GridState& gs, int step);
  std::uint32_t steps_of(double days) const;
  struct Course {
    double severe_days = 0, critical_onset_days = 0, critical_days = 0;
  };
  Course course_of(std::uint32_t person) const;
  double severity_factor(std::uint32_t person) const;
  double severe_share(std::uint32_t person) const;

  const CityEpidemicParams& p_;
  std::vector<FacilitySite> facilities_;
  Population pop_;
  Mixing mixing_;
  std::vector<GridState> grids_;
  std::vector<std::uint8_t> state_;
  std::vector<std::uint8_t> path_;
  std::vector<std::uint32_t> next_step_;
  std::vector<std::uint64_t> grid_seed_;
  std::uint64_t imports_seed_ = 0;
  std::uint64_t course_seed_ = 0;
  std::uint64_t online_seed_ = 0;
  std::uint64_t care_seed_ = 0;
  std::uint64_t severe_care_seed_ = 0;
  EpidemicControls controls_;
  std::vector<std::uint8_t> facility_open_;
  std::vector<std::vector<std::uint32_t>> community_sites_;           ///< per subdistrict
  std::vector<std::vector<std::uint32_t>> district_community_sites_;  ///< per district
  std::vector<std::vector<std::uint32_t>> hospital_sites_;            ///< per district
  std::vector<std::int32_t> staff_absent_until_;                      ///< per staff_facility entry
  std::vector<double> severity_norm_;                                 ///< per band
  std::vector<double> hourly_cdf_;
  // Per-step forces: X[g * bands + b] = sum over settings of m_s share_s rho_b(pool_s(g)).
  std::vector<double> rho_;
  std::vector<double> pooled_;
  std::array<std::array<double, kMaxAgeBands>, 3> home_p_{};  ///< [pre/asym/sym][band]
  int steps_per_day_ = 4;
  int day_ = 0;
  int threads_ = 0;
  std::uint64_t aid_initial_ = 0;
  // Health packs: per grid, the key-group households (their first person), red first; built on
  // the first day packs are delivered.
  std::vector<std::vector<std::uint32_t>> pack_households_;
  std::vector<std::array<std::uint32_t, 3>> pack_tier_end_;  ///< per grid: end of each priority
  std::vector<std::uint32_t> packs_given_;                   ///< per grid: households served so far
  // Close-contact quarantine, per person (allocated on the first day it is in force): the day it
  // ends (exclusive; 0: never quarantined), and kHidden while an infectious stage that began in
  // quarantine keeps the person out of the community pools.
  std::vector<std::uint16_t> quarantine_;
  static constexpr std::uint16_t kHidden = 0x8000;
};

}  // namespace surgesim::epi
