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

/// The pending-event set, ordered by (time, priority, insertion order): a total order, so a run is
/// a pure function of its inputs.
///
/// It is a ladder queue (Tang, Goh and Thng, ACM TOMACS 2005): far-future events wait unsorted in
/// `top`; when needed they are spread over a rung of time buckets, a crowded bucket over a finer
/// rung, and only a small bucket at a time is sorted into `bottom`, from which events are taken.
/// Insertion and removal cost O(1) amortised, independent of how many events are pending. Actions
/// live in a slot pool; cancelling destroys the action at once and leaves a tombstone that is
/// dropped when it reaches the bottom.
class EventQueue {
 public:
  EventQueue() = default;

  /// Adds an event. `at` must be a number >= 0; priority in [kPriorityMin, kPriorityMax].
  EventHandle push(SimTime at, int priority, Action action);
  /// Cancels a pending event. Returns false when it has already run or been cancelled.
  bool cancel(EventHandle handle) noexcept;
  /// True when `handle` names an event that is still pending.
  bool pending(EventHandle handle) const noexcept;

  bool empty() { return !prepare(); }
  /// Number of live (not cancelled) pending events.
  std::size_t size() const noexcept { return live_; }
  /// Time of the next live event; requires !empty().
  SimTime top_time() {
    prepare();
    return bottom_.back().at;
  }
  /// Removes the next live event and returns its time and action; requires !empty().
  SimTime pop(Action& out);
  /// If the next live event is at time <= end, removes it into (at, out) and returns true.
  bool pop_until(SimTime end, SimTime& at, Action& out);
  void reserve(std::size_t n);
  void clear() noexcept;

 private:
  static constexpr std::uint32_t kNil = UINT32_MAX;
  struct Slot {
    Action action;
    SimTime at = 0;
    std::uint64_t order = 0;    // (inverted priority << 48) | insertion sequence
    std::uint32_t next = kNil;  // the next event in the same top/bucket list
    std::uint32_t generation = 0;
    bool live = false;  // false: free, or cancelled and awaiting its tombstone's removal
  };
  struct Entry {  // a copy of an event's key, for the sorted bottom
    SimTime at;
    std::uint64_t order;
    std::uint32_t slot;
  };
  struct List {  // an unsorted singly linked list of slots
    std::uint32_t head = kNil;
    std::size_t size = 0;
  };
  struct Rung {
    SimTime start = 0;
    double inv_width = 0;
    std::size_t cur = 0;    // next bucket to take from
    std::size_t count = 0;  // events still in this rung
    std::vector<std::uint32_t> heads;
    std::vector<std::uint32_t> sizes;
  };
  static constexpr std::size_t kThreshold = 48;  // a bucket larger than this gets its own rung
  static constexpr int kMaxRungs = 8;

  // Times >= 0 order like their IEEE-754 bit patterns, so (time, order) compares as one integer.
  __extension__ using Key = unsigned __int128;
  static Key key(SimTime at, std::uint64_t order) noexcept;
  static std::size_t bucket_of(const Rung& r, SimTime t) noexcept;

  void link(List& list, std::uint32_t slot) noexcept {
    slots_[slot].next = list.head;
    list.head = slot;
    ++list.size;
  }
  void insert(std::uint32_t slot);
  void insert_bottom(std::uint32_t slot);
  bool prepare();  // makes bottom_.back() the next live event; false when none is left
  void fill_bottom(std::uint32_t head);
  void spawn_rung(std::uint32_t head, std::size_t n, SimTime lo, SimTime hi);
  void free_slot(std::uint32_t slot) noexcept;
  SimTime take_bottom(Action& out);

  List top_;
  SimTime top_min_ = kForever;
  SimTime top_max_ = -kForever;
  SimTime below_max_ = -kForever;  // events later than this go to the top
  List forever_;                   // events at time +infinity, taken last
  Rung rungs_[kMaxRungs];
  int rung_count_ = 0;
  std::vector<Entry> bottom_;  // sorted by descending key: the next event is at the back

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
  std::size_t live_ = 0;
};

}  // namespace surgesim::engine
