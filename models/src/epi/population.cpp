#include "surgesim/epi/population.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/split_mix.hpp"
#include "surgesim/engine/uniform_index.hpp"

namespace surgesim::epi {

namespace {

// Index drawn from a cumulative table (last entry is the total).
std::size_t draw(const std::vector<double>& cdf, engine::SplitMix64& rng) {
  const double u = rng.uniform01() * cdf.back();
  const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
  return std::min(static_cast<std::size_t>(it - cdf.begin()), cdf.size() - 1);
}

std::vector<double> cumulative(const std::vector<double>& w, const std::string& what) {
  std::vector<double> cdf(w.size());
  double total = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!(w[i] >= 0)) throw std::invalid_argument(what + ": shares must be >= 0");
    cdf[i] = total += w[i];
  }
  if (!(total > 0)) throw std::invalid_argument(what + ": needs a share > 0");
  return cdf;
}

void check_bands(const std::vector<AgeBand>& bands) {
  if (bands.empty() || bands.size() > kMaxAgeBands)
    throw std::invalid_argument("population: 1 to 16 age bands are supported");
  int next = 0;
  for (const AgeBand& b : bands) {
    if (b.min_age != next || b.max_age < b.min_age || b.max_age > 255)
      throw std::invalid_argument("population: age bands must run on from age 0 without gaps");
    next = b.max_age + 1;
  }
}

}  // namespace

Population::Population(const CityEpidemicParams& p, const std::vector<FacilitySite>& facilities,
                       std::uint64_t seed_base, int threads)
    : bands_(p.bands.size()) {
  check_bands(p.bands);
  for (int a = 0; a < 256; ++a) {
    std::uint8_t b = static_cast<std::uint8_t>(bands_ - 1);
    for (std::size_t k = 0; k < bands_; ++k) {
      if (a >= p.bands[k].min_age && a <= p.bands[k].max_age) b = static_cast<std::uint8_t>(k);
    }
    band_of_age_[static_cast<std::size_t>(a)] = b;
  }
  if (p.districts.empty()) throw std::invalid_argument("population: no districts");
  // Geography: grids ordered by district, then subdistrict; people numbered in that order.
  std::uint64_t next = 0;
  district_first.push_back(0);
  district_subdistrict_first.push_back(0);
  for (std::size_t d = 0; d < p.districts.size(); ++d) {
    const DistrictSpec& ds = p.districts[d];
    if (ds.subdistricts < 1 || ds.grids < ds.subdistricts) {
      throw std::invalid_argument("district " + ds.id +
                                  ": needs at least one subdistrict and a grid for each");
    }
    const auto n = static_cast<std::uint64_t>(ds.grids);
    for (std::uint64_t k = 0; k < n; ++k) {
      Grid g;
      g.first = static_cast<std::uint32_t>(next);
      g.size = static_cast<std::uint32_t>(ds.population / n + (k < ds.population % n ? 1 : 0));
      g.district = static_cast<std::uint32_t>(d);
      g.subdistrict = static_cast<std::uint32_t>(
          district_subdistrict_first.back() + k * static_cast<std::uint64_t>(ds.subdistricts) / n);
      if (subdistrict_district.size() <= g.subdistrict) {
        subdistrict_district.push_back(static_cast<std::uint32_t>(d));
        subdistrict_first.push_back(static_cast<std::uint32_t>(grids.size()));
      }
      next += g.size;
      grids.push_back(g);
    }
    district_first.push_back(static_cast<std::uint32_t>(grids.size()));
    district_subdistrict_first.push_back(static_cast<std::uint32_t>(subdistrict_district.size()));
    if (next > 0xFFFFFFF0ULL) throw std::invalid_argument("population: at most ~4.29e9 people");
  }
  subdistrict_first.push_back(static_cast<std::uint32_t>(grids.size()));
  const auto n = static_cast<std::size_t>(next);
  age.resize(n);
  flags.resize(n);
  colour.resize(n);
  hh_offset.resize(n);
  hh_size.resize(n);
  home_courses.resize(n);
  by_age.resize(n);
  by_age_first.assign(grids.size() * bands_ + 1, static_cast<std::uint32_t>(n));

  oneapi::tbb::task_arena arena(threads > 0 ? threads : oneapi::tbb::info::default_concurrency());
  arena.execute([&] {
    oneapi::tbb::parallel_for(std::size_t{0}, grids.size(), [&](std::size_t g) {
      build_grid(p, static_cast<std::uint32_t>(g), engine::mix64(seed_base ^ engine::mix64(g + 1)));
    });
  });
  for (const Grid& g : grids) {
    households += g.households;
    home_courses_initial += g.home_courses;
  }
  assign_staff(p, facilities, engine::mix64(seed_base ^ 0x57aff5eedULL));
}

void Population::build_grid(const CityEpidemicParams& p, std::uint32_t g, std::uint64_t seed) {
  const Grid gr = grids[g];
  const DistrictSpec& ds = p.districts[gr.district];
  std::vector<double> band_shares = ds.age_shares;
  if (band_shares.empty()) {
    for (const AgeBand& b : p.bands) band_shares.push_back(b.share);
  }
  if (band_shares.size() != bands_)
    throw std::invalid_argument("district " + ds.id + ": needs one age share per band");
  const std::vector<double> age_cdf = cumulative(band_shares, "district " + ds.id + " ages");
  const std::vector<double> hh_cdf =
      cumulative(ds.household_size.empty() ? p.household_size : ds.household_size,
                 "district " + ds.id + " household sizes");
  const KeyGroupParams& k = p.key_groups;
  const std::vector<double> colour_cdf({k.colour_share[0], k.colour_share[0] + k.colour_share[1],
                                        k.colour_share[0] + k.colour_share[1] + k.colour_share[2]});
  engine::SplitMix64 rng(seed);
  std::array<std::uint32_t, kMaxAgeBands> count{};
  const std::uint32_t end = gr.first + gr.size;
  for (std::uint32_t i = gr.first; i < end;) {
    const auto size =
        static_cast<std::uint32_t>(std::min<std::size_t>({draw(hh_cdf, rng) + 1, end - i, 255}));
    home_courses[i] = rng.uniform01() < p.care.home_medicine_share ? 1 : 0;
    ++grids[g].households;
    grids[g].home_courses += home_courses[i];
    for (std::uint32_t m = 0; m < size; ++m, ++i) {
      const std::size_t b = draw(age_cdf, rng);
      const AgeBand& band = p.bands[b];
      const int years =
          band.min_age +
          static_cast<int>(engine::uniform_index(
              rng, static_cast<std::uint64_t>(std::min(band.max_age, 100) - band.min_age + 1)));
      age[i] = static_cast<std::uint8_t>(years);
      std::uint8_t f = 0;
      if (rng.uniform01() < band.vaccinated_share) f |= kVaccinated;
      if (years >= 20 && years <= 39 && rng.uniform01() < k.pregnant_share) f |= kPregnant;
      if (years >= 40 && rng.uniform01() < k.dialysis_share) f |= kDialysis;
      if (years >= 40 && rng.uniform01() < k.chemotherapy_share) f |= kChemotherapy;
      flags[i] = f;
      colour[i] = years >= 65 ? static_cast<std::uint8_t>(draw(colour_cdf, rng)) : 0;
      hh_offset[i] = static_cast<std::uint8_t>(m);
      hh_size[i] = static_cast<std::uint8_t>(size);
      ++count[band_of_age_[age[i]]];
    }
  }
  // Counting sort of the grid's people by band into its own slice of by_age.
  std::array<std::uint32_t, kMaxAgeBands> pos{};
  std::uint32_t at = gr.first;
  for (std::size_t b = 0; b < bands_; ++b) {
    by_age_first[g * bands_ + b] = at;
    pos[b] = at;
    at += count[b];
  }
  for (std::uint32_t i = gr.first; i < end; ++i) by_age[pos[band_of_age_[age[i]]]++] = i;
}

void Population::assign_staff(const CityEpidemicParams& p,
                              const std::vector<FacilitySite>& facilities, std::uint64_t seed) {
  facility_staff.resize(facilities.size());
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    const FacilitySite& site = facilities[f];
    engine::SplitMix64 rng(engine::mix64(seed ^ engine::mix64(site.stream_key)));
    if (site.district >= district_first.size() - 1)
      throw std::invalid_argument("facility " + std::to_string(f) + ": district out of range");
    std::uint32_t g0 = district_first[site.district], g1 = district_first[site.district + 1];
    if (site.subdistrict >= 0) {
      const std::uint32_t sd =
          district_subdistrict_first[site.district] + static_cast<std::uint32_t>(site.subdistrict);
      if (sd >= district_subdistrict_first[site.district + 1])
        throw std::invalid_argument("facility " + std::to_string(f) + ": subdistrict out of range");
      g0 = subdistrict_first[sd];
      g1 = subdistrict_first[sd + 1];
    }
    const std::uint32_t lo = first_person(g0), hi = first_person(g1);
    for (int s = 0; s < site.staff; ++s) {
      std::uint64_t tries = 0;
      for (;;) {
        if (hi <= lo || ++tries > 100000) {
          throw std::invalid_argument("facility " + std::to_string(f) +
                                      ": not enough adults of staff age live near it");
        }
        const auto i = lo + static_cast<std::uint32_t>(engine::uniform_index(rng, hi - lo));
        if (age[i] < p.staff.min_age || age[i] > p.staff.max_age || (flags[i] & kStaff)) continue;
        flags[i] |= kStaff;
        facility_staff[f].push_back(i);
        staff_facility.emplace_back(i, static_cast<std::uint32_t>(f));
        break;
      }
    }
  }
  std::sort(staff_facility.begin(), staff_facility.end());
}

std::int64_t Population::staff_index(std::uint32_t person) const {
  const auto it = std::lower_bound(staff_facility.begin(), staff_facility.end(),
                                   std::pair<std::uint32_t, std::uint32_t>{person, 0});
  if (it == staff_facility.end() || it->first != person) return -1;
  return it - staff_facility.begin();
}

bool Population::key_group(std::uint32_t person) const noexcept {
  return age[person] >= 65 || (flags[person] & (kPregnant | kDialysis | kChemotherapy));
}

bool Population::comorbid(std::uint32_t person) const noexcept {
  return colour[person] > 0 || (flags[person] & (kPregnant | kDialysis | kChemotherapy));
}

}  // namespace surgesim::epi
