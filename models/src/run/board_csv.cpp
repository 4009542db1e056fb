// board_timeseries.csv and board_replications.csv: what the triggers saw each day, as means over
// the replications and replication by replication.
#include <span>
#include <sstream>

#include "surgesim/policy/board.hpp"
#include "surgesim/run/csv.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::run {

namespace {

// Writes the board's rows (the city, then each district, day by day), each value the mean over
// `reps`, after `lead` (the replication for board_replications.csv).
class BoardRows {
 public:
  explicit BoardRows(const scenario::Scenario& s)
      : s_(s), measured_(measured_metrics(s)), districts_(s.district_names()) {}

  std::string header(const char* lead) const {
    std::string h = std::string(lead) + "day,date,scope";
    const auto& catalogue = policy::metric_catalogue();
    for (std::size_t m = 0; m < catalogue.size(); ++m) {
      if (measured_[m]) h += std::string(",") + catalogue[m].name;
    }
    return h + "\n";
  }

  void write(std::ostringstream& out, std::span<const ReplicationResult> reps,
             long replication) const {
    for (int d = 0; d < s_.run.days; ++d) {
      const std::string date = scenario::add_days(s_.run.start_date, d);
      row(out, reps, replication, d, date, -1);
      for (std::size_t k = 0; k < districts_.size(); ++k)
        row(out, reps, replication, d, date, static_cast<long>(k));
    }
  }

 private:
  // One row at a scope (unit -1: the city); a city-only metric is empty in a district's row.
  void row(std::ostringstream& out, std::span<const ReplicationResult> reps, long replication,
           int day, const std::string& date, long unit) const {
    const auto& catalogue = policy::metric_catalogue();
    CsvRow r;
    if (replication >= 0) r.integer(replication);
    r.integer(day).text(date).text(unit < 0 ? "city" : districts_[static_cast<std::size_t>(unit)]);
    for (std::size_t m = 0; m < catalogue.size(); ++m) {
      if (!measured_[m]) continue;
      if (unit >= 0 && !catalogue[m].by_district) {
        r.text("");
        continue;
      }
      double sum = 0;
      for (const ReplicationResult& x : reps) {
        sum += unit < 0 ? x.board.city(day, m)
                        : x.board.district(day, m, static_cast<std::size_t>(unit));
      }
      r.real(sum / static_cast<double>(reps.size()));
    }
    out << r.line();
  }

  const scenario::Scenario& s_;
  std::vector<bool> measured_;
  std::vector<std::string> districts_;
};

}  // namespace

std::string board_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  const BoardRows rows(s);
  std::ostringstream out;
  out << rows.header("");
  rows.write(out, reps, -1);
  return out.str();
}

std::string board_replications_csv(const scenario::Scenario& s,
                                   const std::vector<ReplicationResult>& reps) {
  const BoardRows rows(s);
  std::ostringstream out;
  out << rows.header("replication,");
  for (const ReplicationResult& r : reps)
    rows.write(out, std::span(&r, 1), static_cast<long>(r.replication));
  return out.str();
}

std::string replications_csv(const scenario::Scenario& s,
                             const std::vector<ReplicationResult>& reps) {
  std::ostringstream out;
  out << "replication,seed";
  for (const std::string& k : kpi_names(s)) out << ',' << k;
  out << '\n';
  for (const ReplicationResult& r : reps) {
    CsvRow row;
    row.integer(static_cast<std::int64_t>(r.replication))
        .integer(static_cast<std::int64_t>(s.run.seed));
    for (double v : r.kpis) row.real(v);
    out << row.line();
  }
  return out.str();
}

}  // namespace surgesim::run
