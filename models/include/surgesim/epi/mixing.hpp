#pragma once

#include <Eigen/Dense>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>

#include "surgesim/epi/city_params.hpp"
#include "surgesim/epi/population.hpp"

namespace surgesim::epi {

/// A commuting link's share of a grid's commuting contacts.
struct CommuteWeight {
  double share = 0;
};
/// Grids (vertices) linked to the grids their residents commute to (weighted out-edges).
using CommuteGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, CommuteWeight>;

/// Who meets whom, by age band, and the transmission rate that gives the scenario's R.
///
/// The force of infection on a susceptible of band a in grid g is
///   lambda_a = beta * susc_a * sum_s m_s * share_s * sum_b C(a, b) * rho_b(pool_s(g)),
/// where rho_b is the infectiousness-weighted prevalence of band b in the setting's pool (the grid,
/// its subdistrict, its district, the grids it commutes to, the city). Each infectious household
/// member adds beta * susc_a * home_weight * m_home * infectiousness. The next-generation matrix of
/// that model is
///   K(a, b) = beta * susc_a * [ c * C(a, b) * N_a / N_b * Dc_b + w * m_home * H(b, a) * Dh_b ],
/// with c = sum_s m_s share_s, H(b, a) the mean number of band-a household members of a band-b
/// person, and Dc, Dh the infectiousness-weighted infectious days outside and at home (isolation
/// shortens the first). beta is set so that its spectral radius is the scenario's R.
class Mixing {
 public:
  Mixing(const CityEpidemicParams& p, const Population& pop, std::uint64_t seed);

  /// The next-generation matrix under the given controls (all 1 and no isolation: R0's).
  Eigen::MatrixXd next_generation(double beta, const EpidemicControls& c) const;

  Eigen::MatrixXd community;  ///< C(a, b), symmetrised: C(a, b) N_a = C(b, a) N_b
  Eigen::MatrixXd household;  ///< H(a, b)
  Eigen::VectorXd band_population;
  CommuteGraph commute;
  double beta = 0;  ///< transmission rate per contact-day

 private:
  const CityEpidemicParams& p_;
};

}  // namespace surgesim::epi
