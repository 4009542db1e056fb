#include "surgesim/run/csv.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace surgesim::run {

std::string csv_real(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string csv_text(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string s = "\"";
  for (char c : v) {
    if (c == '"') s += '"';
    s += c;
  }
  return s + "\"";
}

std::vector<std::string> csv_split(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t k = 0; k < line.size(); ++k) {
    const char c = line[k];
    if (quoted) {
      if (c != '"') {
        cells.back() += c;
      } else if (k + 1 < line.size() && line[k + 1] == '"') {
        cells.back() += '"';
        ++k;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

void CsvRow::next() {
  if (!first_) row_ += ',';
  first_ = false;
}

CsvRow& CsvRow::integer(std::int64_t v) {
  next();
  row_ += std::to_string(v);
  return *this;
}

CsvRow& CsvRow::real(double v) {
  next();
  row_ += csv_real(v);
  return *this;
}

CsvRow& CsvRow::text(std::string_view v) {
  next();
  row_ += csv_text(v);
  return *this;
}

}  // namespace surgesim::run
