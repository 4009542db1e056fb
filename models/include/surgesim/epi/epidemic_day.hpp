// What the city epidemic reports, day by day: infection states, the care people seek, the 120
// calls and hospital cases it hands to the other models, and each district's day. Plain data, so
// the parts that read it need not parse the epidemic's own machinery (Eigen, Boost.Graph).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "surgesim/epi/city_params.hpp"

namespace surgesim::epi {

/// Infection states. Infectious: presymptomatic, asymptomatic, symptomatic. After the infectious
/// period the severe path goes on: ill (waiting to worsen), severe, critical.
enum State : std::uint8_t {
  kSusceptible = 0,
  kExposed,
  kPresymptomatic,
  kAsymptomatic,
  kSymptomatic,
  kIll,
  kSevere,
  kCritical,
  kRecovered,
  kDead,
  kStateCount
};

/// Severity path of a case, decided at infection (asymptomatic or not) and at onset (the rest).
enum class Path : std::uint8_t {
  kAsymptomatic,
  kSymptomatic,
  kMild,
  kModerate,
  kSevere,
  kCritical
};

/// A visit to a facility that the epidemic generates (the run layer feeds it to the clinic).
struct CareVisit {
  double minute = 0;  ///< from day 0, 00:00
  std::uint32_t facility = 0;
  std::uint32_t district = 0;
  bool key_group = false;
  bool needs_diagnostics = false;
  std::uint32_t needs_drugs = 0;  ///< bit d: drug class d
  /// Consulted online instead (EpidemicControls::online_share, within the day's capacity): the
  /// clinic dispenses without a queue.
  bool online = false;
  bool operator==(const CareVisit&) const = default;
};

/// Why somebody calls 120. kIsolationNeed: a person in isolation who needs transport to
/// treatment elsewhere (dialysis, chemotherapy, childbirth).
enum class CallReason : std::uint8_t { kMild, kModerate, kSevere, kCritical, kIsolationNeed };

/// A call to 120 (served by the issue "120 fleet and referral"; recorded here).
struct Call120 {
  double minute = 0;
  std::uint32_t person = 0;
  std::uint32_t grid = 0;
  std::uint32_t district = 0;
  CallReason reason = CallReason::kMild;
  bool key_group = false;
  bool operator==(const Call120&) const = default;
};

/// A person whose course turned severe: what a hospital needs to know (the course is drawn once).
struct HospitalCase {
  double minute = 0;  ///< severe onset
  std::uint32_t person = 0;
  std::uint32_t grid = 0;
  std::uint32_t district = 0;
  std::uint8_t age = 0;
  bool comorbid = false;  ///< a key group (pregnant, dialysis, chemotherapy) or 65+ yellow/red
  double ward_days = 0;   ///< severe, not critical: the whole stay; critical: after ICU
  double icu_days = 0;    ///< > 0: the course turns critical
  double critical_after_days = 0;  ///< from severe onset to critical
  bool dies_on_ward = false;       ///< a fatal severe course that never turns critical
  bool by_120 = false;             ///< called 120 (else came to a hospital's fever clinic)
  bool operator==(const HospitalCase&) const = default;
};

/// A symptomatic case sent to centralised isolation (a makeshift hospital) at onset.
struct IsolationStay {
  double minute = 0;
  std::uint32_t district = 0;
  double days = 0;
  bool operator==(const IsolationStay&) const = default;
};

/// A moderate patient referred to a tier-1 bed for observation when the illness peaks.
struct ObservationStay {
  double minute = 0;
  std::uint32_t district = 0;
  std::uint8_t age = 0;
  double days = 0;
  bool operator==(const ObservationStay&) const = default;
};

/// One day in one district.
struct DistrictDay {
  std::uint64_t new_infections = 0;
  std::uint64_t imported = 0;
  std::uint64_t infectious = 0;  ///< at the end of the day
  std::uint64_t onsets = 0;
  std::uint64_t severe = 0;      ///< entered the severe state
  std::uint64_t critical = 0;    ///< entered the critical state
  std::uint64_t deaths = 0;      ///< at home (with outcomes_in_hospital, hospitals count theirs)
  std::uint64_t self_care = 0;   ///< with medicine from home
  std::uint64_t mutual_aid = 0;  ///< with medicine from neighbours in the grid
  std::uint64_t no_medicine = 0;
  std::uint64_t phone_consults = 0;
  std::uint64_t clinic_visits = 0;    ///< care sought at a clinic, online consults included
  std::uint64_t online_consults = 0;  ///< of clinic_visits: consulted online instead
  std::uint64_t health_packs = 0;     ///< delivered to key-group households
  std::uint64_t quarantined = 0;      ///< close contacts who entered quarantine
  std::uint64_t calls_120 = 0;
  bool operator==(const DistrictDay&) const = default;
  void add(const DistrictDay& o);
};

struct DayReport {
  int day = 0;
  std::vector<DistrictDay> districts;
  std::vector<CareVisit> visits;              ///< sorted by (minute, facility)
  std::vector<Call120> calls;                 ///< sorted by minute
  std::vector<HospitalCase> cases;            ///< severe onsets, sorted by minute
  std::vector<IsolationStay> isolations;      ///< centralised isolation, sorted by minute
  std::vector<ObservationStay> observations;  ///< tier-1 observation referrals, sorted by minute
  /// Staff of each facility absent on the next day.
  std::vector<int> staff_absent_next_day;
  /// Most tablets of each drug an online consult dispenses (-1: the clinic's own rule).
  std::int64_t online_tablets = -1;
  bool operator==(const DayReport&) const = default;
};

}  // namespace surgesim::epi
