#include "surgesim/engine/container.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace surgesim::engine {

namespace {
std::uint64_t pack(std::uint32_t slot, std::uint32_t gen) {
  return (static_cast<std::uint64_t>(gen) << 32) | slot;
}
std::uint32_t slot_of(std::uint64_t k) { return static_cast<std::uint32_t>(k & 0xffffffffu); }
std::uint32_t gen_of(std::uint64_t k) { return static_cast<std::uint32_t>(k >> 32); }
}  // namespace

Container::Container(Simulation& sim, std::int64_t initial, std::int64_t capacity)
    : sim_(sim), level_(initial), capacity_(capacity), initial_(initial) {
  if (capacity < 0) {
    throw std::invalid_argument("container capacity " + std::to_string(capacity) + " must be >= 0");
  }
  if (initial < 0 || initial > capacity) {
    throw std::invalid_argument("container initial level " + std::to_string(initial) +
                                " must be in [0, capacity " + std::to_string(capacity) + "]");
  }
}

void Container::free_waiter(std::uint32_t slot) {
  Waiter& w = waiters_[slot];
  w.on_get_done.reset();
  w.on_put_done.reset();
  w.patience_event = EventHandle{};
  waiters_.release(slot);
}

void Container::check_amount(std::int64_t amount, const char* what) const {
  if (amount < 0) {
    throw std::invalid_argument(std::string(what) + ": amount " + std::to_string(amount) +
                                " must be >= 0");
  }
  if (amount > capacity_) {
    throw std::invalid_argument(std::string(what) + ": amount " + std::to_string(amount) +
                                " exceeds the capacity " + std::to_string(capacity_));
  }
}

std::int64_t Container::take_up_to(std::int64_t amount) {
  if (amount < 0) {
    throw std::invalid_argument("take_up_to: amount " + std::to_string(amount) + " must be >= 0");
  }
  // Waiting getters were first in line: they must not be overtaken.
  const std::int64_t n = getters_waiting_ > 0 ? 0 : std::min(amount, level_);
  level_ -= n;
  taken_ += n;
  if (n > 0) serve();
  return n;
}

bool Container::try_take(std::int64_t amount) {
  check_amount(amount, "try_take");
  if (getters_waiting_ > 0 || level_ < amount) return false;
  level_ -= amount;
  taken_ += amount;
  serve();
  return true;
}

StockTicket Container::get(std::int64_t amount, const GetOptions& o, StockCallback on_done) {
  check_amount(amount, "get");
  if (std::isnan(o.patience) || o.patience < 0) {
    throw std::invalid_argument("get: patience " + std::to_string(o.patience) + " must be >= 0");
  }
  StockTicket t;
  std::int64_t now_got = 0;
  if (getters_waiting_ == 0) {
    if (level_ >= amount) {
      now_got = amount;
    } else if (o.partial) {
      now_got = level_;
    }
    level_ -= now_got;
    taken_ += now_got;
    if (now_got > 0) serve();  // room was made for waiting putters
  }
  if (now_got == amount) {
    t.amount = amount;
    t.complete = true;
    return t;
  }
  const std::uint32_t slot = waiters_.acquire();
  const std::uint32_t gen = waiters_.generation(slot);
  Waiter& w = waiters_[slot];
  w.wanted = amount;
  w.done = now_got;
  w.partial = o.partial;
  w.on_get_done = std::move(on_done);
  if (o.patience != kForever) {
    w.patience_event = sim_.schedule_in(o.patience, [this, slot, gen] { expire(slot, gen); });
  }
  get_queue_.push_back(pack(slot, gen));
  ++getters_waiting_;
  return StockTicket{slot, gen, now_got, false};
}

StockTicket Container::put(std::int64_t amount, Action on_done) {
  check_amount(amount, "put");
  if (put_queue_.empty() && capacity_ - level_ >= amount) {
    level_ += amount;
    total_put_ += amount;
    serve();
    return StockTicket{UINT32_MAX, 0, amount, true};
  }
  const std::uint32_t slot = waiters_.acquire();
  Waiter& w = waiters_[slot];
  w.wanted = amount;
  w.on_put_done = std::move(on_done);
  put_queue_.push_back(pack(slot, waiters_.generation(slot)));
  return StockTicket{slot, waiters_.generation(slot), 0, false};
}

// Alternates between putters (room permitting) and getters (stock permitting), FIFO each,
// until neither can move.
void Container::serve() {
  if (serving_) return;
  serving_ = true;
  bool moved = true;
  while (moved) {
    moved = false;
    while (!put_queue_.empty()) {
      const std::uint64_t k = put_queue_.front();
      if (!waiters_.live(slot_of(k), gen_of(k))) {
        put_queue_.pop_front();
        continue;
      }
      Waiter& w = waiters_[slot_of(k)];
      if (capacity_ - level_ < w.wanted) break;
      level_ += w.wanted;
      total_put_ += w.wanted;
      Action done = std::move(w.on_put_done);
      free_waiter(slot_of(k));
      put_queue_.pop_front();
      moved = true;
      if (done) done();
    }
    while (!get_queue_.empty()) {
      const std::uint64_t k = get_queue_.front();
      if (!waiters_.live(slot_of(k), gen_of(k))) {
        get_queue_.pop_front();
        continue;
      }
      Waiter& w = waiters_[slot_of(k)];
      const std::int64_t need = w.wanted - w.done;
      const std::int64_t n = level_ >= need ? need : (w.partial ? level_ : 0);
      if (n == 0) break;
      level_ -= n;
      taken_ += n;
      w.done += n;
      moved = true;
      if (w.done < w.wanted) break;  // partial fill: the stock is empty now
      sim_.cancel(w.patience_event);
      auto done = std::move(w.on_get_done);
      const std::int64_t got = w.done;
      free_waiter(slot_of(k));
      get_queue_.pop_front();
      --getters_waiting_;
      if (done) done(got);
    }
  }
  serving_ = false;
}

void Container::expire(std::uint32_t slot, std::uint32_t gen) {
  if (!waiters_.live(slot, gen)) return;
  auto done = std::move(waiters_[slot].on_get_done);
  const std::int64_t got = waiters_[slot].done;
  free_waiter(slot);  // its queue entry goes stale
  --getters_waiting_;
  serve();  // the next getter in line may now be served
  if (done) done(got);
}

bool Container::withdraw_get(const StockTicket& t) {
  if (!waiters_.live(t.slot, t.generation)) return false;
  sim_.cancel(waiters_[t.slot].patience_event);
  free_waiter(t.slot);
  --getters_waiting_;
  serve();
  return true;
}

bool Container::Take::await_suspend(ProcessPromise::Handle h) {
  p_ = &h.promise();
  if (p_->take_pending_interrupt()) return false;
  ProcessPromise* p = p_;
  const StockTicket t = c_.get(amount_, o_, [this, p](std::int64_t got) {
    got_ = got;
    p->wake();
  });
  if (t.complete) {
    got_ = t.amount;
    return false;
  }
  Container* c = &c_;
  p_->park([c, t] { c->withdraw_get(t); });
  return true;
}

bool Container::Give::await_suspend(ProcessPromise::Handle h) {
  p_ = &h.promise();
  if (p_->take_pending_interrupt()) return false;
  ProcessPromise* p = p_;
  const StockTicket t = c_.put(amount_, [p] { p->wake(); });
  return !t.complete;  // an interrupted give stays queued: the units still go in when room comes
}

}  // namespace surgesim::engine
