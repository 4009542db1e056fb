#include "surgesim/engine/simulation.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "surgesim/engine/process.hpp"

namespace surgesim::engine {

namespace {
std::string fmt_time(double t) { return std::to_string(t); }
}  // namespace

void Simulation::reject_empty() { throw std::invalid_argument("schedule_at: empty action"); }

void Simulation::reject_time(SimTime at) const {
  if (std::isnan(at)) throw std::invalid_argument("schedule_at: time is NaN");
  throw std::invalid_argument("schedule_at: time " + fmt_time(at) + " is in the past (now is " +
                              fmt_time(now_) + ")");
}

void Simulation::reject_delay(Duration delay) {
  throw std::invalid_argument("schedule_in: delay " + fmt_time(delay) + " must be a number >= 0");
}

RunSummary Simulation::run() { return run_loop(kForever); }

RunSummary Simulation::run_until(SimTime end) {
  if (std::isnan(end) || end < now_) {
    throw std::invalid_argument("run_until: end " + fmt_time(end) + " is before now (" +
                                fmt_time(now_) + ")");
  }
  RunSummary s = run_loop(end);
  if (s.reason != StopReason::kStopped && end != kForever) {
    now_ = end;
    s.reason = StopReason::kReachedEndTime;
  }
  return s;
}

RunSummary Simulation::run_loop(SimTime end) {
  if (running_) throw std::logic_error("run: the simulation is already running (re-entrant call)");
  running_ = true;
  stop_requested_ = false;
  const std::uint64_t start_events = events_;
  RunSummary summary;
  // Frees the fired event's slot however its action ends, normally or by an exception.
  struct Release {
    EventQueue& queue;
    std::uint32_t slot;
    ~Release() { queue.release_fired(slot); }
  };
  std::uint32_t slot = 0;
  try {
    while (!stop_requested_ && queue_.fire_until(end, now_, slot)) {
      ++events_;
      const Release release{queue_, slot};
      queue_.action_at(slot)();
    }
    if (stop_requested_) summary.reason = StopReason::kStopped;
  } catch (...) {
    running_ = false;
    throw;
  }
  running_ = false;
  stop_requested_ = false;
  summary.events = events_ - start_events;
  return summary;
}

}  // namespace surgesim::engine
