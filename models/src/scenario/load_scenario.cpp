#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "load_ems.hpp"
#include "load_epidemic.hpp"
#include "load_hospitals.hpp"
#include "load_policies.hpp"
#include "read_hours.hpp"
#include "surgesim/policy/board.hpp"
#include "surgesim/scenario/distribution_spec.hpp"
#include "surgesim/scenario/input_checks.hpp"
#include "surgesim/scenario/limits.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/run_scale.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"
#include "warnings.hpp"

namespace surgesim::scenario {

// "08:00-20:00" -> minutes; "24h" -> whole day; "closed".
care::DailyHours read_hours_text(Reader r) {
  const std::string s = r.as_string();
  if (s == "24h") return {0, 1440};
  if (s == "closed") return {0, 0};
  int h1 = -1, m1 = -1, h2 = -1, m2 = -1;
  char c1 = 0, dash = 0, c2 = 0;
  std::istringstream in(s);
  in >> h1 >> c1 >> m1 >> dash >> h2 >> c2 >> m2;
  const int open = h1 * 60 + m1, close = h2 * 60 + m2;
  if (!in || c1 != ':' || c2 != ':' || dash != '-' || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59 ||
      open < 0 || close > 1440 || close <= open) {
    r.fail("expected opening hours like \"08:00-20:00\", \"24h\" or \"closed\", found '" + s + "'");
  }
  return {open, close};
}

namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

// A date is written YYYY-MM-DD exactly (ISO 8601: "2022-12-01", not "2022-12-1"), from 1900 to
// 2200 (a year 0 or 9999 is a typing error, not a plan).
std::chrono::year_month_day parse_date(const std::string& s) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  const bool shaped =
      s.size() == 10 && s[4] == '-' && s[7] == '-' && digits(0, 4) && digits(5, 2) && digits(8, 2);
  if (shaped) {
    const int y = std::stoi(s.substr(0, 4));
    const auto m = static_cast<unsigned>(std::stoi(s.substr(5, 2)));
    const auto d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                          std::chrono::day{d}};
    if (ymd.ok() && y >= 1900 && y <= 2200) return ymd;
  }
  throw std::invalid_argument(
      "expected a date YYYY-MM-DD from 1900 to 2200 (e.g. 2022-12-01), found '" + s + "'");
}

std::array<care::DailyHours, 7> read_hours(Reader r) {
  std::array<care::DailyHours, 7> week{};
  if (r.node().IsScalar()) {
    week.fill(read_hours_text(r));
    return week;
  }
  r.expect_map();
  if (auto all = r.maybe("all")) week.fill(read_hours_text(*all));
  if (auto wd = r.maybe("weekdays")) {
    const care::DailyHours h = read_hours_text(*wd);
    for (int d = 0; d < 5; ++d) week[static_cast<std::size_t>(d)] = h;
  }
  if (auto we = r.maybe("weekends")) week[5] = week[6] = read_hours_text(*we);
  static const char* kNames[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                  "friday", "saturday", "sunday"};
  for (int d = 0; d < 7; ++d) {
    if (auto one = r.maybe(kNames[d])) week[static_cast<std::size_t>(d)] = read_hours_text(*one);
  }
  r.finish();
  return week;
}

// A CSV of daily counts: every row has as many comma-separated columns as the first (a header
// or data), and the last holds the count.
std::vector<double> read_csv_counts(Reader r, const std::string& scenario_dir) {
  const std::filesystem::path file = std::filesystem::path(scenario_dir) / r.as_string();
  std::string text;
  try {
    text = read_checked_file(file.string(), kMaxCsvBytes);
  } catch (const ScenarioError& e) {
    r.fail(file.string() + ": " + e.message());
  }
  std::vector<double> counts;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  std::size_t columns = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::size_t n = static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1;
    const std::string at = file.string() + ":" + std::to_string(line_no);
    if (columns == 0) {
      columns = n;
      if (line.find_first_of("0123456789") != 0) continue;  // a header
    } else if (n != columns) {
      throw ScenarioError(at, r.path(),
                          "expected " + std::to_string(columns) +
                              " columns (as in the first row), found " + std::to_string(n));
    }
    const auto comma = line.rfind(',');
    const std::string cell = comma == std::string::npos ? line : line.substr(comma + 1);
    try {
      std::size_t used = 0;
      const double v = std::stod(cell, &used);
      if (used != cell.size() || !(v >= 0 && v <= kMaxPerDay)) throw std::invalid_argument("bad");
      counts.push_back(v);
    } catch (const std::exception&) {
      throw ScenarioError(at, r.path(),
                          "expected a count from 0 to " +
                              std::to_string(static_cast<long long>(kMaxPerDay)) +
                              " in the last column, found '" + cell + "'");
    }
  }
  if (counts.empty()) r.fail("no counts in " + file.string());
  return counts;
}

void read_demand(Reader r, care::FeverClinicParams& c, const std::string& dir) {
  r.expect_map();
  const bool has_visits = r.has("visits_per_day"), has_csv = r.has("counts_csv");
  if (has_visits == has_csv) r.fail("give exactly one of visits_per_day or counts_csv");
  c.visits_per_day = has_visits ? r.at("visits_per_day").as_number_or_list(0, kMaxPerDay)
                                : read_csv_counts(r.at("counts_csv"), dir);
  if (auto mult = r.maybe("daily_multiplier")) {
    const std::vector<double> m = mult->as_number_or_list(0, kMaxFactor);
    const std::size_t n = std::max(m.size(), c.visits_per_day.size());
    std::vector<double> v(n);
    for (std::size_t d = 0; d < n; ++d) {
      v[d] =
          c.visits_per_day[std::min(d, c.visits_per_day.size() - 1)] * m[std::min(d, m.size() - 1)];
    }
    c.visits_per_day = std::move(v);
  }
  c.hourly_weights.fill(1.0);
  if (auto prof = r.maybe("hourly_profile")) {
    if (prof->node().IsScalar() && prof->as_choice({"flat"}) == "flat") {
      // already flat
    } else {
      if (prof->size() != 24)
        prof->fail("expected 24 weights, one per hour, found " + std::to_string(prof->size()));
      double total = 0;
      for (std::size_t h = 0; h < 24; ++h)
        total += c.hourly_weights[h] = prof->item(h).as_double_in(0, kMaxWeight);
      if (!(total > 0)) prof->fail("expected at least one weight > 0");
    }
  }
  if (auto k = r.maybe("key_group_share")) c.key_group_share = k->as_double_in(0, 1);
  if (auto k = r.maybe("needs_diagnostics_share"))
    c.needs_diagnostics_share = k->as_double_in(0, 1);
  r.finish();
}

care::DrugSupply read_drug_supply(Reader r, const std::map<std::string, std::size_t>& drug_index) {
  r.expect_map();
  care::DrugSupply s;
  Reader id = r.at("drug");
  const auto it = drug_index.find(id.as_string());
  if (it == drug_index.end()) {
    std::set<std::string> names;
    for (const auto& kv : drug_index) names.insert(kv.first);
    const std::string hint = closest_word(id.as_string(), names);
    id.fail("no drug '" + id.as_string() + "' in the drugs list" +
            (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  s.drug = it->second;
  s.initial_tablets = r.at("initial_tablets").as_int_in(0, kMaxTablets);
  s.tablets_per_visit = static_cast<int>(r.at("tablets_per_visit").as_int_in(1, 100000));
  if (auto ration = r.maybe("rationing"))
    ration->add_day_steps(s.tablets_per_visit, "tablets_per_visit", 1, 100000);
  if (auto re = r.maybe("resupply")) {
    re->expect_map();
    s.resupply_tablets = re->at("tablets").as_int_in(1, kMaxTablets);
    s.resupply_every_days = re->at("every_days").as_double_in(1.0 / 24, kMaxDays);
    re->finish();
  }
  r.finish();
  return s;
}

// Keys of `defaults` that the clinic does not set are added to it in place (the clinic wins), so
// every value keeps its position in its file for error messages, and resolved.yaml shows them.
void apply_defaults(YAML::Node clinic, const YAML::Node& defaults) {
  if (!defaults || !clinic.IsMap()) return;
  for (const auto& kv : defaults) {
    const std::string key = kv.first.as<std::string>();
    if (!clinic[key]) clinic[key] = kv.second;
  }
}

care::FeverClinicParams read_clinic(Reader r, const std::map<std::string, std::size_t>& drug_index,
                                    const std::string& dir) {
  r.expect_map();
  care::FeverClinicParams c;
  c.id = r.at("id").as_string();
  if (c.id.empty()) r.at("id").fail("expected a non-empty id");
  if (auto k = r.maybe("kind")) {
    const std::string kind =
        k->as_choice({"community_fever_room", "chc_fever_clinic", "hospital_fever_clinic"});
    c.kind = kind == "community_fever_room" ? care::ClinicKind::kCommunityFeverRoom
             : kind == "chc_fever_clinic"   ? care::ClinicKind::kChcFeverClinic
                                            : care::ClinicKind::kHospitalFeverClinic;
  }
  if (auto k = r.maybe("district")) c.district = k->as_string();
  if (auto k = r.maybe("grid")) c.grid = k->as_string();
  if (auto k = r.maybe("group")) c.group = k->as_string();
  if (auto k = r.maybe("subdistrict")) c.subdistrict = static_cast<int>(k->as_int_in(0, 100000));
  c.rooms = static_cast<int>(r.at("rooms").as_int_in(1, 10000));
  if (auto k = r.maybe("open")) c.open = k->as_bool();
  if (auto k = r.maybe("opens")) {
    if (r.has("open")) k->fail("give either open or opens, not both");
    c.open = false;
    c.open.set_from(k->as_day(100000), true);
  }
  c.doctors = static_cast<int>(r.at("doctors").as_int_in(0, 10000));
  if (auto sched = r.maybe("doctor_schedule"))
    sched->add_day_steps(c.doctors, "doctors", 0, 100000);
  c.hours.fill(care::DailyHours{0, 1440});
  if (auto h = r.maybe("hours")) c.hours = read_hours(*h);
  c.service_min = read_distribution(r.at("service_min"), "min");
  if (auto k = r.maybe("blood_count")) c.blood_count = k->as_bool();
  if (auto k = r.maybe("chest_xray")) c.chest_xray = k->as_bool();
  if (auto k = r.maybe("discipline")) {
    c.priority_for_key_groups = k->as_choice({"fifo", "key_groups_first"}) == "key_groups_first";
  }
  if (auto k = r.maybe("queue_limit")) c.queue_limit = k->as_int_or_none(0, kMaxQueue);
  if (auto k = r.maybe("patience_min")) c.patience_min = read_distribution(*k, "min");
  if (auto k = r.maybe("at_closing"))
    c.serve_late = k->as_choice({"serve_late", "send_home"}) == "serve_late";
  if (auto drugs = r.maybe("drugs")) {
    std::set<std::size_t> seen;
    for (std::size_t i = 0; i < drugs->size(); ++i) {
      care::DrugSupply s = read_drug_supply(drugs->item(i), drug_index);
      if (!seen.insert(s.drug).second)
        drugs->item(i).fail("this drug is listed twice for the clinic");
      c.drugs.push_back(std::move(s));
    }
  }
  if (auto demand = r.maybe("demand")) {
    read_demand(*demand, c, dir);
  }
  r.finish();
  return c;
}

struct DistrictDemand {
  care::FeverClinicParams demand;  // only the demand fields are used
  std::string split = "by_doctors";
  std::string path;
};

}  // namespace

std::vector<std::string> Scenario::district_names() const {
  std::vector<std::string> names;
  if (epidemic) {
    for (const auto& d : epidemic->params.districts) names.push_back(d.id);
    return names;
  }
  for (const care::FeverClinicParams& c : clinics) {
    if (std::find(names.begin(), names.end(), c.district) == names.end())
      names.push_back(c.district);
  }
  return names;
}

int Scenario::clinic_district(std::size_t clinic) const {
  const std::string& name = clinics.at(clinic).district;
  if (epidemic) return epidemic->district_index(name);
  const std::vector<std::string> names = district_names();
  return static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin());
}

int days_between(const std::string& from, const std::string& to) {
  return static_cast<int>(
      (std::chrono::sys_days{parse_date(to)} - std::chrono::sys_days{parse_date(from)}).count());
}

int weekday_of(const std::string& date) {
  const std::chrono::weekday wd{std::chrono::sys_days{parse_date(date)}};
  return static_cast<int>(wd.iso_encoding()) - 1;
}

std::string add_days(const std::string& date, int days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{parse_date(date)} +
                                        std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

namespace {

// An observed-series CSV: date,series,value[,low,high[,source]]; source is the rest of the line.
// Its path is relative to the file that names it (an extended base, say), or to the current
// folder when a --set gives it.
ObservedSeries read_observed(Reader r, const YamlDocument& doc) {
  const std::string origin = doc.origin(r.path());
  const std::filesystem::path base = origin.rfind("--set ", 0) == 0
                                         ? std::filesystem::path()
                                         : std::filesystem::path(origin).parent_path();
  const std::filesystem::path file = base / r.as_string();
  ObservedSeries o;
  o.file = file.string();
  try {
    o.text = read_checked_file(o.file, kMaxCsvBytes);
  } catch (const ScenarioError& e) {
    r.fail(o.file + ": " + e.message());
  }
  std::set<std::string> known = {"attack_rate_percent"};
  for (const policy::MetricInfo& m : policy::metric_catalogue()) known.insert(m.name);
  std::istringstream in(o.text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string at = o.file + ":" + std::to_string(n);
    std::vector<std::string> cells;
    std::size_t from = 0;
    while (cells.size() < 5) {
      const std::size_t comma = line.find(',', from);
      if (comma == std::string::npos) break;
      cells.push_back(line.substr(from, comma - from));
      from = comma + 1;
    }
    cells.push_back(line.substr(from));  // the last field (source: may hold commas)
    if (n == 1) {
      if (line.rfind("date,series,value", 0) != 0)
        throw ScenarioError(at + ":1", r.path(),
                            "expected the header date,series,value[,low,high[,source]]");
      continue;
    }
    if (line.empty()) continue;
    if (cells.size() < 3)
      throw ScenarioError(at + ":1", r.path(), "expected date,series,value[,low,high[,source]]");
    try {
      parse_date(cells[0]);
    } catch (const std::invalid_argument&) {
      throw ScenarioError(at + ":1", r.path(),
                          "expected a date YYYY-MM-DD, found '" + cells[0] + "'");
    }
    if (!known.count(cells[1])) {
      std::string msg = "no observed series '" + cells[1] + "'";
      const std::string hint = closest_word(cells[1], known);
      if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
      throw ScenarioError(at, r.path(), msg + "; expected a board metric or attack_rate_percent");
    }
    for (std::size_t k = 2; k < std::min<std::size_t>(cells.size(), 5); ++k) {
      if (k > 2 && cells[k].empty()) continue;  // low and high may be left out
      try {
        std::size_t used = 0;
        const double v = std::stod(cells[k], &used);
        if (used != cells[k].size() || !std::isfinite(v)) throw std::invalid_argument("");
      } catch (const std::logic_error&) {
        throw ScenarioError(at, r.path(), "expected a number, found '" + cells[k] + "'");
      }
    }
  }
  if (n < 2) r.fail(o.file + ": no observations");
  return o;
}

void read_scenario(Scenario& s, const std::string& dir) {
  Reader root(s.document, s.document.root(), "");
  root.expect_map();
  const YamlDocument& doc = s.document;
  read_part(doc, [&] { s.name = root.at("name").as_string(); });
  read_part(doc, [&] {
    if (auto d = root.maybe("description")) s.description = d->as_string();
  });
  read_part(doc, [&] {
    if (auto o = root.maybe("observed")) s.observed = read_observed(*o, doc);
  });
  if (auto run = root.maybe("run"))
    read_part(doc, [&] {
      run->expect_map();
      if (auto k = run->maybe("days")) s.run.days = static_cast<int>(k->as_int_in(1, 3650));
      if (auto k = run->maybe("seed"))
        s.run.seed = static_cast<std::uint64_t>(k->as_int_in(0, kMaxInt));
      if (auto k = run->maybe("replications")) {
        s.run.replications = static_cast<std::size_t>(k->as_int_in(1, 100000));
      }
      if (auto k = run->maybe("threads")) s.run.threads = static_cast<int>(k->as_int_in(0, 1024));
      if (auto k = run->maybe("scale")) {
        s.run.scale = k->as_double_in(0, 1);
        if (!(s.run.scale > 0)) k->fail("expected a share of the city above 0 (at most 1)");
      }
      if (auto k = run->maybe("start_date")) {
        const std::string date = k->as_string();
        try {
          parse_date(date);
        } catch (const std::invalid_argument& e) {
          k->fail(e.what());
        }
        s.run.start_date = date;
      }
      run->finish();
    });
  s.run.first_weekday = weekday_of(s.run.start_date);
  s.document.set_start_date(s.run.start_date);
  std::map<std::string, std::size_t> drug_index;
  if (auto drugs = root.maybe("drugs"))
    read_part(doc, [&] {
      for (std::size_t i = 0; i < drugs->size(); ++i)
        read_part(doc, [&] {
          Reader d = drugs->item(i);
          d.expect_map();
          care::DrugInfo info;
          info.id = d.at("id").as_string();
          if (drug_index.count(info.id)) d.at("id").fail("drug '" + info.id + "' is defined twice");
          if (auto k = d.maybe("tablets_per_box"))
            info.tablets_per_box = static_cast<int>(k->as_int_in(1, 100000));
          if (auto k = d.maybe("need_share")) info.need_share = k->as_double_in(0, 1);
          if (auto cs = d.maybe("city_supply")) {
            cs->expect_map();
            const std::int64_t n = cs->at("tablets_per_day").as_int_in(0, kMaxTablets);
            const auto from = cs->maybe("from_day");
            info.city_supply.tablets_per_day.set_from(from ? from->as_day(100000) : 0, n);
            if (auto k = cs->maybe("allocation")) {
              info.city_supply.by_demand = k->as_choice({"by_demand", "equal"}) == "by_demand";
            }
            cs->finish();
          }
          d.finish();
          if (s.drugs.size() >= 32) d.fail("at most 32 drug classes are supported");
          drug_index[info.id] = s.drugs.size();
          s.drugs.push_back(std::move(info));
        });
    });
  YAML::Node defaults;
  if (auto def = root.maybe("clinic_defaults"))
    read_part(doc, [&] {
      def->expect_map();
      defaults = def->node();
    });
  std::map<std::string, DistrictDemand> district_demand;
  if (auto dd = root.maybe("district_demand"))
    read_part(doc, [&] {
      for (std::size_t i = 0; i < dd->size(); ++i)
        read_part(doc, [&] {
          Reader e = dd->item(i);
          e.expect_map();
          const std::string district = e.at("district").as_string();
          if (district_demand.count(district))
            e.at("district").fail("district '" + district + "' has demand twice");
          DistrictDemand d;
          d.path = e.path();
          if (auto sp = e.maybe("split"))
            d.split = sp->as_choice({"by_doctors", "by_rooms", "equal"});
          // The demand keys sit beside district and split.
          YAML::Node only_demand = YAML::Node(YAML::NodeType::Map);
          for (const auto& kv : e.node()) {
            const std::string key = kv.first.as<std::string>();
            if (key != "district" && key != "split") only_demand[key] = kv.second;
          }
          read_demand(Reader(s.document, only_demand, e.path()), d.demand, dir);
          district_demand[district] = std::move(d);
        });
    });
  if (auto ep = root.maybe("epidemic"))
    read_part(doc, [&] {
      s.epidemic = read_epidemic(*ep);
      if (s.run.scale != 1) scale_epidemic(*s.epidemic, s.run.scale);
      s.epidemic->params.days = s.run.days;
      for (const care::DrugInfo& d : s.drugs)
        s.epidemic->params.drug_need_share.push_back(d.need_share);
    });
  // What follows depends on the epidemic as read: a problem there is reported first.
  if (root.has("epidemic") && !s.epidemic) doc.throw_problems();
  if (auto e = root.maybe("ems"))
    read_part(doc, [&] {
      s.ems =
          read_ems(*e, s.epidemic ? &*s.epidemic : nullptr, root.maybe("hospitals").has_value());
    });
  if (auto h = root.maybe("hospitals"))
    read_part(doc, [&] {
      if (!s.epidemic)
        h->fail("hospitals take their patients from the epidemic: add an epidemic section");
      s.hospitals = read_hospitals(*h, *s.epidemic);
      s.epidemic->params.outcomes_in_hospital = true;
    });
  if (!s.epidemic && !s.ems && !root.has("clinics")) {
    try {
      (void)root.at("clinics");  // names a misspelt 'clinics' key
    } catch (const ScenarioError& e) {
      if (e.message().rfind("missing required key", 0) != 0) throw;
    }
    root.fail("missing required key 'clinics' (or an epidemic or ems section)");
  }
  std::set<std::string> ids;
  // Checks a clinic read from `entry` (listed, or a template) and adds it.
  auto add_clinic = [&](care::FeverClinicParams c, Reader entry, bool listed) {
    if (!ids.insert(c.id).second) entry.at("id").fail("clinic id '" + c.id + "' is used twice");
    const bool own = entry.has("demand");
    const bool district = district_demand.count(c.district) > 0;
    if (own && district)
      entry.at("demand").fail("clinic has its own demand and its district '" + c.district +
                              "' has district_demand: give one");
    if (!own && !district && !s.epidemic)
      entry.fail("missing required key 'demand' (or a district_demand entry for its district)");
    if (s.epidemic) {
      // The clinic is a place in the epidemic's city: its staff live there, patients go there.
      const int d = s.epidemic->district_index(c.district);
      if (d < 0) {
        std::set<std::string> names;
        for (const auto& ds : s.epidemic->params.districts) names.insert(ds.id);
        const std::string hint = closest_word(c.district, names);
        (listed && entry.has("district") ? entry.at("district") : entry)
            .fail("no district '" + c.district + "' in epidemic.districts" +
                  (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
      const int subs = s.epidemic->params.districts[static_cast<std::size_t>(d)].subdistricts;
      if (c.subdistrict >= subs)
        entry.at("subdistrict")
            .fail("expected a subdistrict index below " + std::to_string(subs) + " for district '" +
                  c.district + "'");
    }
    s.clinics.push_back(std::move(c));
  };
  if (root.has("clinics")) {
    Reader clinics = root.at("clinics");
    clinics.expect_sequence();
    if (clinics.size() == 0 && !s.epidemic) clinics.fail("expected at least one clinic");
    for (std::size_t i = 0; i < clinics.size(); ++i)
      read_part(doc, [&] {
        Reader entry = clinics.item(i);
        entry.expect_map();
        apply_defaults(entry.node(), defaults);
        add_clinic(read_clinic(entry, drug_index, dir), entry, true);
      });
  }
  // Clinics generated per district from a template (the epidemic's community_clinics and
  // hospital_clinics), spread over the district's subdistricts. Each template is read once.
  std::optional<Reader> templates = root.maybe("clinic_templates");
  if (templates) templates->expect_map();
  if (s.epidemic) {
    const EpidemicScenario& ep = *s.epidemic;
    for (int hospital = 0; hospital < 2; ++hospital) {
      const char* kind = hospital ? "hospital" : "community";
      std::optional<care::FeverClinicParams> made;
      std::optional<Reader> t;
      // The reserve: a share of the template's clinics in all, shared out over the districts by
      // largest remainders (the last ones of each district), dormant.
      const std::vector<int>& counts = hospital ? ep.hospital_clinics : ep.community_clinics;
      std::vector<int> reserves(counts.size(), 0);
      std::string reserve_group;
      for (std::size_t d = 0; d < ep.params.districts.size(); ++d) {
        const int n = hospital ? ep.hospital_clinics[d] : ep.community_clinics[d];
        if (n == 0) continue;
        if (!made) {
          if (!templates || !templates->has(kind)) {
            root.fail(std::string("missing required key 'clinic_templates.") + kind +
                      "' (district '" + ep.params.districts[d].id + "' asks for " + kind +
                      " clinics)");
          }
          t = templates->at(kind);
          t->expect_map();
          if (t->has("id")) t->at("id").fail("a template has no id (each clinic gets its own)");
          if (auto rv = t->maybe("reserve")) {
            rv->expect_map();
            reserves = scale_counts(counts, rv->at("share").as_double_in(0, 1));
            reserve_group = rv->at("group").as_string();
            if (reserve_group.empty()) rv->at("group").fail("expected a non-empty group");
            rv->finish();
          }
          apply_defaults(t->node(), defaults);
          YAML::Node node = t->node();  // shares the template's node
          node["id"] = std::string(kind) + " template";
          made = read_clinic(*t, drug_index, dir);
        }
        for (int k = 0; k < n; ++k) {
          care::FeverClinicParams c = *made;
          c.district = ep.params.districts[d].id;
          c.id = c.district + "/" + kind + "-" + std::to_string(k);
          c.subdistrict = k % ep.params.districts[d].subdistricts;
          if (k >= n - reserves[d]) {
            c.open = false;
            c.group = reserve_group;
          }
          add_clinic(std::move(c), *t, false);
        }
      }
    }
    if (templates) {
      for (const char* kind : {"community", "hospital"}) (void)templates->maybe(kind);
    }
  }
  if (templates) templates->finish();
  // Policies last: their lever paths resolve on every clinic, drug and section read above.
  if (auto p = root.maybe("policies")) {
    doc.throw_problems();
    read_part(doc, [&] { s.policies = read_policies(*p, s); });
  }
  if (s.run.scale != 1) scale_capacities(s, s.run.scale);
  // Everything is read: report every problem found, before the checks across sections.
  root.finish();
  doc.throw_problems();
  // Share each district's demand among its clinics by doctors, rooms, or equally.
  for (const auto& [district, dd] : district_demand) {
    std::vector<care::FeverClinicParams*> members;
    double total_weight = 0;
    for (auto& c : s.clinics) {
      if (c.district != district) continue;
      members.push_back(&c);
      total_weight += dd.split == "by_doctors" ? c.doctors.written_at(0)
                      : dd.split == "by_rooms" ? c.rooms.written_at(0)
                                               : 1;
    }
    if (members.empty()) {
      throw ScenarioError(s.document.where(dd.path, YAML::Node()), dd.path + ".district",
                          "no clinic is in district '" + district + "'");
    }
    for (care::FeverClinicParams* c : members) {
      const double w = dd.split == "by_doctors" ? c->doctors.written_at(0)
                       : dd.split == "by_rooms" ? c->rooms.written_at(0)
                                                : 1;
      const double share =
          total_weight > 0 ? w / total_weight : 1.0 / static_cast<double>(members.size());
      c->visits_per_day = dd.demand.visits_per_day;
      for (double& v : c->visits_per_day) v *= share;
      c->hourly_weights = dd.demand.hourly_weights;
      c->key_group_share = dd.demand.key_group_share;
      c->needs_diagnostics_share = dd.demand.needs_diagnostics_share;
    }
  }
}

// The work a scenario implies, over all its replications, against the stated limits: a value
// that is plausible alone can still multiply into a run that never ends.
void check_implied_work(const Scenario& s) {
  const double reps = static_cast<double>(s.run.replications), days = s.run.days;
  auto over = [&](double per_day_sum) { return per_day_sum * reps; };
  double visits = 0;
  for (const care::FeverClinicParams& c : s.clinics) {
    for (int d = 0; d < s.run.days && !c.visits_per_day.empty(); ++d) {
      visits += c.visits_per_day[std::min<std::size_t>(static_cast<std::size_t>(d),
                                                       c.visits_per_day.size() - 1)];
    }
  }
  if (s.ems) {
    const auto& b = s.ems->background_calls_per_day;
    for (int d = 0; d < s.run.days && !b.empty(); ++d) {
      visits += b[std::min<std::size_t>(static_cast<std::size_t>(d), b.size() - 1)];
    }
  }
  const auto where = s.document.where("", s.document.root());
  auto fail = [&](const std::string& what) {
    throw ScenarioError(where, "", what + " (lower the counts, run.days or run.replications)");
  };
  auto fmt = [](double v) {
    std::ostringstream os;
    os.precision(3);
    os << v;
    return os.str();
  };
  if (over(visits) > kMaxExpectedVisits) {
    fail("the scenario's demand and background calls come to " + fmt(over(visits)) +
         " arrivals over its replications; at most " + fmt(kMaxExpectedVisits) + " are run");
  }
  if (over(static_cast<double>(s.clinics.size()) * days) > kMaxClinicDays) {
    fail("clinics x days x replications is " +
         fmt(over(static_cast<double>(s.clinics.size()) * days)) + "; at most " +
         fmt(kMaxClinicDays) + " are run");
  }
  const double districts =
      s.epidemic ? static_cast<double>(s.epidemic->params.districts.size()) : 0;
  const double records = over(days * (static_cast<double>(s.clinics.size()) + districts + 2));
  if (records > kMaxDayRecords) {
    fail("replications x days x (clinics + districts) comes to " + fmt(records) +
         " day records kept for the outputs; at most " + fmt(kMaxDayRecords) + " are kept");
  }
  if (s.epidemic) {
    double people = 0;
    for (const auto& d : s.epidemic->params.districts) people += static_cast<double>(d.population);
    if (people > static_cast<double>(kMaxPeople)) {
      fail("the epidemic's districts hold " + fmt(people) + " people; at most " +
           fmt(static_cast<double>(kMaxPeople)) + " are simulated");
    }
    if (over(people * days) > kMaxPersonDays) {
      fail("people x days x replications is " + fmt(over(people * days)) + "; at most " +
           fmt(kMaxPersonDays) + " are run");
    }
  }
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  Scenario s;
  s.document = YamlDocument::load(path);
  for (const std::string& o : overrides) s.document.apply_override(o);
  try {
    read_scenario(s, std::filesystem::path(path).parent_path().string());
  } catch (const ScenarioError& e) {
    if (e.all().size() > 1) throw;  // already the problems combined
    // A problem outside the parts read one by one: reported with those found before it.
    s.document.note_problem(e);
    s.document.throw_problems();
  }
  s.document.throw_problems();
  check_implied_work(s);
  s.warnings = clinic_warnings(s);
  return s;
}

}  // namespace surgesim::scenario
