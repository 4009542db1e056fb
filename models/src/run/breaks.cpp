#include "surgesim/run/breaks.hpp"

namespace surgesim::run {

const std::vector<BreakPool>& break_pools() {
  static const std::vector<BreakPool> pools = {
      {"fever_waits", "fever_wait_p95_min", 120, true,
       "fever clinics: 95th-percentile wait over 120 min"},
      {"drug_stockout", "drug_stockout_share", 0.1, false,
       "a tenth of the fever clinics seeing patients short of a drug"},
      {"ems_response", "ems_response_mean_min", 30, true, "120: mean response over 30 min"},
      {"ed", "ed_occupancy_share", 1, false, "emergency departments: every place in use"},
      {"wards", "ward_occupancy_share", 1, false, "tier-2 and tier-3 wards: every bed in use"},
      {"icu", "icu_occupancy_share", 1, false, "ICU: every bed in use"},
      {"fangcang", "fangcang_occupancy_share", 1, false, "makeshift hospitals: every bed in use"},
  };
  return pools;
}

namespace {
bool at_capacity(const BreakPool& p, double v) {
  return p.strictly_above ? v > p.limit : v >= p.limit;
}
void note(BreakRecord& r, int day) {
  if (r.first_day < 0) r.first_day = day;
  ++r.days;
}
}  // namespace

void record_breaks(Breaks& b, int day, const policy::Board& board,
                   const std::vector<bool>& measured) {
  const auto& pools = break_pools();
  if (b.city.empty()) {
    b.city.resize(pools.size());
    b.district.resize(pools.size());
  }
  for (std::size_t p = 0; p < pools.size(); ++p) {
    const std::size_t m = policy::metric_index(pools[p].metric);
    if (!measured[m]) continue;
    if (at_capacity(pools[p], board.city(m))) note(b.city[p], day);
    if (!policy::metric_catalogue()[m].by_district) continue;
    b.district[p].resize(board.districts());
    for (std::size_t d = 0; d < board.districts(); ++d) {
      if (at_capacity(pools[p], board.district(m, d))) note(b.district[p][d], day);
    }
  }
}

}  // namespace surgesim::run
