#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "surgesim/engine/split_mix.hpp"
#include "surgesim/epi/city_params.hpp"
#include "surgesim/epi/epidemic_day.hpp"
#include "surgesim/epi/mixing.hpp"
#include "surgesim/epi/population.hpp"

namespace surgesim::epi {

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
