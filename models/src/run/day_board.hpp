#pragma once

// What each model publishes on the metrics board at a day's end (internal to surgesim::run).
#include <memory>
#include <vector>

#include "surgesim/care/fever_clinic.hpp"
#include "surgesim/ems/ems_system.hpp"
#include "surgesim/epi/city_epidemic.hpp"
#include "surgesim/hospital/hospital_system.hpp"
#include "surgesim/policy/board.hpp"

namespace surgesim::run {

/// The clinics' day `day`, city-wide and by district (`district_of[c]` for clinic c).
void publish_clinics(policy::Board& b, int day,
                     const std::vector<std::unique_ptr<care::FeverClinic>>& clinics,
                     const std::vector<int>& district_of);
/// The epidemic's day (its district reports) and the staff absent the next day.
void publish_epidemic(policy::Board& b, const std::vector<epi::DistrictDay>& districts,
                      double staff_absent_share);
void publish_ems(policy::Board& b, int day, const ems::EmsSystem& e);
/// The hospitals' day: occupancy peaks and their shares of the beds, denials, boarding, deaths
/// (added to the epidemic's deaths at home).
void publish_hospitals(policy::Board& b, int day, const hospital::HospitalSystem& h,
                       const hospital::HospitalParams& p);

}  // namespace surgesim::run
