#include "surgesim/epi/city_params.hpp"

namespace surgesim::epi {

std::vector<AgeBand> beijing_age_bands() {
  // name, ages, share, susceptibility, P(symptomatic), IHR, ICU share of hospitalised, IFR,
  // vaccinated share, care multiplier (ASSUMPTION: parents bring febrile children to clinics
  // more readily, B §3: 100 clinics took febrile children; the old are key-group already), mean
  // ward and ICU stays in days (B §7a).
  return {
      {"0-19", 0, 19, 0.150, 1, 0.60, 0.0010, 0.05, 0.00001, 0.85, 1.5, 3, 5},
      {"20-39", 20, 39, 0.330, 1, 0.70, 0.0015, 0.05, 0.00003, 0.92, 1, 3, 6},
      {"40-59", 40, 59, 0.310, 1, 0.75, 0.0030, 0.08, 0.0001, 0.92, 1, 5, 7},
      {"60-69", 60, 69, 0.120, 1, 0.80, 0.010, 0.12, 0.0008, 0.85, 1, 7, 8},
      {"70-79", 70, 79, 0.060, 1, 0.80, 0.025, 0.15, 0.004, 0.78, 1, 9, 9},
      {"80+", 80, 100, 0.033, 1, 0.80, 0.060, 0.15, 0.025, 0.60, 1, 11, 10},
  };
}

std::vector<std::vector<double>> default_contacts() {
  return {
      {7.0, 1.5, 1.2, 0.3, 0.15, 0.05}, {1.2, 5.0, 2.5, 0.5, 0.2, 0.08},
      {1.0, 2.8, 4.0, 0.8, 0.3, 0.1},   {0.6, 1.2, 1.8, 2.0, 0.6, 0.2},
      {0.4, 0.8, 1.0, 1.0, 1.2, 0.3},   {0.2, 0.5, 0.6, 0.5, 0.5, 0.5},
  };
}

std::vector<double> beijing_household_sizes() { return {0.30, 0.32, 0.21, 0.10, 0.05, 0.02}; }

}  // namespace surgesim::epi
