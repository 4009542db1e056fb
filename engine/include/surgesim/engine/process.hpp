#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <utility>

#include "surgesim/engine/action.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::engine {

/// Thrown inside a process, at the wait it is in, when another party interrupts it
/// (a patient giving up, a recalled vehicle, a pre-empted resource holder).
class Interrupted : public std::exception {
 public:
  explicit Interrupted(int cause) noexcept : cause_(cause) {}
  int cause() const noexcept { return cause_; }
  const char* what() const noexcept override { return "process interrupted"; }

 private:
  int cause_;
};

/// The interrupt cause given to a resource holder that a higher-priority request pre-empts.
inline constexpr int kCausePreempted = -1;

/// Coroutine state shared by every process; awaiters use it to park and wake the process.
struct ProcessPromise {
  using Handle = std::coroutine_handle<ProcessPromise>;

  Process get_return_object() noexcept;
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() noexcept {}
  void unhandled_exception() noexcept { error = std::current_exception(); }

  /// Parks the process in a wait; `withdraw_action` takes it out of that wait on interrupt.
  void park(Action withdraw_action) noexcept { withdraw = std::move(withdraw_action); }
  /// Ends the current wait and resumes the process as an event at now().
  void wake();
  /// True when an interrupt arrived before the process reached this wait: do not suspend.
  bool take_pending_interrupt() noexcept {
    if (!pending_interrupt) return false;
    pending_interrupt = false;
    deliver_interrupt = true;
    return true;
  }
  /// Called by every awaiter's await_resume: throws Interrupted if that is why the wait ended.
  void throw_if_interrupted() {
    if (deliver_interrupt) {
      deliver_interrupt = false;
      throw Interrupted(interrupt_cause);
    }
  }

  Simulation* sim = nullptr;
  ProcessPromise* prev = nullptr;
  ProcessPromise* next = nullptr;
  std::uint32_t refs = 0;
  int priority = kPriorityDefault;
  int interrupt_cause = 0;
  bool finished = false;
  bool pending_interrupt = false;
  bool deliver_interrupt = false;
  Action withdraw;
  std::exception_ptr error;
};

/// The return type of a process coroutine. Hand it to Simulation::start().
class [[nodiscard]] Process {
 public:
  using promise_type = ProcessPromise;
  explicit Process(ProcessPromise::Handle h) noexcept : handle_(h) {}
  Process(Process&& o) noexcept : handle_(std::exchange(o.handle_, {})) {}
  Process& operator=(Process&&) = delete;
  Process(const Process&) = delete;
  ~Process() {
    if (handle_) handle_.destroy();  // never started
  }
  ProcessPromise::Handle release() noexcept { return std::exchange(handle_, {}); }

 private:
  ProcessPromise::Handle handle_;
};

inline Process ProcessPromise::get_return_object() noexcept {
  return Process(Handle::from_promise(*this));
}

/// A counted reference to a started process, to interrupt it or ask whether it has finished.
class ProcessRef {
 public:
  ProcessRef() noexcept = default;
  explicit ProcessRef(ProcessPromise* p) noexcept : p_(p) {
    if (p_) ++p_->refs;
  }
  ProcessRef(const ProcessRef& o) noexcept : ProcessRef(o.p_) {}
  ProcessRef(ProcessRef&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  ProcessRef& operator=(ProcessRef o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~ProcessRef() { drop(); }

  bool valid() const noexcept { return p_ != nullptr; }
  bool finished() const noexcept { return p_ == nullptr || p_->finished || p_->sim == nullptr; }
  /// Interrupts the process: it is taken out of its current wait (or, if it is not waiting, its
  /// next one) and Interrupted(cause) is thrown there. Returns false if it has finished.
  bool interrupt(int cause = 0);

 private:
  void drop() noexcept;
  ProcessPromise* p_ = nullptr;
};

/// Resumes a process from the event loop; finishes it, and rethrows its error, when it completes.
void resume_process(ProcessPromise::Handle h);

/// `co_await delay(d)`: suspends the process for d (>= 0) units of simulated time.
class Delay {
 public:
  explicit Delay(Duration d) noexcept : d_(d) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessPromise::Handle h);
  void await_resume() { p_->throw_if_interrupted(); }

 private:
  Duration d_;
  ProcessPromise* p_ = nullptr;
};
inline Delay delay(Duration d) noexcept { return Delay(d); }

}  // namespace surgesim::engine
