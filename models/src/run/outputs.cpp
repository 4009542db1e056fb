#include "surgesim/run/outputs.hpp"

#include <yaml-cpp/yaml.h>
#include <array>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "surgesim/engine/summary.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/run/csv.hpp"
#include "surgesim/scenario/write_scenario.hpp"

namespace surgesim::run {

const char* surgesim_version() { return SURGESIM_VERSION; }
const char* git_commit() { return SURGESIM_GIT_COMMIT; }

nlohmann::ordered_json policies_json(const scenario::Scenario& s,
                                     const std::vector<ReplicationResult>& reps);
nlohmann::ordered_json breaks_json(const scenario::Scenario& s,
                                   const std::vector<ReplicationResult>& reps);

std::string summary_json(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps,
                         const std::vector<std::pair<std::string, std::string>>& files) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["surgesim_version"] = surgesim_version();
  j["scenario"] = s.name;
  j["seed"] = s.run.seed;
  j["replications"] = reps.size();
  j["days"] = s.run.days;
  j["scale"] = s.run.scale;  // run.scale: counts are of this share of the city
  j["start_date"] = s.run.start_date;
  j["clinics"] = s.clinics.size();
  nlohmann::ordered_json kpis;
  const std::vector<std::string> names = kpi_names(s);
  for (std::size_t k = 0; k < names.size(); ++k) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(r.kpis[k]);
    const engine::Summary sum = engine::summarize(v);
    nlohmann::ordered_json e;
    e["mean"] = sum.mean;
    e["sd"] = reps.size() > 1 ? nlohmann::json(sum.sd) : nlohmann::json(nullptr);
    e["ci95_low"] = reps.size() > 1 ? nlohmann::json(sum.ci_low) : nlohmann::json(nullptr);
    e["ci95_high"] = reps.size() > 1 ? nlohmann::json(sum.ci_high) : nlohmann::json(nullptr);
    e["n"] = sum.n;
    kpis[names[k]] = e;
  }
  j["kpis"] = kpis;
  j["policies"] = policies_json(s, reps);
  j["breaks"] = breaks_json(s, reps);
  j["warnings"] = run_warnings(s, reps);
  j["checks"] = nlohmann::ordered_json::object();
  for (const auto& [name, ok] : checks(s, reps)) j["checks"][name] = ok;
  if (s.epidemic) j["population"] = reps.empty() ? 0 : reps.front().epidemic->population;
  j["files"] = nlohmann::ordered_json::object();
  for (const auto& [name, sha] : files) j["files"][name] = {{"sha256", sha}};
  return j.dump(2) + "\n";
}

int exit_status(const std::vector<std::pair<std::string, bool>>& checks) {
  for (const auto& [name, ok] : checks) {
    if (!ok) return kExitCheckFailed;
  }
  return 0;
}

std::vector<std::pair<std::string, bool>> checks(const scenario::Scenario& s,
                                                 const std::vector<ReplicationResult>& reps) {
  auto all = [&](auto pass) {
    bool ok = true;
    for (const auto& r : reps) ok = ok && pass(r);
    return ok;
  };
  std::vector<std::pair<std::string, bool>> c;
  c.emplace_back("tablets_balance", all([](const auto& r) { return r.tablets_balance; }));
  if (s.ems) {
    c.emplace_back("ems_calls_balance", all([](const auto& r) { return r.ems_calls_balance; }));
    c.emplace_back("vehicles_balance", all([](const auto& r) { return r.vehicles_balance; }));
  }
  if (s.hospitals) {
    c.emplace_back("patients_balance", all([](const auto& r) { return r.patients_balance; }));
    c.emplace_back("beds_balance", all([](const auto& r) { return r.beds_balance; }));
  }
  if (s.epidemic) {
    c.emplace_back("people_conserved",
                   all([](const auto& r) { return r.epidemic->people_conserved; }));
    c.emplace_back("home_medicine_balance",
                   all([](const auto& r) { return r.epidemic->medicine_balances; }));
    c.emplace_back("deaths_balance", all([](const auto& r) { return r.deaths_balance; }));
  }
  return c;
}

std::string timeseries_csv(const scenario::Scenario& s,
                           const std::vector<ReplicationResult>& reps) {
  // Each value is the mean over replications (the wait: over every wait of the day in all of
  // them), then the replications' standard deviation of each (empty with fewer than two).
  static constexpr std::array<const char*, 13> kColumns = {"arrivals",
                                                           "served",
                                                           "left_unseen",
                                                           "sent_home",
                                                           "referred_up",
                                                           "wait_mean_min",
                                                           "queue_peak",
                                                           "doctors_on_duty",
                                                           "tablets_dispensed",
                                                           "tablets_on_hand",
                                                           "patients_without_drug",
                                                           "stockout_share",
                                                           "online_consults"};
  constexpr std::size_t kWait = 5;
  std::ostringstream out;
  out << "day,date,clinic,district,kind,subdistrict";
  for (const char* c : kColumns) out << ',' << c;
  for (const char* c : kColumns) out << ',' << c << "_sd";
  out << '\n';
  const double n = static_cast<double>(reps.size());
  for (int d = 0; d < s.run.days; ++d) {
    const std::string date = scenario::add_days(s.run.start_date, d);
    for (std::size_t c = 0; c < s.clinics.size(); ++c) {
      std::array<double, kColumns.size()> sum{};
      std::array<engine::Tally, kColumns.size()> spread;
      double wait_sum = 0, waits = 0;
      for (const auto& r : reps) {
        const care::ClinicDayStats& x = r.clinic_days[c][static_cast<std::size_t>(d)];
        const auto f = [](auto v) { return static_cast<double>(v); };
        const std::array<double, kColumns.size()> v = {
            f(x.arrivals),
            f(x.served),
            f(x.balked + x.reneged),
            f(x.sent_home),
            f(x.referred_up),
            x.waits > 0 ? x.wait_sum_min / f(x.waits) : 0.0,
            f(x.queue_peak),
            f(x.doctors_on_duty),
            f(x.tablets_dispensed),
            f(x.tablets_on_hand),
            f(x.without_drug),
            x.stockout ? 1.0 : 0.0,
            f(x.online)};
        for (std::size_t k = 0; k < v.size(); ++k) {
          sum[k] += v[k];
          if (k != kWait || x.waits > 0) spread[k].add(v[k]);
        }
        wait_sum += x.wait_sum_min;
        waits += f(x.waits);
      }
      CsvRow row;
      row.integer(d).text(date).text(s.clinics[c].id).text(s.clinics[c].district);
      row.text(care::kind_name(s.clinics[c].kind));
      if (s.clinics[c].subdistrict >= 0) {
        row.integer(s.clinics[c].subdistrict);
      } else {
        row.text("");  // anywhere in its district
      }
      for (std::size_t k = 0; k < kColumns.size(); ++k)
        row.real(k == kWait ? (waits > 0 ? wait_sum / waits : 0.0) : sum[k] / n);
      for (std::size_t k = 0; k < kColumns.size(); ++k) {
        if (spread[k].count() < 2) {
          row.text("");
        } else {
          row.real(spread[k].sd());
        }
      }
      out << row.line();
    }
  }
  return out.str();
}

std::string resolved_yaml(const scenario::Scenario& s) {
  std::string text = "# Resolved by surgesim " + std::string(surgesim_version()) + " (commit " +
                     git_commit() + "): every value explicit, extends and --set applied.\n";
  text += "# Reproduce the run with: surgesim run resolved.yaml\n";
  return text + scenario::scenario_to_yaml(s);
}

std::string epidemic_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  std::ostringstream out;
  out << "day,date,district,new_infections,imported,infectious,onsets,severe,critical,"
         "deaths_at_home,"
         "self_care,mutual_aid,no_medicine,phone_consults,clinic_visits,calls_120,"
         "online_consults,health_packs,quarantined\n";
  const double n = static_cast<double>(reps.size());
  const auto& districts = s.epidemic->params.districts;
  for (int d = 0; d < s.run.days; ++d) {
    const std::string date = scenario::add_days(s.run.start_date, d);
    for (std::size_t k = 0; k < districts.size(); ++k) {
      epi::DistrictDay sum;
      for (const auto& r : reps) sum.add(r.epidemic->days[static_cast<std::size_t>(d)][k]);
      CsvRow row;
      row.integer(d).text(date).text(districts[k].id);
      for (std::uint64_t v : {sum.new_infections, sum.imported, sum.infectious, sum.onsets,
                              sum.severe, sum.critical, sum.deaths, sum.self_care, sum.mutual_aid,
                              sum.no_medicine, sum.phone_consults, sum.clinic_visits, sum.calls_120,
                              sum.online_consults, sum.health_packs, sum.quarantined}) {
        row.real(static_cast<double>(v) / n);
      }
      out << row.line();
    }
  }
  return out.str();
}

std::string ems_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  std::ostringstream out;
  out << "day,date,calls,advice,diverted,dispatches,abandoned,response_mean_min,"
         "handover_delay_mean_min,vehicles_busy_peak\n";
  const double n = static_cast<double>(reps.size());
  for (int d = 0; d < s.run.days; ++d) {
    double calls = 0, advice = 0, diverted = 0, dispatches = 0, abandoned = 0, resp = 0, resp_n = 0,
           hand = 0, hand_n = 0, busy = 0;
    for (const auto& r : reps) {
      const ems::EmsDayStats& x = r.ems_days[static_cast<std::size_t>(d)];
      calls += static_cast<double>(x.calls);
      advice += static_cast<double>(x.advice);
      diverted += static_cast<double>(x.diverted);
      dispatches += static_cast<double>(x.dispatches);
      abandoned += static_cast<double>(x.abandoned);
      resp += x.response_sum_min;
      resp_n += static_cast<double>(x.responses);
      hand += x.handover_delay_sum_min;
      hand_n += static_cast<double>(x.handovers);
      busy += x.vehicles_busy_peak;
    }
    CsvRow row;
    row.integer(d).text(scenario::add_days(s.run.start_date, d));
    for (double v :
         {calls / n, advice / n, diverted / n, dispatches / n, abandoned / n,
          resp_n > 0 ? resp / resp_n : 0.0, hand_n > 0 ? hand / hand_n : 0.0, busy / n}) {
      row.real(v);
    }
    out << row.line();
  }
  return out.str();
}

std::string hospital_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  std::ostringstream out;
  out << "day,date";
  for (const char* pool : hospital::kPoolNames) out << ",admissions_" << pool << ",peak_" << pool;
  out << ",boarding_patient_hours,ed_wait_hours,corridor_handovers,icu_denied,deaths,"
         "deaths_without_icu,discharges,transfers_up,transfers_down\n";
  const double n = static_cast<double>(reps.size());
  for (int d = 0; d < s.run.days; ++d) {
    hospital::HospitalDay sum;
    double peaks[hospital::kPools] = {};
    for (const auto& r : reps) {
      const hospital::HospitalDay& x = r.hospital_days[static_cast<std::size_t>(d)];
      for (std::size_t k = 0; k < hospital::kPools; ++k) peaks[k] += x.occupancy_peak[k];
      sum += x;
    }
    CsvRow row;
    row.integer(d).text(scenario::add_days(s.run.start_date, d));
    for (std::size_t k = 0; k < hospital::kPools; ++k) {
      row.real(static_cast<double>(sum.admissions[k]) / n).real(peaks[k] / n);
    }
    for (double v :
         {sum.boarding_patient_hours, sum.ed_wait_hours,
          static_cast<double>(sum.corridor_handovers), static_cast<double>(sum.icu_denied),
          static_cast<double>(sum.deaths), static_cast<double>(sum.deaths_without_icu),
          static_cast<double>(sum.discharges), static_cast<double>(sum.transfers_up),
          static_cast<double>(sum.transfers_down)}) {
      row.real(v / n);
    }
    out << row.line();
  }
  return out.str();
}

std::string policy_events_csv(const scenario::Scenario& s,
                              const std::vector<ReplicationResult>& reps) {
  std::ostringstream out;
  out << "replication,day,date,policy,scope,event,metric,value\n";
  const std::vector<std::string> districts = s.district_names();
  for (std::size_t r = 0; r < reps.size(); ++r) {
    std::vector<policy::PolicyEvent> events = reps[r].policy_events;
    std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
      return std::tie(a.day, a.policy, a.unit, a.event) <
             std::tie(b.day, b.policy, b.unit, b.event);
    });
    for (const policy::PolicyEvent& e : events) {
      CsvRow row;
      row.integer(static_cast<std::int64_t>(r))
          .integer(e.day)
          .text(scenario::add_days(s.run.start_date, e.day))
          .text(s.policies[e.policy].id)
          .text(e.unit < 0 ? "city" : districts[static_cast<std::size_t>(e.unit)])
          .text(policy::kEventNames[static_cast<std::size_t>(e.event)]);
      if (e.metric == policy::kNoMetric || std::isnan(e.value)) {
        row.text(e.metric == policy::kNoMetric ? "" : policy::metric_catalogue()[e.metric].name)
            .text("");
      } else {
        row.text(policy::metric_catalogue()[e.metric].name).real(e.value);
      }
      out << row.line();
    }
  }
  return out.str();
}

nlohmann::ordered_json policies_json(const scenario::Scenario& s,
                                     const std::vector<ReplicationResult>& reps) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (std::size_t p = 0; p < s.policies.size(); ++p) {
    std::size_t fired = 0;
    double day_sum = 0;
    for (const ReplicationResult& r : reps) {
      int first = -1;  // the first day it fired (anywhere, with district scope)
      for (const policy::PolicyEvent& e : r.policy_events) {
        if (e.policy == p && e.event == policy::EventKind::kFired && (first < 0 || e.day < first))
          first = e.day;
      }
      if (first < 0) continue;
      ++fired;
      day_sum += first;
    }
    nlohmann::ordered_json e;
    e["fired_share"] =
        reps.empty() ? 0.0 : static_cast<double>(fired) / static_cast<double>(reps.size());
    e["first_fired_day_mean"] =
        fired ? nlohmann::json(day_sum / static_cast<double>(fired)) : nlohmann::json(nullptr);
    j[s.policies[p].id] = e;
  }
  return j;
}

std::vector<BreakSummary> summarize_breaks(const scenario::Scenario& s,
                                           const std::vector<ReplicationResult>& reps) {
  std::vector<BreakSummary> out;
  if (reps.empty() || reps.front().breaks.city.empty()) return out;
  const std::vector<std::string> districts = s.district_names();
  const auto summary = [&](std::size_t p, int district) {
    const BreakPool& pool = break_pools()[p];
    BreakSummary b{pool.name, pool.what,
                   district < 0 ? "" : districts[static_cast<std::size_t>(district)]};
    double n = 0, first = 0, days = 0;
    for (const ReplicationResult& r : reps) {
      const BreakRecord& x = district < 0
                                 ? r.breaks.city[p]
                                 : r.breaks.district[p][static_cast<std::size_t>(district)];
      days += x.days;
      if (x.first_day < 0) continue;
      ++n;
      first += x.first_day;
    }
    const double reps_n = static_cast<double>(reps.size());
    b.share = n / reps_n;
    b.first_day_mean = n > 0 ? first / n : std::numeric_limits<double>::quiet_NaN();
    b.days_mean = days / reps_n;
    return b;
  };
  std::vector<bool> measured(policy::metric_catalogue().size(), false);
  for (std::size_t p = 0; p < break_pools().size(); ++p) {
    const std::size_t m = policy::metric_index(break_pools()[p].metric);
    const policy::Source src = policy::metric_catalogue()[m].source;
    const bool has = src == policy::Source::kCare       ? !s.clinics.empty()
                     : src == policy::Source::kEpidemic ? s.epidemic.has_value()
                     : src == policy::Source::kEms      ? s.ems.has_value()
                                                        : s.hospitals.has_value();
    if (!has) continue;
    out.push_back(summary(p, -1));
    for (std::size_t d = 0; d < reps.front().breaks.district[p].size(); ++d) {
      BreakSummary b = summary(p, static_cast<int>(d));
      if (b.share > 0) out.push_back(std::move(b));
    }
  }
  return out;
}

std::vector<std::string> run_warnings(const scenario::Scenario& s,
                                      const std::vector<ReplicationResult>& reps) {
  std::vector<std::string> out = s.warnings;
  std::vector<std::string> growing;
  const std::size_t n = static_cast<std::size_t>(s.run.days);
  for (std::size_t c = 0; c < s.clinics.size() && n >= 3; ++c) {
    std::uint32_t worst = 0;
    for (const ReplicationResult& r : reps) {
      const auto& d = r.clinic_days[c];
      if (d[n - 3].queue_end > 0 && d[n - 3].queue_end < d[n - 2].queue_end &&
          d[n - 2].queue_end < d[n - 1].queue_end)
        worst = std::max(worst, d[n - 1].queue_end);
    }
    if (worst > 0) growing.push_back(s.clinics[c].id + " (" + std::to_string(worst) + " waiting)");
  }
  if (!growing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < growing.size() && i < 3; ++i) list += (i ? ", " : "") + growing[i];
    if (growing.size() > 3) list += " and " + std::to_string(growing.size() - 3) + " more";
    out.push_back(std::to_string(growing.size()) +
                  " clinic(s) ended the run with a queue that never drained (longer at each of "
                  "the last three midnights): " +
                  list);
  }
  return out;
}

nlohmann::ordered_json breaks_json(const scenario::Scenario& s,
                                   const std::vector<ReplicationResult>& reps) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const BreakSummary& b : summarize_breaks(s, reps)) {
    nlohmann::ordered_json e;
    if (b.district.empty()) e["what"] = b.what;
    e["share_of_replications"] = b.share;
    const bool ever = !std::isnan(b.first_day_mean);
    e["first_day_mean"] = ever ? nlohmann::json(b.first_day_mean) : nlohmann::json(nullptr);
    e["first_date"] = ever ? nlohmann::json(scenario::add_days(
                                 s.run.start_date, static_cast<int>(std::lround(b.first_day_mean))))
                           : nlohmann::json(nullptr);
    e["days_mean"] = b.days_mean;
    if (b.district.empty()) {
      j[b.pool] = e;
    } else {
      j[b.pool]["districts"][b.district] = e;
    }
  }
  return j;
}

std::vector<std::pair<std::string, std::string>> output_files(
    const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("policy_events.csv", policy_events_csv(s, reps));
  files.emplace_back("board_timeseries.csv", board_csv(s, reps));
  files.emplace_back("board_replications.csv", board_replications_csv(s, reps));
  files.emplace_back("replications.csv", replications_csv(s, reps));
  if (s.epidemic) files.emplace_back("epidemic_timeseries.csv", epidemic_csv(s, reps));
  if (s.ems) files.emplace_back("ems_timeseries.csv", ems_csv(s, reps));
  if (s.hospitals) files.emplace_back("hospital_timeseries.csv", hospital_csv(s, reps));
  if (!s.clinics.empty()) files.emplace_back("timeseries.csv", timeseries_csv(s, reps));
  if (s.observed) files.emplace_back("observed.csv", s.observed->text);
  files.emplace_back("resolved.yaml", resolved_yaml(s));
  std::vector<std::pair<std::string, std::string>> hashes;
  for (const auto& [name, text] : files) hashes.emplace_back(name, sha256_hex(text));
  files.emplace_back("summary.json", summary_json(s, reps, hashes));  // lists the others
  return files;
}

void write_outputs(OutputFolder& out, const scenario::Scenario& s,
                   const std::vector<ReplicationResult>& reps) {
  for (const auto& [name, text] : output_files(s, reps)) out.write(name, text);
}

}  // namespace surgesim::run
