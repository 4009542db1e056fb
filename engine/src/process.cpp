#include "surgesim/engine/process.hpp"

#include <stdexcept>
#include <string>

namespace surgesim::engine {

namespace {
void unlink(ProcessPromise& p, ProcessPromise*& head) noexcept {
  if (p.prev) p.prev->next = p.next;
  if (p.next) p.next->prev = p.prev;
  if (head == &p) head = p.next;
  p.prev = p.next = nullptr;
}
}  // namespace

void ProcessPromise::wake() {
  withdraw.reset();
  const Handle h = Handle::from_promise(*this);
  sim->schedule_at(
      sim->now(), [h] { resume_process(h); }, priority);
}

void resume_process(ProcessPromise::Handle h) {
  h.promise().withdraw.reset();  // whatever it waited on is over
  h.resume();
  if (!h.done()) return;
  ProcessPromise& p = h.promise();
  p.finished = true;
  std::exception_ptr error = std::exchange(p.error, nullptr);
  if (p.sim != nullptr) unlink(p, p.sim->live_processes_);
  if (p.refs == 0) h.destroy();
  if (error) std::rethrow_exception(error);
}

ProcessRef Simulation::start(Process process, int priority) {
  const ProcessPromise::Handle h = process.release();
  if (!h) throw std::invalid_argument("start: empty process (already started?)");
  ProcessPromise& p = h.promise();
  p.sim = this;
  p.priority = priority;
  p.next = live_processes_;
  if (live_processes_) live_processes_->prev = &p;
  live_processes_ = &p;
  ProcessRef ref(&p);
  schedule_at(
      now_, [h] { resume_process(h); }, priority);
  return ref;
}

Simulation::~Simulation() {
  queue_.clear();  // pending resumes would point at frames destroyed below
  while (live_processes_ != nullptr) {
    ProcessPromise& p = *live_processes_;
    unlink(p, live_processes_);
    p.sim = nullptr;
    p.withdraw.reset();
    if (p.refs == 0) ProcessPromise::Handle::from_promise(p).destroy();
  }
}

bool ProcessRef::interrupt(int cause) {
  if (finished()) return false;
  ProcessPromise& p = *p_;
  p.interrupt_cause = cause;
  if (p.withdraw) {
    Action withdraw = std::move(p.withdraw);
    withdraw();
    p.deliver_interrupt = true;
    p.wake();
  } else {
    p.pending_interrupt = true;  // running, or already woken: delivered at its next wait
  }
  return true;
}

void ProcessRef::drop() noexcept {
  if (p_ == nullptr) return;
  ProcessPromise* p = std::exchange(p_, nullptr);
  if (--p->refs == 0 && (p->finished || p->sim == nullptr)) {
    ProcessPromise::Handle::from_promise(*p).destroy();
  }
}

bool Delay::await_suspend(ProcessPromise::Handle h) {
  p_ = &h.promise();
  if (p_->take_pending_interrupt()) return false;
  if (!(d_ >= 0)) {
    throw std::invalid_argument("delay: duration " + std::to_string(d_) + " must be >= 0");
  }
  Simulation& sim = *p_->sim;
  const EventHandle ev = sim.schedule_in(
      d_, [h] { resume_process(h); }, p_->priority);
  p_->park([&sim, ev] { sim.cancel(ev); });
  return true;
}

}  // namespace surgesim::engine
