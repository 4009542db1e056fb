#include "surgesim/run/scenario_run.hpp"

#include <atomic>
#include <memory>
#include <mutex>

#include "surgesim/care/city_supply.hpp"
#include "surgesim/care/fever_clinic.hpp"
#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::run {

ReplicationResult run_replication(const scenario::Scenario& s, std::size_t rep,
                                  const std::function<void()>& on_day) {
  engine::Simulation sim;
  const engine::RngStreams streams(s.run.seed, rep);
  care::CareTotals totals;
  std::vector<std::unique_ptr<care::FeverClinic>> clinics;
  clinics.reserve(s.clinics.size());
  for (const care::FeverClinicParams& p : s.clinics) {
    clinics.push_back(std::make_unique<care::FeverClinic>(sim, p, s.drugs, streams, s.run.days,
                                                          s.run.first_weekday, totals));
  }
  for (auto& c : clinics) c->start();
  care::CityDrugSupply city(sim, s.drugs, clinics, s.run.days);
  city.start();
  if (on_day) {
    for (int d = 1; d <= s.run.days; ++d) {
      sim.schedule_at(
          d * care::kMinutesPerDay, [&on_day] { on_day(); }, engine::kPriorityMin);
    }
  }
  sim.run_until(s.run.days * care::kMinutesPerDay);

  ReplicationResult r;
  double arrivals = 0, visits = 0, balked = 0, reneged = 0, sent_home = 0, referred = 0;
  double dispensed = 0, stockout_days = 0, without = 0;
  for (auto& c : clinics) {
    c->finish();
    r.tablets_balance = r.tablets_balance && c->ledger_balances();
    for (const care::ClinicDayStats& d : c->days()) {
      arrivals += static_cast<double>(d.arrivals);
      visits += static_cast<double>(d.served);
      balked += static_cast<double>(d.balked);
      reneged += static_cast<double>(d.reneged);
      sent_home += static_cast<double>(d.sent_home);
      referred += static_cast<double>(d.referred_up);
      dispensed += static_cast<double>(d.tablets_dispensed);
      stockout_days += d.stockout ? 1 : 0;
      without += static_cast<double>(d.without_drug);
    }
    r.clinic_days.push_back(c->days());
  }
  const double wait_mean = totals.waits_min.count() ? totals.waits_min.mean() : 0.0;
  const double wait_p95 =
      totals.wait_quantiles_min.count() ? totals.wait_quantiles_min.quantile(0.95) : 0.0;
  r.kpis = {arrivals, visits,           wait_mean,
            wait_p95, balked + reneged, balked,
            reneged,  sent_home,        static_cast<double>(totals.queue_peak),
            referred, dispensed,        stockout_days,
            without};
  r.events = sim.events_executed();
  return r;
}

std::vector<ReplicationResult> run_replications(
    const scenario::Scenario& s, int threads,
    const std::function<void(std::size_t, std::size_t)>& progress) {
  const std::size_t total = s.run.replications * static_cast<std::size_t>(s.run.days);
  std::atomic<std::size_t> days_done{0};
  std::size_t reported_percent = 0;  // guarded by `report`
  std::mutex report;
  const std::function<void()> on_day = [&] {
    const std::size_t n = ++days_done;
    const std::size_t percent = n * 100 / total;
    const std::lock_guard<std::mutex> lock(report);
    if (percent <= reported_percent && n != total) return;
    reported_percent = percent;
    progress(n, total);
  };
  return engine::replicate(
      {.replications = s.run.replications, .threads = threads}, [&](std::size_t rep) {
        return run_replication(s, rep, progress ? on_day : std::function<void()>{});
      });
}

}  // namespace surgesim::run
