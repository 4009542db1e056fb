#include "surgesim/engine/event_queue.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace surgesim::engine {

namespace {
constexpr std::uint64_t kSeqBits = 48;
constexpr std::uint64_t kSeqLimit = std::uint64_t{1} << kSeqBits;
constexpr std::size_t kArity = 4;
}  // namespace

SimTime EventQueue::time_of(const Entry& e) noexcept {
  SimTime t;
  std::memcpy(&t, &e.time_bits, sizeof t);
  return t;
}

EventHandle EventQueue::push(SimTime at, int priority, Action action) {
  if (!(at >= 0)) {
    throw std::invalid_argument("event time " + std::to_string(at) + " must be a number >= 0");
  }
  at += 0.0;  // -0.0 becomes +0.0, whose bit pattern orders correctly
  std::uint64_t bits;
  std::memcpy(&bits, &at, sizeof bits);
  if (priority < kPriorityMin || priority > kPriorityMax) {
    throw std::invalid_argument("event priority " + std::to_string(priority) +
                                " is outside [-32768, 32767]");
  }
  if (next_seq_ >= kSeqLimit) throw std::overflow_error("event sequence space exhausted (2^48)");
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (slots_.size() >= UINT32_MAX - 1) throw std::length_error("too many pending events");
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.action = std::move(action);
  s.live = true;
  const auto inverted = static_cast<std::uint64_t>(kPriorityMax - priority);
  heap_.push_back({});
  sift_up(heap_.size() - 1, Entry{bits, (inverted << kSeqBits) | next_seq_++, slot});
  return EventHandle{slot, s.generation};
}

bool EventQueue::pending(EventHandle h) const noexcept {
  return h.slot < slots_.size() && slots_[h.slot].generation == h.generation && slots_[h.slot].live;
}

bool EventQueue::cancel(EventHandle h) noexcept {
  if (!pending(h)) return false;
  Slot& s = slots_[h.slot];
  s.live = false;
  ++s.generation;  // the handle no longer names anything
  s.action.reset();
  ++cancelled_;
  return true;
}

SimTime EventQueue::pop(Action& out) {
  drop_cancelled_top();
  const Entry top = heap_.front();
  out = std::move(slots_[top.slot].action);
  free_slot(top.slot);
  pop_top();
  return time_of(top);
}

void EventQueue::reserve(std::size_t n) {
  heap_.reserve(n);
  slots_.reserve(n);
  free_slots_.reserve(n);
}

void EventQueue::clear() noexcept {
  heap_.clear();
  slots_.clear();
  free_slots_.clear();
  cancelled_ = 0;
}

void EventQueue::free_slot(std::uint32_t slot) noexcept {
  Slot& s = slots_[slot];
  if (s.live) ++s.generation;  // ran: handles to it go stale (cancelled slots were bumped already)
  s.live = false;
  s.action.reset();
  free_slots_.push_back(slot);
}

void EventQueue::sift_up(std::size_t hole, Entry e) noexcept {
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!before(e, heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = e;
}

// Bottom-up deletion: walk the hole from the root to a leaf along the smaller children (one
// tournament of four per level, no comparison against the moved element), then put the last
// element in the hole and sift it up, which is short because it came from the bottom.
void EventQueue::pop_top() noexcept {
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return;
  std::size_t hole = 0;
  for (;;) {
    const std::size_t first = hole * kArity + 1;
    std::size_t best;
    if (first + kArity <= n) {
      const Entry* c = &heap_[first];
      const std::size_t m01 = before(c[1], c[0]) ? 1 : 0;
      const std::size_t m23 = before(c[3], c[2]) ? 3 : 2;
      best = first + (before(c[m23], c[m01]) ? m23 : m01);
    } else if (first < n) {
      best = first;
      for (std::size_t i = first + 1; i < n; ++i) {
        if (before(heap_[i], heap_[best])) best = i;
      }
    } else {
      break;
    }
    heap_[hole] = heap_[best];
    hole = best;
  }
  sift_up(hole, last);
}

}  // namespace surgesim::engine
