#include "surgesim/run/outputs.hpp"

#include <yaml-cpp/yaml.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "surgesim/engine/summary.hpp"
#include "surgesim/scenario/write_scenario.hpp"

namespace surgesim::run {

const char* surgesim_version() { return SURGESIM_VERSION; }
const char* git_commit() { return SURGESIM_GIT_COMMIT; }

void write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error("cannot create " + tmp);
    f << text;
    f.flush();
    if (!f) {
      std::remove(tmp.c_str());
      throw std::runtime_error("cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

std::string summary_json(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["surgesim_version"] = surgesim_version();
  j["scenario"] = s.name;
  j["seed"] = s.run.seed;
  j["replications"] = reps.size();
  j["days"] = s.run.days;
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
  bool balanced = true, people = true, medicine = true;
  for (const auto& r : reps) {
    balanced = balanced && r.tablets_balance;
    if (r.epidemic) {
      people = people && r.epidemic->people_conserved;
      medicine = medicine && r.epidemic->medicine_balances;
    }
  }
  j["checks"] = {{"tablets_balance", balanced}};
  if (s.ems) {
    bool calls = true, vehicles = true;
    for (const auto& r : reps) {
      calls = calls && r.ems_calls_balance;
      vehicles = vehicles && r.vehicles_balance;
    }
    j["checks"]["ems_calls_balance"] = calls;
    j["checks"]["vehicles_balance"] = vehicles;
  }
  if (s.hospitals) {
    bool patients = true, beds = true;
    for (const auto& r : reps) {
      patients = patients && r.patients_balance;
      beds = beds && r.beds_balance;
    }
    j["checks"]["patients_balance"] = patients;
    j["checks"]["beds_balance"] = beds;
  }
  if (s.epidemic) {
    j["population"] = reps.empty() ? 0 : reps.front().epidemic->population;
    j["checks"]["people_conserved"] = people;
    j["checks"]["home_medicine_balance"] = medicine;
  }
  return j.dump(2) + "\n";
}

std::string timeseries_csv(const scenario::Scenario& s,
                           const std::vector<ReplicationResult>& reps) {
  std::ostringstream out;
  out << "day,date,clinic,district,arrivals,served,left_unseen,sent_home,referred_up,"
         "wait_mean_min,queue_peak,doctors_on_duty,tablets_dispensed,tablets_on_hand,"
         "patients_without_drug,stockout_share\n";
  const double n = static_cast<double>(reps.size());
  char buf[512];
  for (int d = 0; d < s.run.days; ++d) {
    const std::string date = scenario::add_days(s.run.start_date, d);
    for (std::size_t c = 0; c < s.clinics.size(); ++c) {
      double a = 0, sv = 0, lu = 0, sh = 0, ru = 0, ws = 0, wn = 0, qp = 0, doc = 0, td = 0, th = 0,
             wd = 0, so = 0;
      for (const auto& r : reps) {
        const care::ClinicDayStats& x = r.clinic_days[c][static_cast<std::size_t>(d)];
        a += static_cast<double>(x.arrivals);
        sv += static_cast<double>(x.served);
        lu += static_cast<double>(x.balked + x.reneged);
        sh += static_cast<double>(x.sent_home);
        ru += static_cast<double>(x.referred_up);
        ws += x.wait_sum_min;
        wn += static_cast<double>(x.waits);
        qp += x.queue_peak;
        doc += x.doctors_on_duty;
        td += static_cast<double>(x.tablets_dispensed);
        th += static_cast<double>(x.tablets_on_hand);
        wd += static_cast<double>(x.without_drug);
        so += x.stockout ? 1 : 0;
      }
      std::snprintf(buf, sizeof buf,
                    "%d,%s,%s,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", d,
                    date.c_str(), s.clinics[c].id.c_str(), s.clinics[c].district.c_str(), a / n,
                    sv / n, lu / n, sh / n, ru / n, wn > 0 ? ws / wn : 0.0, qp / n, doc / n, td / n,
                    th / n, wd / n, so / n);
      out << buf;
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
  out << "day,date,district,new_infections,imported,infectious,onsets,severe,critical,deaths,"
         "self_care,mutual_aid,no_medicine,phone_consults,clinic_visits,calls_120\n";
  const double n = static_cast<double>(reps.size());
  char buf[512];
  const auto& districts = s.epidemic->params.districts;
  for (int d = 0; d < s.run.days; ++d) {
    const std::string date = scenario::add_days(s.run.start_date, d);
    for (std::size_t k = 0; k < districts.size(); ++k) {
      epi::DistrictDay sum;
      for (const auto& r : reps) sum.add(r.epidemic->days[static_cast<std::size_t>(d)][k]);
      const auto m = [n](std::uint64_t v) { return static_cast<double>(v) / n; };
      std::snprintf(buf, sizeof buf,
                    "%d,%s,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n",
                    d, date.c_str(), districts[k].id.c_str(), m(sum.new_infections),
                    m(sum.imported), m(sum.infectious), m(sum.onsets), m(sum.severe),
                    m(sum.critical), m(sum.deaths), m(sum.self_care), m(sum.mutual_aid),
                    m(sum.no_medicine), m(sum.phone_consults), m(sum.clinic_visits),
                    m(sum.calls_120));
      out << buf;
    }
  }
  return out.str();
}

std::string ems_csv(const scenario::Scenario& s, const std::vector<ReplicationResult>& reps) {
  std::ostringstream out;
  out << "day,date,calls,advice,diverted,dispatches,abandoned,response_mean_min,"
         "handover_delay_mean_min,vehicles_busy_peak\n";
  const double n = static_cast<double>(reps.size());
  char buf[512];
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
    std::snprintf(buf, sizeof buf, "%d,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", d,
                  scenario::add_days(s.run.start_date, d).c_str(), calls / n, advice / n,
                  diverted / n, dispatches / n, abandoned / n, resp_n > 0 ? resp / resp_n : 0.0,
                  hand_n > 0 ? hand / hand_n : 0.0, busy / n);
    out << buf;
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
    const auto m = [n](double v) { return v / n; };
    char buf[64];
    out << d << "," << scenario::add_days(s.run.start_date, d);
    for (std::size_t k = 0; k < hospital::kPools; ++k) {
      std::snprintf(buf, sizeof buf, ",%.6g,%.6g", m(static_cast<double>(sum.admissions[k])),
                    m(peaks[k]));
      out << buf;
    }
    for (double v :
         {sum.boarding_patient_hours, sum.ed_wait_hours,
          static_cast<double>(sum.corridor_handovers), static_cast<double>(sum.icu_denied),
          static_cast<double>(sum.deaths), static_cast<double>(sum.deaths_without_icu),
          static_cast<double>(sum.discharges), static_cast<double>(sum.transfers_up),
          static_cast<double>(sum.transfers_down)}) {
      std::snprintf(buf, sizeof buf, ",%.6g", m(v));
      out << buf;
    }
    out << "\n";
  }
  return out.str();
}

void write_outputs(const std::string& dir, const scenario::Scenario& s,
                   const std::vector<ReplicationResult>& reps) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path d(dir);
  if (s.epidemic) write_atomically((d / "epidemic_timeseries.csv").string(), epidemic_csv(s, reps));
  if (s.ems) write_atomically((d / "ems_timeseries.csv").string(), ems_csv(s, reps));
  if (s.hospitals)
    write_atomically((d / "hospital_timeseries.csv").string(), hospital_csv(s, reps));
  if (!s.clinics.empty())
    write_atomically((d / "timeseries.csv").string(), timeseries_csv(s, reps));
  write_atomically((d / "resolved.yaml").string(), resolved_yaml(s));
  write_atomically((d / "summary.json").string(), summary_json(s, reps));  // last: marks completion
}

}  // namespace surgesim::run
