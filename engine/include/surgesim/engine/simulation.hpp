#pragma once

#include <coroutine>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "surgesim/engine/action.hpp"
#include "surgesim/engine/event_queue.hpp"
#include "surgesim/engine/sim_time.hpp"

namespace surgesim::engine {

class Process;
class ProcessRef;
struct ProcessPromise;

/// Why run() or run_until() returned.
enum class StopReason { kNoMoreEvents, kReachedEndTime, kStopped };

struct RunSummary {
  std::uint64_t events = 0;  ///< events executed by this call
  StopReason reason = StopReason::kNoMoreEvents;
};

/// One simulated world: a clock and its pending events. There are no globals, so any number of
/// simulations (one per replication) can run side by side on different threads.
class Simulation {
 public:
  Simulation() = default;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  /// Destroys the frames of processes that have not finished.
  ~Simulation();

  SimTime now() const noexcept { return now_; }

  /// Schedules `action` (an Action or any void() callable) at absolute time `at` (>= now()).
  /// Throws std::invalid_argument otherwise.
  template <class F>
  EventHandle schedule_at(SimTime at, F&& action, int priority = kPriorityDefault) {
    if constexpr (std::is_same_v<std::decay_t<F>, Action>) {
      if (!action) reject_empty();
    }
    if (!(at >= now_)) reject_time(at);
    return queue_.push(at, priority, std::forward<F>(action));
  }
  /// Schedules `action` after `delay` (>= 0, finite or +inf).
  template <class F>
  EventHandle schedule_in(Duration delay, F&& action, int priority = kPriorityDefault) {
    if (!(delay >= 0)) reject_delay(delay);
    return schedule_at(now_ + delay, std::forward<F>(action), priority);
  }
  /// Cancels a pending event; false when it already ran or was cancelled.
  bool cancel(EventHandle handle) noexcept { return queue_.cancel(handle); }
  bool pending(EventHandle handle) const noexcept { return queue_.pending(handle); }
  std::size_t pending_events() const noexcept { return queue_.size(); }

  /// Runs until no event is left or stop() is called.
  RunSummary run();
  /// Runs every event at time <= end, then sets the clock to `end` (unless stopped first).
  RunSummary run_until(SimTime end);
  /// Makes the current run()/run_until() return after the event being executed.
  void stop() noexcept { stop_requested_ = true; }

  /// Starts a coroutine process: its body begins at now(), after the events already due now.
  ProcessRef start(Process process, int priority = kPriorityDefault);

  std::uint64_t events_executed() const noexcept { return events_; }
  void reserve_events(std::size_t n) { queue_.reserve(n); }

 private:
  friend struct ProcessPromise;
  friend void resume_process(std::coroutine_handle<ProcessPromise> h);
  RunSummary run_loop(SimTime end);
  [[noreturn]] void reject_time(SimTime at) const;
  [[noreturn]] static void reject_empty();
  [[noreturn]] static void reject_delay(Duration delay);

  SimTime now_ = 0;
  std::uint64_t events_ = 0;
  bool stop_requested_ = false;
  bool running_ = false;
  EventQueue queue_;
  ProcessPromise* live_processes_ = nullptr;  // intrusive list, for clean-up at destruction
};

}  // namespace surgesim::engine
