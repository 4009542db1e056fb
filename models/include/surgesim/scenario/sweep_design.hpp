#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace surgesim::scenario {

/// A parameter of a sweep: a --set path and the values it takes. grid and oat give `values`;
/// lhs and sobol a range (`min`, `max`, whole numbers with `integer`, or two dates).
struct SweepParameter {
  std::string path;
  std::vector<std::string> values;  ///< as they are set (YAML scalars)
  double min = 0, max = 0;
  bool integer = false;
  std::string date_from;  ///< a range of dates: days after date_from, written as dates
};

enum class DesignKind { kGrid, kOat, kLhs, kSobol };

/// surgesim sweep's design file, plain data (the scenario layer reads it, as it reads scenarios).
struct SweepDesign {
  DesignKind kind = DesignKind::kGrid;
  std::size_t replications = 1;
  std::size_t points = 0;  ///< lhs and sobol
  std::vector<SweepParameter> parameters;
  std::string file;
};

/// Reads a design file; errors are ScenarioErrors (file:line:col, key path, what was expected).
SweepDesign load_design(const std::string& path);

const char* design_name(DesignKind k);

}  // namespace surgesim::scenario
