#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "surgesim/engine/resource.hpp"
#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/simulation.hpp"
#include "surgesim/hospital/hospital_params.hpp"

namespace surgesim::hospital {

/// A patient needing a hospital, with the course already drawn (by the epidemic, or a test).
struct Patient {
  std::uint32_t district = 0;
  int age = 40;
  bool comorbid = false;           ///< high risk (a key group, or a yellow/red colour at 65+)
  double ward_days = 5;            ///< days on a ward (for the critical: after the ICU), at
                                   ///< stay_factor 1; an observation stay in tier 1
  double icu_days = 0;             ///< > 0: the patient becomes critical
  double critical_after_days = 0;  ///< from arrival to needing the ICU (critical only)
  bool dies_on_ward = false;       ///< a fatal course that never needs the ICU
};

/// One day of the referral system.
struct HospitalDay {
  std::array<std::uint64_t, kPools> admissions{};
  std::array<int, kPools> occupancy_peak{};
  double boarding_patient_hours = 0;     ///< from the decision to admit to a ward or ICU bed
  double ed_wait_hours = 0;              ///< waiting for an emergency-department place
  std::uint64_t corridor_handovers = 0;  ///< crews that left their patient waiting for a place
  std::uint64_t turned_away = 0;         ///< no bed and no boarding
  std::uint64_t icu_admissions = 0;
  std::uint64_t icu_denied = 0;
  std::uint64_t deaths = 0;
  std::uint64_t deaths_without_icu = 0;
  std::uint64_t discharges = 0;
  std::uint64_t transfers_up = 0;                 ///< ward to ICU
  std::uint64_t transfers_between_districts = 0;  ///< to an ICU bed of another district
  std::uint64_t transfers_down = 0;    ///< ward to a tier-1 bed, and ICU survivors to a ward
  std::uint64_t fangcang_full = 0;     ///< cases sent to isolation who found no makeshift bed
  std::uint64_t direct_to_tier3 = 0;   ///< arrivals routed straight to tier 3 (age, comorbidity)
  std::uint64_t observation_full = 0;  ///< referred for tier-1 observation, none free: home

  /// Adds another day's (or replication's) counts; peaks are left alone.
  HospitalDay& operator+=(const HospitalDay& o) noexcept;
};

/// Three-tier treatment: a patient arriving at the district's emergency department waits for a
/// place there (an ambulance crew waits with them), is assessed, then takes a ward bed (tier 2
/// of the district, else tier 3 of the district, else any district's), or boards on the ED place
/// until the district's tier-2 ward has one. A district with no ED places has no ED stage. Children
/// and the comorbid elderly go straight to tier 3 (any district's, own first), else tier 2, and
/// board for the district's tier 3. A critical patient moves to an ICU bed (the district's, else
/// any), waiting at most icu_patience_hours; the wait raises the risk of death, and a patient
/// denied the ICU is treated on the ward at the no-ICU risk. Stable ward patients step down to a
/// free tier-1 bed for the end of their stay. Time in minutes.
class HospitalSystem {
 public:
  HospitalSystem(engine::Simulation& sim, const HospitalParams& p,
                 const engine::RngStreams& streams, int days);
  HospitalSystem(const HospitalSystem&) = delete;
  HospitalSystem& operator=(const HospitalSystem&) = delete;

  /// A patient arrives now at the district's emergency department; `accepted` runs when an ED
  /// place takes them (at once when one is free).
  void arrive(const Patient& patient, std::function<void()> accepted = {});
  /// A severe patient whose 120 call brought no ambulance: arrives on their own
  /// self_arrival_hours from now.
  void arrive_on_own(const Patient& patient);
  /// An ambulance patient from outside the epidemic: an ED place for ed_other_stay_min.
  void ed_visit(std::uint32_t district, std::function<void()> accepted);
  /// A mild case to be isolated for `days` in a makeshift (fangcang) bed of the district, else of
  /// any district; with none free, the case isolates at home (counted as fangcang_full).
  void isolate(std::uint32_t district, double days);
  /// A moderate patient referred to a tier-1 bed of the district for observation and oxygen for
  /// patient.ward_days; with none free the patient stays at home (counted as observation_full).
  void observe(const Patient& patient);
  /// Whether the patient goes straight to tier 3.
  bool direct_to_tier3(const Patient& patient) const noexcept;

  const std::vector<HospitalDay>& days() const noexcept { return days_; }
  /// The most beds of a district's pool in use at once on a day (its own hospitals' beds,
  /// whoever lies in them).
  int district_peak(int day, std::size_t district, Pool pool) const {
    return district_peaks_[(static_cast<std::size_t>(day) * p_.districts.size() + district) *
                               kPools +
                           static_cast<std::size_t>(pool)];
  }
  /// Critical patients of a district denied the ICU on a day.
  std::uint64_t district_icu_denied(int day, std::size_t district) const {
    return district_icu_denied_[static_cast<std::size_t>(day) * p_.districts.size() + district];
  }
  /// Patients in a bed of the pool now (all districts).
  int occupied(Pool pool) const noexcept { return occupied_[static_cast<std::size_t>(pool)]; }
  /// Every arrival is discharged, dead, turned away, or still boarding or in a bed.
  bool patients_balance() const;
  /// The beds in use in every pool, summed over districts, are the patients counted in them, and
  /// no pool holds more than its beds.
  bool beds_balance() const;

 private:
  struct Stay;
  void start_days();
  int day_now() const;
  HospitalDay& today() { return days_[static_cast<std::size_t>(day_now())]; }
  engine::Resource& beds(std::uint32_t district, Pool pool) {
    return *beds_[district * kPools + static_cast<std::size_t>(pool)];
  }
  /// Takes a free bed of the first pool that has one, searching the own district then the others
  /// in order; pool_major searches each pool city-wide before the next pool.
  bool take_free(std::uint32_t district, std::initializer_list<Pool> pools, Pool& pool_out,
                 std::uint32_t& district_out, engine::Ticket& ticket, bool pool_major = false);
  /// A stay of `days` at stay_factor 1, in minutes in the pool.
  double stay_min(double days, Pool pool) const;
  void admit(std::shared_ptr<Stay> s);
  /// Asks for an ED place of the district; `crew` is set to the crew's release (run once).
  engine::Ticket request_ed(std::uint32_t district, std::function<void()> accepted,
                            std::shared_ptr<std::function<void()>>& crew,
                            std::function<void(const engine::Ticket&)> on_place);
  void leave_ed(Stay& s);
  /// A patient takes a bed of the district's pool: admissions and the day's peaks.
  void count_in(std::uint32_t district, Pool pool);
  int& district_peak_today(std::uint32_t district, Pool pool) {
    return district_peaks_[(static_cast<std::size_t>(day_now()) * p_.districts.size() + district) *
                               kPools +
                           static_cast<std::size_t>(pool)];
  }
  void need_ward(std::shared_ptr<Stay> s);
  void on_ward(std::shared_ptr<Stay> s);
  void need_icu(std::shared_ptr<Stay> s);
  void in_icu(std::shared_ptr<Stay> s, double waited_min);
  void leave_bed(Stay& s);
  void enter_bed(Stay& s, std::uint32_t district, Pool pool, const engine::Ticket& t);
  void finish(Stay& s, bool dies, bool without_icu);

  engine::Simulation& sim_;
  const HospitalParams& p_;
  int days_total_;
  std::vector<std::unique_ptr<engine::Resource>> beds_;  ///< [district * kPools + pool]
  engine::Rng outcome_rng_, ed_rng_, transfer_rng_;
  std::vector<HospitalDay> days_;
  std::array<int, kPools> occupied_{};
  std::vector<int> district_peaks_;  ///< [(day * districts + district) * kPools + pool]
  std::vector<std::uint64_t> district_icu_denied_;  ///< [day * districts + district]
  std::uint64_t arrived_ = 0, ended_ = 0;
  std::uint64_t in_system_ = 0;
  int ed_others_ = 0;              ///< ED places held by patients from outside the epidemic
  bool over_capacity_ok_ = false;  ///< a pool was shrunk below its patients by a policy
};

}  // namespace surgesim::hospital
