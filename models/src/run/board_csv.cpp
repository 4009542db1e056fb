// board_timeseries.csv: what the triggers saw each day.
#include <sstream>

#include "surgesim/policy/board.hpp"
#include "surgesim/run/csv.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::run {

std::string board_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  const auto& catalogue = policy::metric_catalogue();
  const std::vector<bool> measured = measured_metrics(s);
  const std::vector<std::string> districts = s.district_names();
  std::ostringstream out;
  out << "day,date,scope";
  for (std::size_t m = 0; m < catalogue.size(); ++m) {
    if (measured[m]) out << ',' << catalogue[m].name;
  }
  out << '\n';
  const double n = static_cast<double>(reps.size());
  // One row: the mean over replications of each measured metric at a scope (-1: the city).
  const auto row = [&](int day, const std::string& date, long unit) {
    CsvRow r;
    r.integer(day).text(date).text(unit < 0 ? "city" : districts[static_cast<std::size_t>(unit)]);
    for (std::size_t m = 0; m < catalogue.size(); ++m) {
      if (!measured[m]) continue;
      if (unit >= 0 && !catalogue[m].by_district) {
        r.text("");
        continue;
      }
      double sum = 0;
      for (const ReplicationResult& x : reps) {
        sum += unit < 0 ? x.board.city(day, m)
                        : x.board.district(day, m, static_cast<std::size_t>(unit));
      }
      r.real(sum / n);
    }
    out << r.line();
  };
  for (int d = 0; d < s.run.days; ++d) {
    const std::string date = scenario::add_days(s.run.start_date, d);
    row(d, date, -1);
    for (std::size_t k = 0; k < districts.size(); ++k) row(d, date, static_cast<long>(k));
  }
  return out.str();
}

}  // namespace surgesim::run
