#include "city_clinics.hpp"

#include <sstream>

namespace surgesim::bench {

std::string city_clinics_yaml(int days) {
  static const char* kDistricts[16] = {"dongcheng",   "xicheng", "chaoyang",  "fengtai",
                                       "shijingshan", "haidian", "mentougou", "fangshan",
                                       "tongzhou",    "shunyi",  "changping", "daxing",
                                       "huairou",     "pinggu",  "miyun",     "yanqing"};
  std::ostringstream y;
  y << "name: 1,263 fever clinics at the December 2022 peak\n"
    << "run: {days: " << days << ", seed: 7, replications: 1, start_date: 2022-12-05}\n"
    << "drugs:\n"
    << "  - {id: ibuprofen, tablets_per_box: 20, need_share: 0.6,"
    << " city_supply: {tablets_per_day: 600000, allocation: by_demand}}\n"
    << "clinic_defaults:\n"
    << "  kind: chc_fever_clinic\n"
    << "  rooms: 2\n"
    << "  doctors: 2\n"
    << "  hours: \"08:00-20:00\"\n"
    << "  service_min: {dist: lognormal, mean_min: 9, sd_min: 5}\n"
    << "  blood_count: true\n"
    << "  chest_xray: true\n"
    << "  discipline: key_groups_first\n"
    << "  queue_limit: 80\n"
    << "  patience_min: {dist: exponential, mean_min: 120}\n"
    << "  drugs: [{drug: ibuprofen, initial_tablets: 2000, tablets_per_visit: 20,"
    << " rationing: [{from_day: 5, tablets_per_visit: 10}]}]\n"
    << "  demand: {visits_per_day: 44.5, hourly_profile: [0, 0, 0, 0, 0, 0, 0, 1, 8, 12, 12, 10,"
    << " 7, 8, 10, 10, 8, 6, 5, 3, 0, 0, 0, 0], key_group_share: 0.35, needs_diagnostics_share: "
       "0.15}\n"
    << "clinics:\n";
  for (int i = 0; i < 303; ++i) {
    y << "  - {id: hospital-" << i
      << ", kind: hospital_fever_clinic, district: " << kDistricts[i % 16]
      << ", rooms: 4, doctors: 4, hours: 24h, demand: {visits_per_day: 100}}\n";
  }
  for (int i = 0; i < 960; ++i) {
    y << "  - {id: community-" << i << ", district: " << kDistricts[i % 16] << "}\n";
  }
  return y.str();
}

}  // namespace surgesim::bench
