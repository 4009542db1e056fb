#include "surgesim/run/scenario_run.hpp"

#include <atomic>
#include <memory>
#include <mutex>

#include "surgesim/care/city_supply.hpp"
#include "surgesim/care/fever_clinic.hpp"
#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::run {

const std::vector<std::string>& care_kpi_names() {
  static const std::vector<std::string> names = {
      "fever_arrivals",       "fever_visits",           "fever_wait_mean_min",
      "fever_wait_p95_min",   "fever_left_unseen",      "fever_balked",
      "fever_reneged",        "fever_sent_home",        "fever_queue_peak",
      "fever_referred_up",    "drug_tablets_dispensed", "drug_stockout_facility_days",
      "patients_without_drug"};
  return names;
}

const std::vector<std::string>& epidemic_kpi_names() {
  static const std::vector<std::string> names = {"infections", "attack_rate", "peak_infection_day"};
  return names;
}

std::vector<std::string> kpi_names(const scenario::Scenario& s) {
  std::vector<std::string> names;
  if (!s.clinics.empty()) names = care_kpi_names();
  if (s.epidemic)
    names.insert(names.end(), epidemic_kpi_names().begin(), epidemic_kpi_names().end());
  return names;
}

namespace {
void add_epidemic_kpis(const epi::GridEpidemicResult& e, std::vector<double>& kpis) {
  const auto& f = e.final_by_state;
  const double infected = static_cast<double>(f[1] + f[2] + f[3]);
  std::size_t peak_day = 0;
  for (std::size_t d = 1; d < e.new_infections.size(); ++d) {
    if (e.new_infections[d] > e.new_infections[peak_day]) peak_day = d;
  }
  kpis.push_back(infected);
  kpis.push_back(infected / static_cast<double>(e.population));
  kpis.push_back(static_cast<double>(peak_day));
}
}  // namespace

ReplicationResult run_replication(const scenario::Scenario& s, std::size_t rep,
                                  const std::function<void()>& on_day) {
  ReplicationResult r;
  if (s.clinics.empty()) {  // an epidemic on its own
    r.epidemic = epi::run_grid_epidemic(s.epidemic->params, s.run.seed, rep, s.run.threads);
    add_epidemic_kpis(*r.epidemic, r.kpis);
    if (on_day) {
      for (int d = 0; d < s.run.days; ++d) on_day();
    }
    return r;
  }
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
  if (s.epidemic) {  // not yet coupled to the clinics: run side by side (issue 4 couples them)
    r.epidemic = epi::run_grid_epidemic(s.epidemic->params, s.run.seed, rep, s.run.threads);
    add_epidemic_kpis(*r.epidemic, r.kpis);
  }
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
