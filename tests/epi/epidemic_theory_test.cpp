#include "surgesim/epi/epidemic_theory.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace epi = surgesim::epi;

TEST(EpidemicTheory, SpectralRadiusOfKnownMatrices) {
  Eigen::MatrixXd m(2, 2);
  m << 2, 1, 1, 2;  // eigenvalues 3 and 1
  EXPECT_NEAR(epi::spectral_radius(m), 3.0, 1e-12);
  Eigen::MatrixXd r(2, 2);
  r << 0, -1, 1, 0;  // rotation: eigenvalues +-i
  EXPECT_NEAR(epi::spectral_radius(r), 1.0, 1e-12);
}

TEST(EpidemicTheory, BetaReproducesTheRequestedR0) {
  // One group: R0 = beta * contacts * infectious days.
  Eigen::MatrixXd c1(1, 1);
  c1 << 10;
  Eigen::VectorXd s1(1), d1(1);
  s1 << 1;
  d1 << 5;
  EXPECT_NEAR(epi::transmission_rate_for_r0(2.5, c1, s1, d1), 2.5 / 50, 1e-15);
  // Three age groups with reciprocal contacts (N_i C_ij = N_j C_ji) and unequal susceptibility.
  Eigen::Vector3d n(0.2, 0.6, 0.2);
  Eigen::Matrix3d c;
  c << 8, 5, 1, 0, 9, 2, 0, 0, 3;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < i; ++j) c(i, j) = c(j, i) * n(j) / n(i);
  }
  const Eigen::Vector3d s(0.5, 1.0, 1.3), d(4, 4, 5);
  const double beta = epi::transmission_rate_for_r0(3.0, c, s, d);
  EXPECT_NEAR(epi::spectral_radius(epi::next_generation_matrix(beta, c, s, d)), 3.0, 1e-10);
  EXPECT_THROW(epi::transmission_rate_for_r0(-1, c, s, d), std::invalid_argument);
  EXPECT_THROW(epi::transmission_rate_for_r0(2, Eigen::Matrix3d::Zero(), s, d),
               std::invalid_argument);
}

TEST(EpidemicTheory, FinalSizeSolvesKermackMcKendrick) {
  EXPECT_EQ(epi::final_size(0.9), 0.0);
  EXPECT_EQ(epi::final_size(1.0), 0.0);
  for (double r0 : {1.1, 1.5, 2.0, 3.0, 8.0}) {
    const double z = epi::final_size(r0);
    EXPECT_GT(z, 0);
    EXPECT_LT(z, 1);
    EXPECT_NEAR(z, 1 - std::exp(-r0 * z), 1e-13) << r0;
  }
  EXPECT_NEAR(epi::final_size(2.0), 0.796812130020, 1e-11);  // published value
  EXPECT_LT(epi::final_size(1.5), epi::final_size(2.0));
}

TEST(EpidemicTheory, MultiGroupFinalSizeReducesToOneGroupAndSolvesItsEquations) {
  // Two identical, fully mixed groups behave as one.
  Eigen::MatrixXd c(2, 2);
  c << 5, 5, 5, 5;
  const Eigen::Vector2d s(1, 1), d(4, 4), n(0.5, 0.5);
  const double beta = epi::transmission_rate_for_r0(2.0, c, s, d);
  const Eigen::VectorXd z = epi::final_size(epi::next_generation_matrix(beta, c, s, d), n);
  EXPECT_NEAR(z(0), epi::final_size(2.0), 1e-10);
  EXPECT_NEAR(z(1), epi::final_size(2.0), 1e-10);
  // Unequal groups: the solution satisfies z_i = 1 - exp(-sum_j K_ij n_j / n_i z_j).
  Eigen::MatrixXd c2(2, 2);
  c2 << 10, 2, 0, 4;
  const Eigen::Vector2d n2(0.3, 0.7);
  c2(1, 0) = c2(0, 1) * n2(0) / n2(1);
  const Eigen::Vector2d s2(1.0, 0.6), d2(5, 5);
  const Eigen::MatrixXd k =
      epi::next_generation_matrix(epi::transmission_rate_for_r0(2.5, c2, s2, d2), c2, s2, d2);
  const Eigen::VectorXd z2 = epi::final_size(k, n2);
  for (int i = 0; i < 2; ++i) {
    double force = 0;
    for (int j = 0; j < 2; ++j) force += k(i, j) * n2(j) / n2(i) * z2(j);
    EXPECT_NEAR(z2(i), 1 - std::exp(-force), 1e-12);
  }
  EXPECT_GT(z2(0), z2(1));  // the more susceptible, more connected group is hit harder
}

TEST(EpidemicTheory, EulerLotkaGrowthRates) {
  // Gamma generation interval: 1 = R0 (1 + r m / k)^-k.
  const double r = epi::growth_rate_gamma_generation(2.5, 2.0, 3.0);
  EXPECT_NEAR(2.5 * std::pow(1 + r * 3.0 / 2.0, -2.0), 1.0, 1e-12);
  EXPECT_NEAR(epi::growth_rate_gamma_generation(1.0, 2.0, 3.0), 0.0, 1e-15);
  EXPECT_NEAR(epi::growth_rate_gamma_generation(2.0, 1.0, 4.0), 0.25,
              1e-15);  // exponential: (R0-1)/m
  // SEIR: r0 = (1 + r L)(1 + r D).
  const double rs = epi::growth_rate_seir(3.0, 2.0, 3.0);
  EXPECT_NEAR((1 + rs * 2.0) * (1 + rs * 3.0), 3.0, 1e-12);
  EXPECT_NEAR(epi::growth_rate_seir(3.0, 0.0, 4.0), 0.5, 1e-15);  // SIR: (R0 - 1)/D
  EXPECT_LT(epi::growth_rate_seir(0.5, 2.0, 3.0), 0);             // below threshold: decline
}
