#pragma once

#include <cstdint>
#include <vector>

#include "surgesim/engine/action.hpp"
#include "surgesim/engine/sim_time.hpp"

namespace surgesim::engine {

/// Names one scheduled event; stays safe to use (cancel is then a no-op) after the event has run.
struct EventHandle {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const noexcept { return slot != UINT32_MAX; }
};

/// The pending-event set: a 4-ary min-heap of (time, priority, insertion order) keys, which is a
/// total order, so a run is a pure function of its inputs. Actions live in a slot pool; cancelling
/// destroys the action at once and leaves a tombstone that is skipped when it reaches the top.
class EventQueue {
 public:
  EventQueue() = default;

  /// Adds an event. `at` must be a number (not NaN); priority in [kPriorityMin, kPriorityMax].
  EventHandle push(SimTime at, int priority, Action action);
  /// Cancels a pending event. Returns false when it has already run or been cancelled.
  bool cancel(EventHandle handle) noexcept;
  /// True when `handle` names an event that is still pending.
  bool pending(EventHandle handle) const noexcept;

  bool empty() noexcept {
    drop_cancelled_top();
    return heap_.empty();
  }
  /// Number of live (not cancelled) pending events.
  std::size_t size() const noexcept { return heap_.size() - cancelled_; }
  /// Time of the next live event; requires !empty().
  SimTime top_time() noexcept {
    drop_cancelled_top();
    return time_of(heap_.front());
  }
  /// Removes the next live event and returns its time and action; requires !empty().
  SimTime pop(Action& out);
  void reserve(std::size_t n);
  void clear() noexcept;

 private:
  // `time_bits` is the IEEE-754 pattern of a time >= 0, which orders like the time itself, so
  // (time_bits, order) compares as one 128-bit integer, without branches.
  struct Entry {
    std::uint64_t time_bits;
    std::uint64_t order;  // (inverted priority << 48) | insertion sequence
    std::uint32_t slot;
  };
  struct Slot {
    Action action;
    std::uint32_t generation = 0;
    bool live = false;  // false: free, or cancelled and awaiting its tombstone's pop
  };

  __extension__ using Key = unsigned __int128;
  static Key key(const Entry& e) noexcept { return (Key{e.time_bits} << 64) | e.order; }
  static bool before(const Entry& a, const Entry& b) noexcept { return key(a) < key(b); }
  static SimTime time_of(const Entry& e) noexcept;
  void sift_up(std::size_t hole, Entry e) noexcept;
  void pop_top() noexcept;
  void free_slot(std::uint32_t slot) noexcept;
  void drop_cancelled_top() noexcept {
    while (cancelled_ != 0 && !heap_.empty() && !slots_[heap_.front().slot].live) {
      --cancelled_;
      free_slot(heap_.front().slot);
      pop_top();
    }
  }

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
  std::size_t cancelled_ = 0;
};

}  // namespace surgesim::engine
