#include "surgesim/epi/epidemic_theory.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <stdexcept>
#include <string>

namespace surgesim::epi {

namespace {
void check_shapes(const Eigen::MatrixXd& contacts, const Eigen::VectorXd& susceptibility,
                  const Eigen::VectorXd& infectious_days) {
  const auto n = contacts.rows();
  if (n == 0 || contacts.cols() != n || susceptibility.size() != n || infectious_days.size() != n) {
    throw std::invalid_argument(
        "contact matrix, susceptibility and infectious days must be n x n, n, n");
  }
  if ((contacts.array() < 0).any() || (susceptibility.array() < 0).any() ||
      (infectious_days.array() < 0).any()) {
    throw std::invalid_argument("contacts, susceptibility and infectious days must be >= 0");
  }
}
}  // namespace

Eigen::MatrixXd next_generation_matrix(double beta, const Eigen::MatrixXd& contacts,
                                       const Eigen::VectorXd& susceptibility,
                                       const Eigen::VectorXd& infectious_days) {
  check_shapes(contacts, susceptibility, infectious_days);
  if (!(beta >= 0)) throw std::invalid_argument("beta must be >= 0, got " + std::to_string(beta));
  return beta * susceptibility.asDiagonal() * contacts.transpose() * infectious_days.asDiagonal();
}

double spectral_radius(const Eigen::MatrixXd& m) {
  if (m.rows() != m.cols() || m.rows() == 0)
    throw std::invalid_argument("spectral_radius: not square");
  const Eigen::EigenSolver<Eigen::MatrixXd> solver(m, /*computeEigenvectors=*/false);
  return solver.eigenvalues().cwiseAbs().maxCoeff();
}

double transmission_rate_for_r0(double r0, const Eigen::MatrixXd& contacts,
                                const Eigen::VectorXd& susceptibility,
                                const Eigen::VectorXd& infectious_days) {
  if (!(r0 > 0) || !std::isfinite(r0)) {
    throw std::invalid_argument("r0 must be a finite number > 0, got " + std::to_string(r0));
  }
  const double rho =
      spectral_radius(next_generation_matrix(1.0, contacts, susceptibility, infectious_days));
  if (!(rho > 0))
    throw std::invalid_argument("no transmission is possible: the contact matrix is zero");
  return r0 / rho;  // K scales linearly with beta
}

double final_size(double r0) {
  if (!(r0 >= 0) || !std::isfinite(r0)) {
    throw std::invalid_argument("r0 must be a finite number >= 0, got " + std::to_string(r0));
  }
  if (r0 <= 1) return 0;
  // Newton on f(z) = 1 - exp(-r0 z) - z from z = 1: f is concave, so it converges monotonically
  // to the positive root.
  double z = 1;
  for (int i = 0; i < 100; ++i) {
    const double e = std::exp(-r0 * z);
    const double step = (1 - e - z) / (r0 * e - 1);
    z -= step;
    if (std::abs(step) < 1e-15) break;
  }
  return z;
}

double final_size(double r0, double i0) {
  if (!(i0 >= 0 && i0 < 1)) throw std::invalid_argument("initial infected share must be in [0, 1)");
  if (i0 == 0) return final_size(r0);
  // f(s) = ln(s / s0) + r0 (1 - s) is concave in s with one root in (0, s0); bisection is enough.
  const double s0 = 1 - i0;
  double lo = 1e-300, hi = s0;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    const double f = std::log(mid / s0) + r0 * (1 - mid);
    if (f > 0) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return 1 - (lo + hi) / 2;
}

Eigen::VectorXd final_size(const Eigen::MatrixXd& ngm, const Eigen::VectorXd& group_sizes) {
  const auto n = ngm.rows();
  if (ngm.cols() != n || group_sizes.size() != n || (group_sizes.array() <= 0).any()) {
    throw std::invalid_argument("final_size: K must be n x n and group sizes n positive values");
  }
  // Force of infection on group i per unit attack rate in group j.
  const Eigen::MatrixXd a = ngm.array() * (group_sizes.transpose().replicate(n, 1).array() /
                                           group_sizes.replicate(1, n).array());
  // Iterating z <- 1 - exp(-A z) from z = 1 decreases monotonically to the largest fixed point.
  Eigen::VectorXd z = Eigen::VectorXd::Ones(n);
  for (int i = 0; i < 100000; ++i) {
    const Eigen::VectorXd next = (1.0 - (-(a * z)).array().exp()).matrix();
    const double change = (next - z).cwiseAbs().maxCoeff();
    z = next;
    if (change < 1e-14) break;
  }
  return z;
}

double growth_rate_gamma_generation(double r0, double shape, double mean_days) {
  if (!(r0 > 0) || !(shape > 0) || !(mean_days > 0)) {
    throw std::invalid_argument("growth rate needs r0, shape and mean > 0");
  }
  return (std::pow(r0, 1.0 / shape) - 1) * shape / mean_days;
}

double growth_rate_seir(double r0, double latent, double infectious) {
  if (!(r0 > 0) || !(latent >= 0) || !(infectious > 0)) {
    throw std::invalid_argument("growth rate needs r0 > 0, latent >= 0, infectious > 0");
  }
  // latent * infectious * r^2 + (latent + infectious) * r + 1 - r0 = 0, the root with r > -1/max.
  const double a = latent * infectious, b = latent + infectious, c = 1 - r0;
  if (a == 0) return -c / b;
  return (-b + std::sqrt(b * b - 4 * a * c)) / (2 * a);
}

}  // namespace surgesim::epi
