#pragma once

#include <cstdint>
#include <vector>

#include "surgesim/engine/distribution.hpp"

namespace surgesim::epi {

/// Parameters of an epidemic among individuals living in community grids (plain data, to be
/// filled by scenario/). Each person is susceptible (S), exposed (E), infectious (I) or removed
/// (R). Within a grid people mix homogeneously; a share of everyone's contacts is with the whole
/// city instead.
struct GridEpidemicParams {
  std::vector<std::uint32_t> grid_population;   ///< people per grid
  std::vector<std::uint32_t> initial_infected;  ///< per grid (start infectious at day 0)
  std::vector<std::uint32_t> grid_district;     ///< district index per grid (empty: all 0)
  std::size_t districts = 1;
  double r0 = 2.0;                 ///< sets the transmission rate (see below)
  double city_mixing_share = 0.0;  ///< share of contacts with the whole city
  engine::Distribution latent_days = engine::Distribution::constant(0);  ///< E; 0: SIR
  engine::Distribution infectious_days = engine::Distribution::constant(5);
  double step_days = 0.25;  ///< time step
  int days = 120;
};

/// What a run produced. Daily series are indexed by day.
struct GridEpidemicResult {
  std::vector<std::uint64_t> new_infections;    ///< per day, whole city (index cases on day 0)
  std::vector<std::uint64_t> infectious;        ///< prevalence of I at the end of each day
  std::vector<std::uint64_t> final_by_state;    ///< S, E, I, R at the end
  std::vector<std::uint64_t> infected_by_grid;  ///< ever infected, per grid (initial included)
  /// [day][district]: new infections that day, and people infectious at its end.
  std::vector<std::vector<std::uint64_t>> district_new_infections;
  std::vector<std::vector<std::uint64_t>> district_infectious;
  std::uint64_t population = 0;
  double transmission_rate = 0;  ///< per infectious person-day, from r0
};

/// Runs replication `rep` in parallel over grids on `threads` threads (0: all cores).
///
/// Each step is synchronous. First every grid's force of infection is computed from the
/// prevalence at the start of the step. Then, in parallel, each grid advances its infected people
/// and draws its new infections: Binomial(S, 1 - exp(-lambda * dt)) among its susceptibles. Each
/// grid and step has its own random stream, derived from (seed, rep, grid, step), so the result
/// is bit-identical for any thread count. The transmission rate is r0 / E[infectious days]; with
/// homogeneous mixing this makes r0 the basic reproduction number.
GridEpidemicResult run_grid_epidemic(const GridEpidemicParams& p, std::uint64_t seed,
                                     std::uint64_t rep, int threads = 0);

}  // namespace surgesim::epi
