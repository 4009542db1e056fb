#pragma once

#include <cstddef>
#include <span>

namespace surgesim::engine {

/// Mean, standard deviation and Student-t confidence interval of one output over replications.
struct Summary {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;          ///< sample standard deviation (NaN when n < 2)
  double half_width = 0;  ///< of the confidence interval (NaN when n < 2)
  double ci_low = 0;
  double ci_high = 0;
  double confidence = 0.95;
};

/// Summarises independent replication outputs. Throws std::invalid_argument when `values` is empty
/// or confidence is not in (0, 1).
Summary summarize(std::span<const double> values, double confidence = 0.95);

}  // namespace surgesim::engine
