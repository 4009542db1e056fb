#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include "surgesim/engine/action.hpp"
#include "surgesim/engine/detail/slot_pool.hpp"
#include "surgesim/engine/process.hpp"
#include "surgesim/engine/simulation.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/engine/time_weighted.hpp"

namespace surgesim::engine {

/// What became of a request.
enum class RequestOutcome : std::uint8_t {
  kGranted,  ///< holds a unit of the resource
  kQueued,   ///< waiting (callback style only: on_granted or on_reneged will follow)
  kBalked,   ///< the queue was at its limit, so the request was turned away at once
  kReneged,  ///< waited longer than its patience and left
};

struct RequestOptions {
  int priority = 0;              ///< higher is served first; equal priorities are FIFO
  Duration patience = kForever;  ///< leave the queue unserved after waiting this long
  bool preempt = false;          ///< when full, may displace the lowest-priority holder
};

/// Identifies a request and, once granted, the unit it holds.
struct Ticket {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  RequestOutcome outcome = RequestOutcome::kBalked;
  bool granted() const noexcept { return outcome == RequestOutcome::kGranted; }
};

using GrantCallback = Callback<void(const Ticket&)>;

struct ResourceOptions {
  int capacity = 1;  ///< units (servers, beds), >= 0
  std::size_t queue_limit = std::numeric_limits<std::size_t>::max();  ///< waiting places
};

/// A pool of `capacity` identical units with a priority queue of waiting requests: balking at a
/// queue limit, reneging after a patience, optional pre-emption, and a capacity that can change
/// during the run (lowering it never evicts a holder: units are withdrawn as they are released).
class Resource {
 public:
  Resource(Simulation& sim, ResourceOptions options);
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  /// Callback style. on_granted(ticket) runs when a unit is granted: at once, inside request(),
  /// when one is free, else later from a release. Returns the ticket with kGranted, kQueued (then
  /// exactly one of on_granted / on_reneged runs later) or kBalked. The ticket stays the same once
  /// granted. on_preempted runs if a pre-empting request takes the unit away; the ticket is then
  /// not held.
  Ticket request(const RequestOptions& options, GrantCallback on_granted, Action on_reneged = {},
                 Action on_preempted = {});
  /// Gives back a held unit. Returns false (and does nothing) for a ticket no longer held, e.g.
  /// one that was pre-empted. Throws std::logic_error for a ticket that is still waiting.
  bool release(const Ticket& ticket);
  /// Takes a waiting request out of the queue without any callback. False if it is not waiting.
  bool withdraw(const Ticket& ticket);

  /// Coroutine style: `Ticket t = co_await r.acquire();` then `r.release(t)`. The ticket's outcome
  /// is kGranted, kBalked or kReneged. A pre-empted holder is interrupted with kCausePreempted.
  class Acquire;
  Acquire acquire(RequestOptions options = {});

  /// Changes the number of units (>= 0). More units serve waiting requests at once.
  void set_capacity(int capacity);

  int capacity() const noexcept { return capacity_; }
  int in_use() const noexcept { return in_use_; }
  std::size_t queue_length() const noexcept { return waiting_; }
  std::size_t queue_limit() const noexcept { return queue_limit_; }
  /// From now on, arrivals balk once this many wait; those already waiting stay.
  void set_queue_limit(std::size_t limit) noexcept { queue_limit_ = limit; }

  // Statistics since construction (or since reset_statistics()).
  std::uint64_t requests() const noexcept { return requests_; }
  std::uint64_t grants() const noexcept { return grants_; }
  std::uint64_t balked() const noexcept { return balked_; }
  std::uint64_t reneged() const noexcept { return reneged_; }
  std::uint64_t preempted() const noexcept { return preempted_; }
  /// Waiting times of granted requests (0 for immediate grants).
  const Tally& waits() const noexcept { return waits_; }
  const TimeWeighted& queue_stats() const noexcept { return queue_tw_; }
  const TimeWeighted& busy_stats() const noexcept { return busy_tw_; }
  /// Restarts the counters and averages (e.g. at the end of a warm-up period).
  void reset_statistics();

 private:
  enum class State : std::uint8_t { kWaiting, kHolding };
  struct Record {
    GrantCallback on_granted;
    Action on_reneged;
    Action on_preempted;
    EventHandle patience_event;
    SimTime requested_at = 0;
    std::uint64_t granted_seq = 0;
    std::uint32_t holder_index = 0;
    int priority = 0;
    State state = State::kWaiting;
  };
  struct QueueEntry {
    int priority;
    std::uint64_t seq;
    std::uint32_t slot;
    std::uint32_t generation;
  };

  Ticket grant_now(std::uint32_t slot);
  void free_record(std::uint32_t slot);
  void add_holder(std::uint32_t slot);
  void remove_holder(std::uint32_t slot);
  void enqueue(std::uint32_t slot, int priority);
  bool pop_waiting(std::uint32_t& slot);
  void heap_push(const QueueEntry& e);
  QueueEntry heap_pop();
  void renege(std::uint32_t slot, std::uint32_t generation);
  bool try_preempt(int priority);
  void dispatch();
  void record_queue() { queue_tw_.set(sim_.now(), static_cast<double>(waiting_)); }
  void record_busy() { busy_tw_.set(sim_.now(), static_cast<double>(in_use_)); }

  Simulation& sim_;
  int capacity_;
  int in_use_ = 0;
  std::size_t queue_limit_;
  std::size_t waiting_ = 0;
  std::uint64_t seq_ = 0;
  bool dispatching_ = false;
  detail::SlotPool<Record> records_;
  // Waiting requests, stale entries skipped lazily. While every waiting request has the same
  // priority they form a plain FIFO line (fifo_); once priorities differ, a binary heap (heap_).
  std::deque<QueueEntry> fifo_;
  int fifo_priority_ = 0;
  std::vector<QueueEntry> heap_;
  bool use_heap_ = false;
  std::vector<std::uint32_t> holders_;

  std::uint64_t requests_ = 0, grants_ = 0, balked_ = 0, reneged_ = 0, preempted_ = 0;
  Tally waits_;
  TimeWeighted queue_tw_;
  TimeWeighted busy_tw_;
};

class Resource::Acquire {
 public:
  Acquire(Resource& r, RequestOptions o) noexcept : r_(r), options_(o) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessPromise::Handle h);
  Ticket await_resume() {
    p_->throw_if_interrupted();
    return ticket_;
  }

 private:
  Resource& r_;
  RequestOptions options_;
  ProcessPromise* p_ = nullptr;
  Ticket ticket_;
  bool suspended_ = false;
};

inline Resource::Acquire Resource::acquire(RequestOptions options) { return {*this, options}; }

}  // namespace surgesim::engine
