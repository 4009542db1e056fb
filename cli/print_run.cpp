#include "print_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/run/outputs.hpp"

namespace surgesim::cli {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;

namespace {

// Where the system breaks first: each pool's first date at capacity and the days there (means
// over the replications that reached it), then the districts in the order they broke.
void print_breaks(const sc::Scenario& s, const std::vector<rn::ReplicationResult>& reps) {
  const std::vector<rn::BreakSummary> breaks = rn::summarize_breaks(s, reps);
  if (breaks.empty()) return;
  std::printf("\n  %-16s %-11s %6s %6s  %s\n", "where it breaks", "first date", "days", "share",
              "at capacity when");
  for (const rn::BreakSummary& b : breaks) {
    if (!b.district.empty()) continue;
    const bool ever = !std::isnan(b.first_day_mean);
    const std::string date =
        ever ? sc::add_days(s.run.start_date, static_cast<int>(std::lround(b.first_day_mean)))
             : "never";
    std::printf("  %-16s %-11s %6.1f %6.2f  %s\n", b.pool.c_str(), date.c_str(), b.days_mean,
                b.share, b.what.c_str());
    std::vector<const rn::BreakSummary*> districts;
    for (const rn::BreakSummary& d : breaks) {
      if (d.pool == b.pool && !d.district.empty()) districts.push_back(&d);
    }
    std::stable_sort(districts.begin(), districts.end(), [](const auto* x, const auto* y) {
      return x->first_day_mean < y->first_day_mean;
    });
    std::string line;
    for (const rn::BreakSummary* d : districts) {
      line += (line.empty() ? "" : ", ") + d->district + " " +
              sc::add_days(s.run.start_date, static_cast<int>(std::lround(d->first_day_mean))) +
              " (" + std::to_string(static_cast<int>(std::lround(d->days_mean))) + " d)";
    }
    if (!line.empty()) std::printf("  %-16s by district: %s\n", "", line.c_str());
  }
}

}  // namespace

void print_summary(const sc::Scenario& s, const std::vector<rn::ReplicationResult>& reps,
                   double wall_s, const std::string& out_dir) {
  std::uint64_t events = 0;
  for (const auto& r : reps) events += r.events;
  std::printf("%s\n", s.name.c_str());
  std::printf("%d days from %s, %zu clinics, %s, %zu replications, seed %llu\n\n", s.run.days,
              s.run.start_date.c_str(), s.clinics.size(), epidemic_text(s).c_str(), reps.size(),
              static_cast<unsigned long long>(s.run.seed));
  std::printf("  %-30s %14s %14s %14s\n", "KPI", "mean", "95% CI low", "95% CI high");
  const std::vector<std::string> names = rn::kpi_names(s);
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(r.kpis[k]);
    const auto sum = surgesim::engine::summarize(v);
    if (reps.size() > 1) {
      std::printf("  %-30s %14.2f %14.2f %14.2f\n", names[k].c_str(), sum.mean, sum.ci_low,
                  sum.ci_high);
    } else {
      std::printf("  %-30s %14.2f %14s %14s\n", names[k].c_str(), sum.mean, "-", "-");
    }
  }
  print_breaks(s, reps);
  std::printf(
      "\n  %.2f s wall, peak memory %.0f MiB; %llu discrete events (%.1f million events/s); "
      "outputs in %s/\n",
      wall_s, peak_rss_mib(), static_cast<unsigned long long>(events),
      static_cast<double>(events) / wall_s / 1e6, out_dir.c_str());
}

}  // namespace surgesim::cli
