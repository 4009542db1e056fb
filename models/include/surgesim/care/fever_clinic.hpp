#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "surgesim/care/arrival_process.hpp"
#include "surgesim/care/clinic_params.hpp"
#include "surgesim/care/clinic_stats.hpp"
#include "surgesim/engine/container.hpp"
#include "surgesim/engine/resource.hpp"
#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::care {

/// A fever patient as the clinic sees them.
struct FeverPatient {
  bool key_group = false;
  bool needs_diagnostics = false;
  std::uint32_t needs_drugs = 0;  ///< bit d set: needs drug d of the scenario's list
  /// Most tablets of each drug dispensed (an online consult's limit); -1: the clinic's rule.
  std::int64_t tablets_limit = -1;
  /// Drawn as the patient arrives, in the order of arrival, so that a variant with more doctors
  /// serves the same patients for the same times (common random numbers); < 0: not yet drawn.
  double service_min = -1;
  double patience_min = -1;  ///< < 0: waits as long as it takes
};

/// A fever clinic: doctors (at most one per room) seeing patients from a FIFO or key-group-first
/// queue, with opening hours, balking at a queue limit, reneging after a patience, doctors on duty
/// that change by day, referral of patients it cannot test, and drug stocks that are dispensed
/// per visit (with rationing) and resupplied. Time is in minutes from day 0, 00:00.
class FeverClinic {
 public:
  FeverClinic(engine::Simulation& sim, const FeverClinicParams& params,
              const std::vector<DrugInfo>& drugs, const engine::RngStreams& streams, int days,
              int first_weekday, CareTotals& totals);
  FeverClinic(const FeverClinic&) = delete;
  FeverClinic& operator=(const FeverClinic&) = delete;

  /// Schedules the whole run: arrivals, openings and closings, doctor changes, resupply.
  void start();
  /// A patient arrives now (from the scenario's demand, or later from the epidemic).
  void arrive(const FeverPatient& patient);
  /// A patient consulted online now: dispensed from the stock, without a queue or a doctor.
  void consult_online(const FeverPatient& patient);
  /// Closes the books at the end of the run (stock on hand for the last day).
  void finish();
  /// Staff absent now (e.g. doctors ill with the epidemic), on top of the schedule. Capacity drops
  /// at once; a doctor in the middle of a consultation finishes it.
  void set_absent(int doctors);
  /// Staff of the clinic ill now (the epidemic's people): those beyond the day's reserve (staff
  /// not on its roster) are absent, recomputed as each day starts with that day's roster.
  void set_sick(int staff);
  /// Delivers tablets of scenario drug `drug` (from the city supply). False if not stocked here.
  bool deliver(std::size_t drug, std::int64_t tablets);
  /// Consultations completed on `day` by patients who needed scenario drug `drug`.
  std::uint64_t drug_patients_on(int day, std::size_t drug) const;

  const FeverClinicParams& params() const noexcept { return p_; }
  const std::vector<ClinicDayStats>& days() const noexcept { return days_; }
  /// Waits of the consultations begun since the day started (for the day's percentiles).
  const engine::QuantileSketch& waits_today() const noexcept { return waits_today_; }
  /// Tablets: initial + delivered == dispensed + on hand, for every drug.
  bool ledger_balances() const;
  std::int64_t tablets_on_hand() const;
  /// One scenario drug's own ledger entries (0 where the clinic does not stock it).
  std::int64_t drug_on_hand(std::size_t drug) const;
  std::int64_t drug_dispensed(std::size_t drug) const;

 private:
  int day_now() const;
  /// Where scenario drug `drug` is in this clinic's list (params().drugs), if it stocks it.
  std::optional<std::size_t> slot_of(std::size_t drug) const;
  ClinicDayStats& today() { return days_[static_cast<std::size_t>(day_now())]; }
  bool is_open() const noexcept { return open_; }
  void set_open(bool open);
  void update_capacity();
  void schedule_hours();
  void schedule_next_arrival(engine::SimTime after);
  DailyHours hours_on(int day) const;  ///< closed on a day the clinic is not open
  void begin_hours(int day);
  void join_queue(const FeverPatient& patient);
  void on_granted(const FeverPatient& patient, engine::SimTime t0, const engine::Ticket& ticket);
  void on_done(const FeverPatient& patient, const engine::Ticket& ticket);
  void dispense(const FeverPatient& patient);
  void send_waiting_home();

  struct Waiting {
    engine::Ticket ticket;
    FeverPatient patient;
    bool active = false;
  };

  engine::Simulation& sim_;
  const FeverClinicParams& p_;
  const std::vector<DrugInfo>& drugs_;
  int days_total_;
  int first_weekday_;
  CareTotals& totals_;
  engine::Resource doctors_;
  std::vector<std::unique_ptr<engine::Container>> stock_;  // one per DrugSupply
  std::vector<std::int64_t> delivered_;
  std::vector<std::int64_t> dispensed_;
  ArrivalProcess arrivals_;
  engine::Rng arrival_rng_;
  engine::Rng mix_rng_;
  engine::Rng service_rng_;
  engine::Rng patience_rng_;
  std::vector<ClinicDayStats> days_;
  std::vector<FeverPatient> waiting_for_opening_;  // came while closed, or sent home at closing
  std::vector<Waiting> waiting_;  // by resource ticket slot, for sending home at closing
  std::vector<std::vector<std::uint64_t>> drug_patients_;  // [drug][day]
  engine::QuantileSketch waits_today_;
  int absent_ = 0;
  int sick_ = -1;  // -1: absences are set directly (set_absent)
  int absent_of_sick(int day) const;
  bool open_ = false;
  bool closing_ = false;  // closed, but still serving those who were waiting
};

}  // namespace surgesim::care
