#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "surgesim/care/arrival_process.hpp"
#include "surgesim/ems/ems_params.hpp"
#include "surgesim/engine/quantile_sketch.hpp"
#include "surgesim/engine/resource.hpp"
#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/simulation.hpp"
#include "surgesim/engine/tally.hpp"

namespace surgesim::ems {

/// What became of a call's patient, for whoever waits for them (the hospitals).
enum class Delivery : std::uint8_t {
  kHandedOver,  ///< brought to the emergency department and handed over
  kNotCarried,  ///< advice only, diverted, abandoned, or treated on scene: they come on their own
};

/// One day of the 120 service.
struct EmsDayStats {
  std::uint64_t calls = 0;
  std::uint64_t advice = 0;
  std::uint64_t diverted = 0;
  std::uint64_t dispatches = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t responses = 0;  ///< vehicles on scene
  double response_sum_min = 0;
  std::uint64_t handovers = 0;
  double handover_delay_sum_min = 0;
  int vehicles_busy_peak = 0;
};

/// The 120 service: calls wait for a dispatcher seat, are handled and triaged; advice-only calls
/// end there and non-urgent ones may be diverted. The rest wait (urgent first, then in order of
/// calling, abandoning after a patience) for the nearest vehicle whose station has a crew on duty;
/// it drives to the scene, treats, maybe takes the patient to the district's emergency
/// department, waits there until a trolley frees to hand over, and drives back to its station.
/// Time is in minutes from day 0, 00:00.
class EmsSystem {
 public:
  EmsSystem(engine::Simulation& sim, const EmsParams& p, const engine::RngStreams& streams,
            int days);
  EmsSystem(const EmsSystem&) = delete;
  EmsSystem& operator=(const EmsSystem&) = delete;

  /// Schedules the background calls, the crews' hours and the seats' schedule.
  void start();
  /// A call comes in now. A call with a `patient` token (not kNoPatient) reports what became of
  /// its patient through the delivery callback.
  static constexpr std::uint64_t kNoPatient = ~std::uint64_t{0};
  void call(CallKind kind, std::uint32_t district, std::uint64_t patient = kNoPatient);
  /// Called (patient token, outcome) when a call with a patient token ends for its patient.
  void on_delivery(std::function<void(std::uint64_t, Delivery)> f) { delivery_ = std::move(f); }
  /// Emergency departments outside the service (the hospitals'): called (district, patient token,
  /// accepted) when a crew arrives with a patient; the crew waits with them until `accepted` runs,
  /// then hands over. Without it the service's own trolleys (ed_trolleys, ed_stay_min) stand in.
  using EdArrival =
      std::function<void(std::uint32_t, std::uint64_t, std::function<void()> accepted)>;
  void use_emergency_departments(EdArrival f) { ed_arrival_ = std::move(f); }

  const std::vector<EmsDayStats>& days() const noexcept { return days_; }
  const engine::Tally& responses_min() const noexcept { return responses_; }
  const engine::QuantileSketch& response_quantiles_min() const noexcept { return response_q_; }
  const engine::Tally& handover_delays_min() const noexcept { return handover_delays_; }
  /// Waits for a vehicle of the calls that got one (dispatch delay, after handling).
  const engine::Tally& dispatch_waits_min() const noexcept { return dispatch_waits_; }
  /// Calls still waiting for a vehicle, and vehicles out on a job, now.
  std::size_t pending() const noexcept { return pending_.size(); }
  int vehicles_busy() const noexcept { return busy_; }
  /// Every call ended as advice, diverted, abandoned or dispatched, or is still in the system.
  bool calls_balance() const;
  /// Every vehicle is out on a job, idle and listed at its station (on duty), or off duty.
  bool vehicles_balance() const;

 private:
  struct Vehicle {
    std::uint32_t station = 0;
    std::uint32_t district = 0;
    bool on_duty = true;
    bool busy = false;
  };
  struct Pending {
    Urgency urgency;
    std::uint32_t district;
    engine::SimTime called_at;
    engine::SimTime answered_at;
    engine::EventHandle patience;
    std::uint64_t patient;
  };
  void deliver(std::uint64_t patient, Delivery d) {
    if (patient != kNoPatient && delivery_) delivery_(patient, d);
  }

  int day_now() const;
  EmsDayStats& today() { return days_[static_cast<std::size_t>(day_now())]; }
  double travel_min(std::uint32_t from, std::uint32_t to) const;
  void answered(CallKind kind, std::uint32_t district, engine::SimTime called_at,
                std::uint64_t patient);
  void need_vehicle(Urgency u, std::uint32_t district, engine::SimTime called_at,
                    std::uint64_t patient);
  std::int64_t nearest_idle(std::uint32_t district) const;
  /// Sends `vehicle` from district `from` to a call.
  void dispatch(std::uint32_t vehicle, Urgency u, std::uint32_t district, engine::SimTime called_at,
                engine::SimTime answered_at, std::uint64_t patient, std::uint32_t from);
  /// A crew is done with a job in district `at`: the next call, or back to the station.
  void job_done(std::uint32_t vehicle, std::uint32_t at);
  void back_at_station(std::uint32_t vehicle);
  void vehicle_free(std::uint32_t vehicle);
  /// Crews on duty in hour `hour` of the run (from day 0): the hour's crewed share of each
  /// station's vehicles that day; vehicles a policy adds join the fleet here.
  void set_crews(int hour);
  int station_vehicles(std::uint32_t station, int day) const;
  void schedule_background(engine::SimTime after);

  engine::Simulation& sim_;
  const EmsParams& p_;
  int days_total_;
  engine::Resource seats_;
  std::vector<std::unique_ptr<engine::Resource>> eds_;
  std::vector<Vehicle> vehicles_;
  std::vector<std::vector<std::uint32_t>> idle_;         ///< idle vehicles on duty, per district
  std::vector<std::vector<std::uint32_t>> by_distance_;  ///< districts nearest first, per district
  std::map<std::pair<int, std::uint64_t>, Pending> pending_;  ///< (urgency, order) -> call
  std::uint64_t order_ = 0;
  care::ArrivalProcess background_;
  engine::Rng background_rng_, triage_rng_, handling_rng_, scene_rng_, patience_rng_, ed_rng_;
  std::vector<EmsDayStats> days_;
  engine::Tally responses_, handover_delays_, dispatch_waits_;
  engine::QuantileSketch response_q_;
  std::function<void(std::uint64_t, Delivery)> delivery_;
  EdArrival ed_arrival_;
  int busy_ = 0;
  bool crews_vary_ = false;
  std::vector<int> station_rank_;  ///< a station's place among its district's stations
  std::vector<int> stations_in_;   ///< stations per district
  std::vector<int> created_;       ///< vehicles made per station
  std::uint64_t calls_ = 0, ended_ = 0, in_handling_ = 0;
};

}  // namespace surgesim::ems
