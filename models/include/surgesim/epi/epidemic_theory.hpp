#pragma once

#include <Eigen/Dense>

namespace surgesim::epi {

/// Analytic results that calibrate the epidemic model and serve as oracles in its validation.
///
/// Groups (e.g. age bands) are indexed i, j. contacts(i, j) is the mean number of daily contacts a
/// person in group i has with people in group j. susceptibility(i) scales the chance that a contact
/// infects a person of group i, and infectious_days(j) is the mean infectious time of a case in
/// group j, weighted by infectiousness.
///
/// Next-generation matrix for transmission rate beta (infections per infectious contact-day):
///   K(i, j) = beta * susceptibility(i) * contacts(j, i) * infectious_days(j)
/// i.e. the infections in group i caused by one case in group j. R0 is its spectral radius.
Eigen::MatrixXd next_generation_matrix(double beta, const Eigen::MatrixXd& contacts,
                                       const Eigen::VectorXd& susceptibility,
                                       const Eigen::VectorXd& infectious_days);

/// Largest modulus of the eigenvalues of a square matrix.
double spectral_radius(const Eigen::MatrixXd& m);

/// The beta for which the next-generation matrix has spectral radius r0 (r0 > 0).
double transmission_rate_for_r0(double r0, const Eigen::MatrixXd& contacts,
                                const Eigen::VectorXd& susceptibility,
                                const Eigen::VectorXd& infectious_days);

/// Kermack-McKendrick final size: the attack rate z in [0, 1) with z = 1 - exp(-r0 z), for an
/// epidemic started by a vanishing fraction of infections (0 when r0 <= 1).
double final_size(double r0);

/// Final size when a share i0 of the population is infectious at the start (SIR, homogeneous):
/// s solves ln(s / (1 - i0)) = -r0 (1 - s); returns the share ever infected, 1 - s (i0 included).
double final_size(double r0, double initial_infected_share);

/// Multi-group final size: z_i = 1 - exp(-sum_j K(i, j) * (n_j / n_i) * z_j), the largest
/// solution, where n holds the group sizes (or shares) and K is the next-generation matrix.
Eigen::VectorXd final_size(const Eigen::MatrixXd& ngm, const Eigen::VectorXd& group_sizes);

/// Euler-Lotka growth rate r for a gamma-distributed generation interval (shape k, mean m):
/// 1 = r0 * E[exp(-r T)] gives r = (r0^(1/k) - 1) * k / m. Exponential is shape 1.
double growth_rate_gamma_generation(double r0, double shape, double mean_days);

/// Growth rate of an SEIR model with exponential latent and infectious periods (means in days):
/// r solves r0 = (1 + r * latent) * (1 + r * infectious).
double growth_rate_seir(double r0, double latent_mean_days, double infectious_mean_days);

}  // namespace surgesim::epi
