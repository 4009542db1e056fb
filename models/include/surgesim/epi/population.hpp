#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "surgesim/epi/city_params.hpp"

namespace surgesim::epi {

/// Bits of Population::flags.
enum PersonFlag : std::uint8_t {
  kVaccinated = 1,
  kPregnant = 2,
  kDialysis = 4,
  kChemotherapy = 8,
  kStaff = 16,
  kIsolated = 32,   ///< set by the epidemic: isolating while symptomatic
  kFatal = 64,      ///< set by the epidemic: the severe course ends in death
  kAntiviral = 128  ///< set by the epidemic: treated at onset
};

/// A synthetic city built from aggregates: districts -> subdistricts -> community grids ->
/// households -> people. People are numbered so that every household, grid, subdistrict and
/// district is a contiguous range of ids. Per-person data is kept in parallel arrays (8 bytes a
/// person here, plus what the epidemic adds) so 21.84 M people fit in a few hundred MB.
class Population {
 public:
  struct Grid {
    std::uint32_t first = 0;  ///< people first .. first + size - 1
    std::uint32_t size = 0;
    std::uint32_t district = 0;
    std::uint32_t subdistrict = 0;  ///< global index
    std::uint32_t households = 0;
    std::uint32_t home_courses = 0;  ///< medicine courses held at the start
  };

  /// Builds the population for replication stream `seed_base` (from RngStreams::seed_for), in
  /// parallel over grids on `threads` threads; the result does not depend on `threads`. Staff for
  /// each facility are drawn from adults living in its subdistrict (or district).
  Population(const CityEpidemicParams& p, const std::vector<FacilitySite>& facilities,
             std::uint64_t seed_base, int threads);

  std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(age.size()); }
  std::size_t band_count() const noexcept { return bands_; }
  std::uint8_t band(std::uint32_t person) const noexcept { return band_of_age_[age[person]]; }
  bool key_group(std::uint32_t person) const noexcept;
  /// High risk in hospital: pregnant, on dialysis or chemotherapy, or 65+ with a yellow or red
  /// risk colour.
  bool comorbid(std::uint32_t person) const noexcept;
  /// First person of the household of `person`.
  std::uint32_t household_first(std::uint32_t person) const noexcept {
    return person - hh_offset[person];
  }

  // Geography.
  std::vector<Grid> grids;
  std::vector<std::uint32_t> subdistrict_district;  ///< per subdistrict
  std::vector<std::uint32_t> district_first;        ///< first grid of each district, plus end
  std::vector<std::uint32_t> subdistrict_first;     ///< first grid of each subdistrict, plus end
  std::vector<std::uint32_t> district_subdistrict_first;  ///< first subdistrict of each, plus end
  /// First person of grid g (g == grids.size(): one past the last person).
  std::uint32_t first_person(std::size_t g) const noexcept {
    return g < grids.size() ? grids[g].first : size();
  }

  // People.
  std::vector<std::uint8_t> age;        ///< years (capped at 255)
  std::vector<std::uint8_t> flags;      ///< PersonFlag bits
  std::vector<std::uint8_t> colour;     ///< risk colour of the 65+: 0 green, 1 yellow, 2 red
  std::vector<std::uint8_t> hh_offset;  ///< position within the household
  std::vector<std::uint8_t> hh_size;
  std::vector<std::uint8_t> home_courses;  ///< medicine courses held, on a household's first

  /// People of grid g and band b: by_age[by_age_first[g * bands + b] .. by_age_first[... + 1]).
  std::vector<std::uint32_t> by_age;
  std::vector<std::uint32_t> by_age_first;
  std::uint32_t members(std::uint32_t grid, std::size_t b) const noexcept {
    const std::size_t k = grid * bands_ + b;
    return by_age_first[k + 1] - by_age_first[k];
  }

  /// Staff of each facility (person ids), and (person, facility) sorted by person.
  std::vector<std::vector<std::uint32_t>> facility_staff;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> staff_facility;
  /// Position of a staff member in staff_facility, or -1 for anybody else.
  std::int64_t staff_index(std::uint32_t person) const;

  std::uint64_t households = 0;
  std::uint64_t home_courses_initial = 0;

 private:
  void build_grid(const CityEpidemicParams& p, std::uint32_t g, std::uint64_t seed);
  void assign_staff(const CityEpidemicParams& p, const std::vector<FacilitySite>& facilities,
                    std::uint64_t seed);

  std::size_t bands_ = 0;
  std::array<std::uint8_t, 256> band_of_age_{};
};

}  // namespace surgesim::epi
