#include "surgesim/scenario/levers.hpp"

#include <algorithm>
#include <stdexcept>

#include "surgesim/scenario/limits.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

namespace {

using policy::LeverKind;

struct Segment {
  std::string name;
  std::optional<std::string> selector;  // inside [...]
};

std::vector<Segment> split_path(const std::string& path) {
  std::vector<Segment> out;
  std::size_t i = 0;
  while (i <= path.size()) {
    Segment s;
    while (i < path.size() && path[i] != '.' && path[i] != '[') s.name += path[i++];
    if (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos) throw std::invalid_argument("unclosed '[' in '" + path + "'");
      s.selector = path.substr(i + 1, close - i - 1);
      i = close + 1;
    }
    if (s.name.empty()) throw std::invalid_argument("empty key in '" + path + "'");
    out.push_back(std::move(s));
    if (i >= path.size()) break;
    if (path[i] != '.') throw std::invalid_argument("expected '.' after ']' in '" + path + "'");
    ++i;
  }
  return out;
}

bool is_index(const std::string& s) {
  return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

// Items of a list matched by a selector: * all, N the index, key=value, or a bare id.
template <class Match>
std::vector<std::size_t> select(const std::optional<std::string>& sel, std::size_t n,
                                const std::string& what, Match match) {
  if (!sel)
    throw std::invalid_argument(
        what + " needs a selector: [*], [N], [id=x], [kind=x], [district=x] or [group=x]");
  std::vector<std::size_t> out;
  if (*sel == "*") {
    for (std::size_t i = 0; i < n; ++i) out.push_back(i);
  } else if (is_index(*sel)) {
    const std::size_t i = std::stoul(*sel);
    if (i >= n)
      throw std::invalid_argument(what + "[" + *sel + "]: there are " + std::to_string(n));
    out.push_back(i);
  } else {
    const std::size_t eq = sel->find('=');
    const std::string key = eq == std::string::npos ? "id" : sel->substr(0, eq);
    const std::string value = eq == std::string::npos ? *sel : sel->substr(eq + 1);
    for (std::size_t i = 0; i < n; ++i) {
      if (match(i, key, value)) out.push_back(i);
    }
  }
  if (out.empty()) throw std::invalid_argument(what + "[" + *sel + "] selects nothing");
  return out;
}

// The epidemic's levers of one value each, under epidemic.interventions.GROUP.FIELD.
struct EpidemicField {
  const char* group;
  const char* field;
  LeverKind kind;
  LeverValue value;
  double lo, hi;
};
constexpr double kMaxTabletsReal = static_cast<double>(kMaxTablets);
constexpr EpidemicField kEpidemicFields[] = {
    {"online_consults", "share", LeverKind::kOnlineShare, LeverValue::kReal, 0, 1},
    {"online_consults", "per_day", LeverKind::kOnlinePerDay, LeverValue::kCountOrNone, -1,
     kMaxPerDay},
    {"online_consults", "tablets_per_consult", LeverKind::kOnlineTablets, LeverValue::kCountOrNone,
     -1, kMaxTabletsReal},
    {"health_packs", "per_day", LeverKind::kHealthPacks, LeverValue::kInteger, 0, kMaxPerDay},
    {"quarantine", "share", LeverKind::kQuarantineShare, LeverValue::kReal, 0, 1},
    {"quarantine", "days", LeverKind::kQuarantineDays, LeverValue::kInteger, 1, 365},
    {"quarantine", "contacts", LeverKind::kQuarantineContacts, LeverValue::kInteger, 0, 1000},
};

const EpidemicField* find_epidemic_field(const std::string& group, const std::string& field,
                                         std::size_t segments) {
  if (segments != 4) return nullptr;
  for (const EpidemicField& f : kEpidemicFields) {
    if (group == f.group && field == f.field) return &f;
  }
  return nullptr;
}

// Sets the bounds of every target's schedule to the lever's.
ResolvedLever bounded(Scenario& s, ResolvedLever r) {
  for (const policy::LeverTarget& t : r.targets) {
    const policy::AnySchedule sched = schedule_of(s, t);
    std::visit(
        [&](auto* x) {
          x->set_bounds(static_cast<std::decay_t<decltype(x->at(0))>>(r.lo),
                        static_cast<std::decay_t<decltype(x->at(0))>>(r.hi));
        },
        sched);
  }
  return r;
}

}  // namespace

const std::vector<std::string>& lever_paths() {
  static const std::vector<std::string> paths = {
      "clinics[SEL].open",
      "clinics[SEL].rooms",
      "clinics[SEL].doctors",
      "clinics[SEL].hours",
      "clinics[SEL].queue_limit",
      "clinics[SEL].drugs[DRUG].tablets_per_visit",
      "clinics[SEL].drugs[DRUG].resupply_tablets",
      "drugs[DRUG].city_supply.tablets_per_day",
      "drugs[DRUG].city_supply.allocation",
      "ems.seats",
      "ems.diversion",
      "ems.districts[SEL].vehicles",
      "hospitals.districts[SEL].POOL",
      "hospitals.facilities[SEL].POOL",
      "hospitals.crew_max_wait_min",
      "epidemic.interventions.contacts.SETTING",
      "epidemic.interventions.isolation.share",
      "epidemic.interventions.isolation.where",
      "epidemic.interventions.antiviral_share",
      "epidemic.interventions.mutual_aid",
      "epidemic.interventions.vaccination_per_day.BAND",
      "epidemic.interventions.online_consults.share",
      "epidemic.interventions.online_consults.per_day",
      "epidemic.interventions.online_consults.tablets_per_consult",
      "epidemic.interventions.health_packs.per_day",
      "epidemic.interventions.quarantine.share",
      "epidemic.interventions.quarantine.days",
      "epidemic.interventions.quarantine.contacts"};
  return paths;
}

policy::AnySchedule schedule_of(Scenario& s, const policy::LeverTarget& t) {
  switch (t.kind) {
    case LeverKind::kClinicOpen:
      return &s.clinics[t.i].open;
    case LeverKind::kClinicRooms:
      return &s.clinics[t.i].rooms;
    case LeverKind::kClinicDoctors:
      return &s.clinics[t.i].doctors;
    case LeverKind::kClinicHours:
      return &s.clinics[t.i].hours_set;
    case LeverKind::kClinicQueueLimit:
      return &s.clinics[t.i].queue_limit;
    case LeverKind::kClinicTablets:
      return &s.clinics[t.i].drugs[t.j].tablets_per_visit;
    case LeverKind::kCitySupply:
      return &s.drugs[t.i].city_supply.tablets_per_day;
    case LeverKind::kEmsSeats:
      return &s.ems->seats;
    case LeverKind::kEmsDiversion:
      return &s.ems->diversion;
    case LeverKind::kResupply:
      return &s.clinics[t.i].drugs[t.j].resupply_tablets;
    case LeverKind::kAllocation:
      return &s.drugs[t.i].city_supply.by_demand;
    case LeverKind::kMutualAid:
      return &s.epidemic->params.controls.mutual_aid;
    case LeverKind::kEmsVehicles:
      return &s.ems->vehicles[t.i];
    case LeverKind::kBeds:
      return &s.hospitals->districts[t.i].beds[t.j];
    case LeverKind::kFacilityBeds:
      return &s.hospitals->facilities[t.i].beds.beds[t.j];
    case LeverKind::kCrewMaxWait:
      return &s.hospitals->crew_max_wait_min;
    case LeverKind::kContacts:
      return &s.epidemic->params.controls.contact_multiplier[t.i];
    case LeverKind::kIsolationShare:
      return &s.epidemic->params.controls.isolation_share;
    case LeverKind::kCentralisedIsolation:
      return &s.epidemic->params.controls.centralised_isolation;
    case LeverKind::kAntiviralShare:
      return &s.epidemic->params.controls.antiviral_share;
    case LeverKind::kVaccination:
      return &s.epidemic->params.controls.vaccination_per_day[t.i];
    case LeverKind::kOnlineShare:
      return &s.epidemic->params.controls.online_share;
    case LeverKind::kOnlinePerDay:
      return &s.epidemic->params.controls.online_per_day;
    case LeverKind::kOnlineTablets:
      return &s.epidemic->params.controls.online_tablets;
    case LeverKind::kHealthPacks:
      return &s.epidemic->params.controls.health_packs_per_day;
    case LeverKind::kQuarantineShare:
      return &s.epidemic->params.controls.quarantine_share;
    case LeverKind::kQuarantineDays:
      return &s.epidemic->params.controls.quarantine_days;
    case LeverKind::kQuarantineContacts:
      return &s.epidemic->params.controls.quarantine_contacts;
  }
  throw std::logic_error("schedule_of: unknown lever");
}

ResolvedLever resolve_lever(Scenario& s, const std::string& path) {
  const std::vector<Segment> seg = split_path(path);
  ResolvedLever r;
  const auto leaf = [&](std::size_t k) { return seg.size() == k + 1; };
  const auto add = [&](LeverKind kind, std::size_t i, std::size_t j, int district,
                       std::string where) {
    r.targets.push_back({kind, i, j, district, std::move(where)});
  };
  const auto fail = [&]() -> ResolvedLever {
    std::string list;
    for (const std::string& p : lever_paths()) list += (list.empty() ? "" : ", ") + p;
    throw std::invalid_argument(
        "'" + path + "' is not a lever that can change during a run; those are: " + list);
  };
  const std::string& head = seg[0].name;
  if (head == "clinics" && seg.size() >= 2) {
    const auto clinics =
        select(seg[0].selector, s.clinics.size(), "clinics",
               [&](std::size_t i, const std::string& k, const std::string& v) {
                 const care::FeverClinicParams& c = s.clinics[i];
                 if (k == "id") return c.id == v;
                 if (k == "kind") return v == care::kind_name(c.kind);
                 if (k == "district") return c.district == v;
                 if (k == "group") return c.group == v;
                 throw std::invalid_argument("clinics[" + k +
                                             "=...]: select by id, kind, district or group");
               });
    const std::string& field = seg[1].name;
    for (std::size_t c : clinics) {
      const int district = s.clinic_district(c);
      const std::string where = "clinics[id=" + s.clinics[c].id + "]";
      if (leaf(1) && !seg[1].selector && field == "open") {
        add(LeverKind::kClinicOpen, c, 0, district, where + ".open");
      } else if (leaf(1) && !seg[1].selector && field == "rooms") {
        add(LeverKind::kClinicRooms, c, 0, district, where + ".rooms");
      } else if (leaf(1) && !seg[1].selector && field == "doctors") {
        add(LeverKind::kClinicDoctors, c, 0, district, where + ".doctors");
      } else if (leaf(1) && !seg[1].selector && field == "queue_limit") {
        add(LeverKind::kClinicQueueLimit, c, 0, district, where + ".queue_limit");
      } else if (leaf(1) && !seg[1].selector && field == "hours") {
        add(LeverKind::kClinicHours, c, 0, district, where + ".hours");
      } else if (field == "drugs" && seg.size() == 3 &&
                 (seg[2].name == "tablets_per_visit" || seg[2].name == "resupply_tablets")) {
        const bool resupply = seg[2].name == "resupply_tablets";
        const auto& list = s.clinics[c].drugs;
        const auto slots =
            select(seg[1].selector, list.size(), where + ".drugs",
                   [&](std::size_t k, const std::string& key, const std::string& v) {
                     return (key == "id" || key == "drug") && s.drugs[list[k].drug].id == v;
                   });
        for (std::size_t k : slots) {
          const std::string drug = where + ".drugs[id=" + s.drugs[list[k].drug].id + "]";
          if (resupply && !(list[k].resupply_every_days > 0))
            throw std::invalid_argument(drug +
                                        " has no resupply to change: give it resupply: "
                                        "{tablets, every_days}");
          add(resupply ? LeverKind::kResupply : LeverKind::kClinicTablets, c, k, district,
              drug + "." + seg[2].name);
        }
      } else {
        return fail();
      }
    }
    r.value = field == "open"          ? LeverValue::kBool
              : field == "hours"       ? LeverValue::kHours
              : field == "queue_limit" ? LeverValue::kCountOrNone
                                       : LeverValue::kInteger;
    r.lo = field == "hours" || field == "queue_limit" ? -1 : 0;
    r.hi = field == "open" ? 1 : field == "hours" ? 1441 * 1441 : 100000;
    if (field == "drugs" && seg.size() == 3 && seg[2].name == "resupply_tablets") r.hi = 1e12;
  } else if (head == "drugs" && seg.size() == 3 && seg[1].name == "city_supply" &&
             seg[2].name == "tablets_per_day" && !seg[1].selector && !seg[2].selector) {
    const auto drugs = select(seg[0].selector, s.drugs.size(), "drugs",
                              [&](std::size_t i, const std::string& k, const std::string& v) {
                                return k == "id" && s.drugs[i].id == v;
                              });
    for (std::size_t d : drugs)
      add(LeverKind::kCitySupply, d, 0, -1,
          "drugs[id=" + s.drugs[d].id + "].city_supply.tablets_per_day");
    r.value = LeverValue::kInteger;
    r.lo = 0;
    r.hi = 1e12;
  } else if (head == "drugs" && seg.size() == 3 && seg[1].name == "city_supply" &&
             seg[2].name == "allocation" && !seg[1].selector && !seg[2].selector) {
    const auto drugs = select(seg[0].selector, s.drugs.size(), "drugs",
                              [&](std::size_t i, const std::string& k, const std::string& v) {
                                return k == "id" && s.drugs[i].id == v;
                              });
    for (std::size_t d : drugs)
      add(LeverKind::kAllocation, d, 0, -1,
          "drugs[id=" + s.drugs[d].id + "].city_supply.allocation");
    r.value = LeverValue::kAllocation;
    r.lo = 0;
    r.hi = 1;
  } else if (head == "ems" && seg.size() == 2 && !seg[0].selector && !seg[1].selector &&
             (seg[1].name == "seats" || seg[1].name == "diversion")) {
    if (!s.ems) throw std::invalid_argument("'" + path + "': the scenario has no ems section");
    const bool seats = seg[1].name == "seats";
    add(seats ? LeverKind::kEmsSeats : LeverKind::kEmsDiversion, 0, 0, -1, path);
    r.value = seats ? LeverValue::kInteger : LeverValue::kReal;
    r.lo = 0;
    r.hi = seats ? 100000 : 1;
  } else if (head == "ems" && seg.size() == 3 && seg[1].name == "districts" &&
             seg[2].name == "vehicles" && !seg[2].selector && s.ems) {
    const auto& names = s.ems->districts;
    const std::vector<std::string> board = s.district_names();
    const auto districts = select(seg[1].selector, names.size(), "ems.districts",
                                  [&](std::size_t i, const std::string& k, const std::string& v) {
                                    return k == "id" && names[i] == v;
                                  });
    for (std::size_t d : districts) {
      bool stations = false;
      for (const ems::Station& st : s.ems->stations) stations = stations || st.district == d;
      if (!stations)
        throw std::invalid_argument("ems.districts[" + names[d] +
                                    "] has no station to put vehicles in");
      const auto at = std::find(board.begin(), board.end(), names[d]);
      add(LeverKind::kEmsVehicles, d, 0,
          at == board.end() ? -1 : static_cast<int>(at - board.begin()),
          "ems.districts[id=" + names[d] + "].vehicles");
    }
    r.value = LeverValue::kInteger;
    r.lo = 0;
    r.hi = 1000000;
  } else if (head == "hospitals" && s.hospitals && seg.size() == 2 && !seg[0].selector &&
             seg[1].name == "crew_max_wait_min" && !seg[1].selector) {
    add(LeverKind::kCrewMaxWait, 0, 0, -1, path);
    r.value = LeverValue::kReal;
    r.lo = 0;
    r.hi = 1e6;
  } else if (head == "hospitals" && s.hospitals && seg.size() == 3 &&
             (seg[1].name == "districts" || seg[1].name == "facilities") && !seg[2].selector) {
    std::size_t pool = 0;
    while (pool < hospital::kPools && seg[2].name != hospital::kPoolNames[pool]) ++pool;
    if (pool == hospital::kPools) return fail();
    const std::vector<std::string> names = s.district_names();  // the epidemic's, as beds are
    if (seg[1].name == "districts") {
      const auto districts =
          select(seg[1].selector, s.hospitals->districts.size(), "hospitals.districts",
                 [&](std::size_t i, const std::string& k, const std::string& v) {
                   return k == "id" && names[i] == v;
                 });
      for (std::size_t d : districts)
        add(LeverKind::kBeds, d, pool, static_cast<int>(d),
            "hospitals.districts[id=" + names[d] + "]." + seg[2].name);
    } else {
      const auto& fs = s.hospitals->facilities;
      const auto facilities =
          select(seg[1].selector, fs.size(), "hospitals.facilities",
                 [&](std::size_t i, const std::string& k, const std::string& v) {
                   if (k == "id") return fs[i].id == v;
                   if (k == "district") return names[fs[i].district] == v;
                   throw std::invalid_argument("hospitals.facilities[" + k +
                                               "=...]: select by id or district");
                 });
      for (std::size_t f : facilities)
        add(LeverKind::kFacilityBeds, f, pool, static_cast<int>(fs[f].district),
            "hospitals.facilities[id=" + fs[f].id + "]." + seg[2].name);
    }
    r.value = LeverValue::kInteger;
    r.lo = 0;
    r.hi = 10000000;
  } else if (head == "epidemic" && seg.size() >= 3 && seg[1].name == "interventions" &&
             !seg[1].selector) {
    if (!s.epidemic) throw std::invalid_argument("'" + path + "': the scenario has no epidemic");
    const std::string& what = seg[2].name;
    const auto name_of = [&](std::size_t k) {
      return seg.size() > k ? seg[k].name : std::string();
    };
    if (what == "contacts" && seg.size() == 4) {
      std::size_t k = 0;
      while (k < epi::kSettingCount && name_of(3) != epi::kSettingNames[k]) ++k;
      if (k == epi::kSettingCount) return fail();
      add(LeverKind::kContacts, k, 0, -1, path);
      r.value = LeverValue::kReal;
      r.hi = 10;
    } else if (what == "isolation" && seg.size() == 4 &&
               (name_of(3) == "share" || name_of(3) == "where")) {
      const bool share = name_of(3) == "share";
      add(share ? LeverKind::kIsolationShare : LeverKind::kCentralisedIsolation, 0, 0, -1, path);
      r.value = share ? LeverValue::kReal : LeverValue::kIsolationPlace;
      r.hi = 1;
    } else if (what == "mutual_aid" && seg.size() == 3) {
      add(LeverKind::kMutualAid, 0, 0, -1, path);
      r.value = LeverValue::kBool;
      r.hi = 1;
    } else if (what == "antiviral_share" && seg.size() == 3) {
      add(LeverKind::kAntiviralShare, 0, 0, -1, path);
      r.value = LeverValue::kReal;
      r.hi = 1;
    } else if (what == "vaccination_per_day" && seg.size() == 4) {
      auto& bands = s.epidemic->params.bands;
      std::size_t b = 0;
      while (b < bands.size() && bands[b].name != name_of(3)) ++b;
      if (b == bands.size()) return fail();
      auto& vac = s.epidemic->params.controls.vaccination_per_day;
      vac.resize(bands.size(), 0.0);  // none as written: a policy may start it
      add(LeverKind::kVaccination, b, 0, -1, path);
      r.value = LeverValue::kReal;
      r.hi = 1;
    } else if (const auto* e = find_epidemic_field(what, name_of(3), seg.size())) {
      add(e->kind, 0, 0, -1, path);
      r.value = e->value;
      r.lo = e->lo;
      r.hi = e->hi;
      return bounded(s, r);
    } else {
      return fail();
    }
    r.lo = 0;
  } else {
    return fail();
  }
  return bounded(s, r);
}

}  // namespace surgesim::scenario
