#include "surgesim/epi/mixing.hpp"

#include <stdexcept>
#include <vector>

#include "surgesim/engine/split_mix.hpp"
#include "surgesim/engine/uniform_index.hpp"
#include "surgesim/epi/epidemic_theory.hpp"

namespace surgesim::epi {

namespace {

Eigen::MatrixXd household_matrix(const Population& pop, std::size_t bands) {
  // Counts of (person, other member) pairs by band: whole numbers, exact in any order.
  std::vector<double> pairs(bands * bands, 0), n(bands, 0);
  for (std::uint32_t i = 0; i < pop.size();) {
    const std::uint32_t size = pop.hh_size[i];
    for (std::uint32_t x = i; x < i + size; ++x) {
      const std::size_t a = pop.band(x);
      n[a] += 1;
      for (std::uint32_t y = i; y < i + size; ++y) {
        if (y != x) pairs[a * bands + pop.band(y)] += 1;
      }
    }
    i += size;
  }
  Eigen::MatrixXd h(static_cast<Eigen::Index>(bands), static_cast<Eigen::Index>(bands));
  for (std::size_t a = 0; a < bands; ++a) {
    for (std::size_t b = 0; b < bands; ++b) {
      h(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) =
          n[a] > 0 ? pairs[a * bands + b] / n[a] : 0.0;
    }
  }
  return h;
}

CommuteGraph commute_graph(const CityEpidemicParams& p, const Population& pop, std::uint64_t seed) {
  const auto grids = pop.grids.size();
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  std::vector<CommuteWeight> weights;
  const int links = p.mixing.commute_links;
  if (links > 0) {
    // Destination district by population times attraction, then a grid within it.
    std::vector<double> cdf;
    double total = 0;
    for (const DistrictSpec& d : p.districts) {
      cdf.push_back(total += static_cast<double>(d.population) * d.commute_attraction);
    }
    engine::SplitMix64 rng(seed);
    edges.reserve(grids * static_cast<std::size_t>(links));
    for (std::size_t g = 0; g < grids; ++g) {
      for (int k = 0; k < links; ++k) {
        std::size_t d = 0;
        if (total > 0) {
          const double u = rng.uniform01() * total;
          while (d + 1 < cdf.size() && cdf[d] <= u) ++d;
        } else {
          d = pop.grids[g].district;
        }
        const std::uint32_t g0 = pop.district_first[d], g1 = pop.district_first[d + 1];
        edges.emplace_back(g, g0 + engine::uniform_index(rng, g1 - g0));
        weights.push_back({1.0 / links});
      }
    }
  }
  return CommuteGraph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                      weights.begin(), grids);
}

}  // namespace

Mixing::Mixing(const CityEpidemicParams& p, const Population& pop, std::uint64_t seed) : p_(p) {
  const std::size_t bands = p.bands.size();
  const auto nb = static_cast<Eigen::Index>(bands);
  if (p.mixing.contacts.size() != bands)
    throw std::invalid_argument("mixing: the contact matrix needs one row per age band");
  band_population = Eigen::VectorXd::Zero(nb);
  for (std::uint32_t i = 0; i < pop.size(); ++i) band_population(pop.band(i)) += 1;
  Eigen::MatrixXd c(nb, nb);
  for (std::size_t a = 0; a < bands; ++a) {
    if (p.mixing.contacts[a].size() != bands)
      throw std::invalid_argument("mixing: the contact matrix needs one column per age band");
    for (std::size_t b = 0; b < bands; ++b) {
      if (!(p.mixing.contacts[a][b] >= 0))
        throw std::invalid_argument("mixing: contacts must be >= 0");
      c(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = p.mixing.contacts[a][b];
    }
  }
  // Symmetrise so that contacts between two bands are counted the same from both sides.
  community = Eigen::MatrixXd::Zero(nb, nb);
  for (Eigen::Index a = 0; a < nb; ++a) {
    for (Eigen::Index b = 0; b < nb; ++b) {
      const double na = band_population(a), n_b = band_population(b);
      if (na > 0) community(a, b) = (c(a, b) * na + c(b, a) * n_b) / (2 * na);
    }
  }
  household = household_matrix(pop, bands);
  commute = commute_graph(p, pop, seed);
  const EpidemicControls none;
  const EpidemicControls at_start = p.controls.written_on(0);
  const double radius =
      spectral_radius(next_generation(1.0, p.reproduction_is_effective ? at_start : none));
  if (!(radius > 0)) {
    if (p.reproduction_number > 0)
      throw std::invalid_argument("mixing: nobody meets anybody, so no R > 0 can be reached");
    beta = 0;
  } else {
    beta = p.reproduction_number / radius;
  }
}

Eigen::MatrixXd Mixing::next_generation(double b, const EpidemicControls& ctl) const {
  const NaturalHistory& h = p_.history;
  const auto nb = static_cast<Eigen::Index>(p_.bands.size());
  double c = 0;
  for (int s = kGrid; s < kSettingCount; ++s) {
    c += ctl.contact_multiplier[static_cast<std::size_t>(s)] *
         p_.mixing.setting_share[static_cast<std::size_t>(s)];
  }
  const double w = p_.mixing.home_contact_weight * ctl.contact_multiplier[kHome];
  Eigen::MatrixXd k(nb, nb);
  for (Eigen::Index a = 0; a < nb; ++a) {
    for (Eigen::Index j = 0; j < nb; ++j) {
      const AgeBand& band = p_.bands[static_cast<std::size_t>(j)];
      // Infectiousness-weighted days of infectiousness per case of band j.
      const double pre =
          band.p_symptomatic * h.presymptomatic_infectiousness * h.presymptomatic_days.mean();
      const double asym =
          (1 - band.p_symptomatic) * h.asymptomatic_infectiousness * h.asymptomatic_days.mean();
      const double sym = band.p_symptomatic * h.symptomatic_infectious_days.mean();
      const double outside = pre + asym + sym * (1 - ctl.isolation_share);
      const double home =
          pre + asym + sym * (ctl.centralised_isolation ? 1 - ctl.isolation_share : 1);
      const double sa = p_.bands[static_cast<std::size_t>(a)].susceptibility;
      const double ratio = band_population(j) > 0 ? band_population(a) / band_population(j) : 0.0;
      k(a, j) = b * sa * (c * community(a, j) * ratio * outside + w * household(j, a) * home);
    }
  }
  return k;
}

}  // namespace surgesim::epi
