#pragma once

#include <cstdint>
#include <deque>
#include <limits>

#include "surgesim/engine/action.hpp"
#include "surgesim/engine/detail/slot_pool.hpp"
#include "surgesim/engine/process.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::engine {

using StockCallback = Callback<void(std::int64_t)>;

struct GetOptions {
  /// false: wait until the whole amount can be taken at once. true: take what is there now and
  /// keep taking from later puts until the amount is complete (or patience runs out).
  bool partial = false;
  Duration patience = kForever;
};

/// Identifies a waiting get or put.
struct StockTicket {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  std::int64_t amount = 0;  ///< amount moved so far (all of it when complete)
  bool complete = false;
};

/// A stock of identical units (tablets of a drug) with a level, an optional capacity, and queues of
/// waiting getters and putters, served strictly first come, first served. Units are integers, so
/// the ledger is exact: initial + put() = taken() + level(), checked by balance_ok().
class Container {
 public:
  Container(Simulation& sim, std::int64_t initial,
            std::int64_t capacity = std::numeric_limits<std::int64_t>::max());
  Container(const Container&) = delete;
  Container& operator=(const Container&) = delete;

  std::int64_t level() const noexcept { return level_; }
  std::int64_t capacity() const noexcept { return capacity_; }

  /// Takes up to `amount` now, never waits; returns what was taken (a partial fill when short).
  std::int64_t take_up_to(std::int64_t amount);
  /// Takes all of `amount` now or nothing.
  bool try_take(std::int64_t amount);
  /// Callback style get. If complete at once, returns complete=true. Otherwise on_done(amount got)
  /// runs when complete or, with a finite patience, when it expires (possibly with a part).
  StockTicket get(std::int64_t amount, const GetOptions& options, StockCallback on_done);
  /// Adds units; waits (FIFO) for room when the container is at capacity. on_done runs when all
  /// of it is in, unless it went in at once (complete=true).
  StockTicket put(std::int64_t amount, Action on_done = {});
  /// Cancels a waiting get: units it already received stay taken. Returns false if not waiting.
  bool withdraw_get(const StockTicket& t);

  /// Coroutine style: `std::int64_t got = co_await stock.take(n, opts);`
  class Take;
  Take take(std::int64_t amount, GetOptions options = {});
  /// Coroutine style: `co_await stock.give(n);` waits for room if needed.
  class Give;
  Give give(std::int64_t amount);

  std::int64_t initial() const noexcept { return initial_; }
  std::int64_t total_put() const noexcept { return total_put_; }
  std::int64_t taken() const noexcept { return taken_; }
  std::size_t waiting_getters() const noexcept { return getters_waiting_; }
  /// The ledger holds: initial + put = taken + level.
  bool balance_ok() const noexcept { return initial_ + total_put_ == taken_ + level_; }

 private:
  struct Waiter {
    std::int64_t wanted = 0;
    std::int64_t done = 0;
    bool partial = false;
    EventHandle patience_event;
    StockCallback on_get_done;
    Action on_put_done;
  };
  void check_amount(std::int64_t amount, const char* what) const;
  void serve();
  void free_waiter(std::uint32_t slot);
  void expire(std::uint32_t slot, std::uint32_t generation);

  Simulation& sim_;
  std::int64_t level_;
  std::int64_t capacity_;
  std::int64_t initial_;
  std::int64_t total_put_ = 0;
  std::int64_t taken_ = 0;
  std::size_t getters_waiting_ = 0;
  bool serving_ = false;
  detail::SlotPool<Waiter> waiters_;
  std::deque<std::uint64_t> get_queue_;  // (generation << 32) | slot; stale entries skipped
  std::deque<std::uint64_t> put_queue_;
};

class Container::Take {
 public:
  Take(Container& c, std::int64_t amount, GetOptions o) noexcept : c_(c), amount_(amount), o_(o) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessPromise::Handle h);
  std::int64_t await_resume() {
    p_->throw_if_interrupted();
    return got_;
  }

 private:
  Container& c_;
  std::int64_t amount_;
  GetOptions o_;
  ProcessPromise* p_ = nullptr;
  std::int64_t got_ = 0;
};

class Container::Give {
 public:
  Give(Container& c, std::int64_t amount) noexcept : c_(c), amount_(amount) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessPromise::Handle h);
  void await_resume() { p_->throw_if_interrupted(); }

 private:
  Container& c_;
  std::int64_t amount_;
  ProcessPromise* p_ = nullptr;
};

inline Container::Take Container::take(std::int64_t amount, GetOptions options) {
  return {*this, amount, options};
}
inline Container::Give Container::give(std::int64_t amount) { return {*this, amount}; }

}  // namespace surgesim::engine
