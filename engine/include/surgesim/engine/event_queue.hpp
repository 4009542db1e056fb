#pragma once

#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
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

  /// Adds an event running `f` (an Action or any void() callable, built in place). `at` must be a
  /// number >= 0; priority in [kPriorityMin, kPriorityMax].
  template <class F>
  EventHandle push(SimTime at, int priority, F&& f) {
    const std::uint32_t slot = new_slot(at, priority);
    try {
      Action& a = action_at(slot);
      if constexpr (std::is_same_v<std::decay_t<F>, Action>) {
        a = std::move(f);
      } else {
        a.emplace(std::forward<F>(f));
      }
    } catch (...) {
      abandon_slot(slot);
      throw;
    }
    insert(slot);
    return EventHandle{slot, nodes_[slot].generation};
  }
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
  /// If the next live event is at time <= end, takes it out of the queue, sets `at` and `slot`
  /// and returns true. Its action stays in place (see action_at) until release_fired(slot), so
  /// the run loop invokes it without moving it; scheduling more events does not move it either.
  bool fire_until(SimTime end, SimTime& at, std::uint32_t& slot);
  Action& action_at(std::uint32_t slot) noexcept {
    return action_chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)];
  }
  /// Frees the slot of an event taken by fire_until, after its action has run (or thrown).
  void release_fired(std::uint32_t slot) noexcept;
  void reserve(std::size_t n);
  void clear() noexcept;

 private:
  static constexpr std::uint32_t kNil = UINT32_MAX;
  // An event's key fields, kept apart from its action so walking bucket lists touches 32 bytes
  // per event, not the whole closure.
  struct Node {
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
  };
  static constexpr std::size_t kThreshold = 48;  // a bucket larger than this gets its own rung
  static constexpr int kMaxRungs = 8;

  // Times >= 0 order like their IEEE-754 bit patterns, so (time, order) compares as one integer.
  __extension__ using Key = unsigned __int128;
  static Key key(SimTime at, std::uint64_t order) noexcept;
  static std::size_t bucket_of(const Rung& r, SimTime t) noexcept;

  void link(List& list, std::uint32_t slot) noexcept {
    nodes_[slot].next = list.head;
    list.head = slot;
    ++list.size;
  }
  std::uint32_t new_slot(SimTime at, int priority);
  void abandon_slot(std::uint32_t slot) noexcept;
  void insert(std::uint32_t slot);
  void insert_bottom(std::uint32_t slot);
  bool prepare();  // makes bottom_.back() the next live event; false when none is left
  std::size_t collect_bottom(std::uint32_t head);
  void sort_bottom();
  bool split_bottom();
  Rung& start_rung(std::size_t n, SimTime lo, SimTime hi);
  void spawn_rung(std::uint32_t head, std::size_t n, SimTime lo, SimTime hi);
  void free_slot(std::uint32_t slot) noexcept;

  List top_;
  SimTime top_min_ = kForever;
  SimTime top_max_ = -kForever;
  SimTime below_max_ = -kForever;  // events later than this go to the top
  List forever_;                   // events at time +infinity, taken last
  Rung rungs_[kMaxRungs];
  int rung_count_ = 0;
  std::vector<Entry> bottom_;  // sorted by descending key: the next event is at the back

  // Actions by slot, in fixed-size chunks so an action's address never changes while it runs.
  static constexpr std::uint32_t kChunkBits = 10;
  static constexpr std::uint32_t kChunkSize = 1u << kChunkBits;
  std::vector<Node> nodes_;
  std::vector<std::unique_ptr<Action[]>> action_chunks_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
  std::size_t live_ = 0;
};

}  // namespace surgesim::engine
