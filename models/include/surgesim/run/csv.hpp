#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace surgesim::run {

/// One CSV row (RFC 4180): integers as integers, reals in the shortest form that reads back to
/// the same double and always with a decimal point or exponent (so a column of means is read as
/// floating point however many replications there are), text quoted when it holds a comma,
/// quote or line break.
class CsvRow {
 public:
  CsvRow& integer(std::int64_t v);
  CsvRow& real(double v);
  CsvRow& text(std::string_view v);
  /// The row with its line ending ("\n").
  std::string line() const { return row_ + "\n"; }

 private:
  void next();
  std::string row_;
  bool first_ = true;
};

/// A real number as CsvRow writes it: "1135720.0", "0.1", "1e+22", "nan".
std::string csv_real(double v);
/// A text field as CsvRow writes it.
std::string csv_text(std::string_view v);
/// The fields of one line (without its line ending) as CsvRow writes them: quoted fields
/// unquoted, "" inside them read as one quote.
std::vector<std::string> csv_split(std::string_view line);

}  // namespace surgesim::run
