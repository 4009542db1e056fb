#include "surgesim/engine/signal.hpp"

#include <stdexcept>

namespace surgesim::engine {

Signal::WaitHandle Signal::on_next(Action on_notify) {
  if (!on_notify) throw std::invalid_argument("Signal::on_next: empty action");
  const std::uint32_t slot = waiters_.acquire();
  waiters_[slot] = std::move(on_notify);
  const WaitHandle h{slot, waiters_.generation(slot)};
  order_.push_back(h);
  ++waiting_;
  return h;
}

bool Signal::cancel(WaitHandle h) {
  if (!waiters_.live(h.slot, h.generation)) return false;
  waiters_[h.slot].reset();
  waiters_.release(h.slot);
  --waiting_;
  return true;
}

std::size_t Signal::notify_all() {
  std::vector<WaitHandle> batch;
  batch.swap(order_);  // waiters added by the callbacks wait for the next notify
  std::size_t woken = 0;
  for (const WaitHandle& h : batch) {
    if (!waiters_.live(h.slot, h.generation)) continue;
    Action a = std::move(waiters_[h.slot]);
    waiters_.release(h.slot);
    --waiting_;
    ++woken;
    a();
  }
  return woken;
}

bool Signal::notify_one() {
  while (!order_.empty()) {
    const WaitHandle h = order_.front();
    order_.erase(order_.begin());
    if (!waiters_.live(h.slot, h.generation)) continue;
    Action a = std::move(waiters_[h.slot]);
    waiters_.release(h.slot);
    --waiting_;
    a();
    return true;
  }
  return false;
}

bool Signal::Wait::await_suspend(ProcessPromise::Handle h) {
  p_ = &h.promise();
  if (p_->take_pending_interrupt()) return false;
  ProcessPromise* p = p_;
  const WaitHandle w = s_.on_next([p] { p->wake(); });
  Signal* s = &s_;
  p_->park([s, w] { s->cancel(w); });
  return true;
}

}  // namespace surgesim::engine
