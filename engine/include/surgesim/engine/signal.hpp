#pragma once

#include <cstdint>
#include <vector>

#include "surgesim/engine/action.hpp"
#include "surgesim/engine/detail/slot_pool.hpp"
#include "surgesim/engine/process.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::engine {

/// A broadcast condition: waiters park until the next notify (a policy switching on, a clinic
/// opening its doors). Waiters are woken in the order they began to wait.
class Signal {
 public:
  /// Bound to a simulation like every kernel object; waiters run at the time of the notify.
  explicit Signal(Simulation& /*sim*/) noexcept {}
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  struct WaitHandle {
    std::uint32_t slot = UINT32_MAX;
    std::uint32_t generation = 0;
  };
  /// Callback style: on_notify runs at the next notify_all() (or notify_one() that picks it).
  WaitHandle on_next(Action on_notify);
  bool cancel(WaitHandle h);
  /// Wakes every current waiter; returns how many.
  std::size_t notify_all();
  /// Wakes the longest-waiting waiter; returns false if there was none.
  bool notify_one();
  std::size_t waiting() const noexcept { return waiting_; }

  /// Coroutine style: `co_await signal.wait();`
  class Wait;
  Wait wait() noexcept;

 private:
  detail::SlotPool<Action> waiters_;
  std::vector<WaitHandle> order_;  // FIFO; cancelled entries skipped
  std::size_t waiting_ = 0;
};

class Signal::Wait {
 public:
  explicit Wait(Signal& s) noexcept : s_(s) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessPromise::Handle h);
  void await_resume() { p_->throw_if_interrupted(); }

 private:
  Signal& s_;
  ProcessPromise* p_ = nullptr;
};

inline Signal::Wait Signal::wait() noexcept { return Wait(*this); }

}  // namespace surgesim::engine
