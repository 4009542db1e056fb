#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/engine/schedule.hpp"

namespace surgesim::hospital {

/// The three tiers (plus makeshift hospitals): 1 community health centres (observation, oxygen,
/// step-down care), 2 district hospitals (wards), 3 municipal designated / tertiary hospitals
/// (wards and the ICU); and the emergency departments' places (trolleys, observation beds)
/// where patients are assessed and board.
enum class Pool : std::uint8_t { kTier1, kTier2, kTier3Ward, kIcu, kFangcang, kEd };
inline constexpr std::size_t kPools = 6;
inline constexpr std::array<const char*, kPools> kPoolNames = {"tier1", "tier2",    "tier3_ward",
                                                               "icu",   "fangcang", "ed"};

/// Beds of one district, by pool, by day (a policy may add or remove beds from a day on).
struct DistrictBeds {
  std::array<engine::Schedule<int>, kPools> beds{};
};

/// A hospital given on its own: its beds add to its district's pools (patients are placed at
/// district level, as if the district's hospitals shared one bed board).
struct Facility {
  std::string id;
  std::uint32_t district = 0;
  DistrictBeds beds;
};

/// The referral system (plain data, filled by scenario/).
struct HospitalParams {
  std::vector<DistrictBeds> districts;
  std::vector<Facility> facilities;
  /// Beds of district d in pool k on a day: the district's own plus its facilities'.
  int beds_of(std::size_t d, std::size_t k, int day = 0) const {
    int n = districts.at(d).beds[k].at(day);
    for (const Facility& f : facilities) n += f.district == d ? f.beds.beds[k].at(day) : 0;
    return n;
  }
  /// Patients who find no bed of the tier they need board (wait in the emergency department) when
  /// true; when false they are turned away at once (a loss system).
  bool boarding = true;
  /// Critical patients wait at most this long for an ICU bed anywhere in the city, then are
  /// treated on a ward without ICU care ("ICU denied").
  double icu_patience_hours = 12;
  /// Death of a critical patient: with ICU care at once, and without any; in between it grows
  /// linearly with the wait for the ICU, reaching p_death_no_icu after full_harm_hours.
  double p_death_icu = 0.25;
  double p_death_no_icu = 0.8;
  double full_harm_hours = 24;
  /// Downward referral: the last share of a ward stay is spent in a tier-1 bed of the district
  /// when one is free (the patient is stable; the ward bed frees earlier).
  double step_down_share = 0.3;
  /// Severe patients whose 120 call does not bring an ambulance come on their own this much later.
  double self_arrival_hours = 2;
  /// Who goes straight to tier 3 (B §10: "elderly with comorbidities and children go directly to
  /// tier 3"): patients younger than this, and patients this old or older with a comorbidity.
  int tier3_direct_under_age = 14;
  int tier3_direct_comorbid_from_age = 65;
  /// Length of stay in a pool relative to the patient's own (drawn by age band): tier 2 and tier 3
  /// wards and the ICU. 1 everywhere by default (no tier-specific figures in B §5/§7).
  std::array<double, kPools> stay_factor{1, 1, 1, 1, 1, 1};
  /// Emergency department: from taking a place to the decision (ward, ICU) of an epidemic
  /// patient, and the whole stay of an ambulance patient from outside the epidemic.
  engine::Distribution ed_assessment_min = engine::Distribution::lognormal_mean_sd(120, 60);
  engine::Distribution ed_other_stay_min = engine::Distribution::lognormal_mean_sd(240, 120);
  /// An ambulance crew waits at most this long to hand over; then the patient waits for an ED
  /// place in the corridor and the crew leaves (infinity: crews wait as long as it takes).
  engine::Schedule<double> crew_max_wait_min = 60.0;
  /// Upward transfer to an ICU bed of another district (120 or a transfer team); the time counts
  /// as waiting for the ICU.
  engine::Distribution transfer_min = engine::Distribution::lognormal_mean_sd(60, 30);
};

/// The pools whose stays stay_factor scales (tier-1 and makeshift stays have their own lengths).
inline constexpr std::array<Pool, 3> kStayFactorPools = {Pool::kTier2, Pool::kTier3Ward,
                                                         Pool::kIcu};

}  // namespace surgesim::hospital
