#include "surgesim/engine/event_queue.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace surgesim::engine {

namespace {
constexpr std::uint64_t kSeqBits = 48;
constexpr std::uint64_t kSeqLimit = std::uint64_t{1} << kSeqBits;
}  // namespace

EventQueue::Key EventQueue::key(SimTime at, std::uint64_t order) noexcept {
  std::uint64_t bits;
  std::memcpy(&bits, &at, sizeof bits);
  return (Key{bits} << 64) | order;
}

// Monotone in t (and clamped monotonically), which is all the ordering needs: t1 < t2 never puts
// t1 in a later bucket than t2, whatever the rounding.
std::size_t EventQueue::bucket_of(const Rung& r, SimTime t) noexcept {
  const double x = (t - r.start) * r.inv_width;
  if (!(x > 0)) return 0;
  const std::size_t last = r.heads.size() - 1;
  return x >= static_cast<double>(last) ? last : static_cast<std::size_t>(x);
}

std::uint32_t EventQueue::new_slot(SimTime at, int priority) {
  if (!(at >= 0)) {
    throw std::invalid_argument("event time " + std::to_string(at) + " must be a number >= 0");
  }
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
    if (nodes_.size() >= kNil - 1) throw std::length_error("too many pending events");
    slot = static_cast<std::uint32_t>(nodes_.size());
    if ((slot >> kChunkBits) >= action_chunks_.size()) {
      action_chunks_.push_back(std::make_unique<Action[]>(kChunkSize));
    }
    nodes_.emplace_back();
  }
  Node& s = nodes_[slot];
  s.live = true;
  s.at = at + 0.0;  // -0.0 becomes +0.0, whose bit pattern orders correctly
  const auto inverted = static_cast<std::uint64_t>(kPriorityMax - priority);
  s.order = (inverted << kSeqBits) | next_seq_++;
  ++live_;
  return slot;
}

void EventQueue::abandon_slot(std::uint32_t slot) noexcept {
  free_slot(slot);
  --live_;
}

void EventQueue::insert(std::uint32_t slot) {
  const SimTime at = nodes_[slot].at;
  if (at == kForever) {
    if (below_max_ == kForever) {
      insert_bottom(slot);  // the infinite events are being taken now
    } else {
      link(forever_, slot);
    }
    return;
  }
  if (at > below_max_) {
    link(top_, slot);
    top_min_ = std::min(top_min_, at);
    top_max_ = std::max(top_max_, at);
    return;
  }
  // The coarsest rung whose untaken buckets cover `at` takes it; otherwise it is earlier than
  // everything in the rungs and goes to the bottom.
  for (int i = 0; i < rung_count_; ++i) {
    Rung& r = rungs_[i];
    const std::size_t b = bucket_of(r, at);
    if (b >= r.cur) {
      nodes_[slot].next = r.heads[b];
      r.heads[b] = slot;
      ++r.count;
      return;
    }
  }
  insert_bottom(slot);
}

void EventQueue::insert_bottom(std::uint32_t slot) {
  const Node& s = nodes_[slot];
  const Entry e{s.at, s.order, slot};
  // One insertion-sort step from the back (the earliest end): the bottom is small, and a loop
  // beats a binary search plus a library memmove for a handful of entries.
  bottom_.push_back(e);
  std::size_t j = bottom_.size() - 1;
  for (; j > 0; --j) {
    const Entry& prev = bottom_[j - 1];
    if (!(prev.at < e.at || (prev.at == e.at && prev.order < e.order))) break;
    bottom_[j] = prev;
  }
  bottom_[j] = e;
}

// Copies a list's live events into the (empty) bottom, frees tombstones, and returns how many
// list entries it walked. The bottom is left unsorted.
std::size_t EventQueue::collect_bottom(std::uint32_t head) {
  std::size_t walked = 0;
  for (std::uint32_t i = head; i != kNil; ++walked) {
    const Node& s = nodes_[i];
    const std::uint32_t next = s.next;
    if (s.live) {
      bottom_.push_back(Entry{s.at, s.order, i});
    } else {
      free_slot(i);
    }
    i = next;
  }
  return walked;
}

void EventQueue::sort_bottom() {
  const auto later = [](const Entry& a, const Entry& b) {
    return key(a.at, a.order) > key(b.at, b.order);
  };
  if (bottom_.size() <= 16) {  // insertion sort: buckets hold a handful of events
    for (std::size_t i = 1; i < bottom_.size(); ++i) {
      const Entry e = bottom_[i];
      std::size_t j = i;
      for (; j > 0 && later(e, bottom_[j - 1]); --j) bottom_[j] = bottom_[j - 1];
      bottom_[j] = e;
    }
  } else {
    std::sort(bottom_.begin(), bottom_.end(), later);
  }
}

// A crowded bucket, already copied into the bottom, is spread over a finer rung instead.
bool EventQueue::split_bottom() {
  SimTime lo = kForever, hi = -kForever;
  for (const Entry& e : bottom_) {
    lo = std::min(lo, e.at);
    hi = std::max(hi, e.at);
  }
  const std::size_t n = bottom_.size();
  if (!(hi > lo) || !std::isfinite(static_cast<double>(n) / (hi - lo))) return false;
  Rung& r = start_rung(n, lo, hi);
  for (const Entry& e : bottom_) {
    const std::size_t b = bucket_of(r, e.at);
    nodes_[e.slot].next = r.heads[b];
    r.heads[b] = e.slot;
  }
  r.count = n;
  bottom_.clear();
  return true;
}

EventQueue::Rung& EventQueue::start_rung(std::size_t n, SimTime lo, SimTime hi) {
  Rung& r = rungs_[rung_count_++];
  r.start = lo;
  r.inv_width = static_cast<double>(n) / (hi - lo);
  r.cur = 0;
  r.count = 0;
  r.heads.assign(n, kNil);
  return r;
}

void EventQueue::spawn_rung(std::uint32_t head, std::size_t n, SimTime lo, SimTime hi) {
  Rung& r = start_rung(n, lo, hi);
  for (std::uint32_t i = head; i != kNil;) {
    Node& s = nodes_[i];
    const std::uint32_t next = s.next;
    if (s.live) {
      const std::size_t b = bucket_of(r, s.at);
      s.next = r.heads[b];
      r.heads[b] = i;
      ++r.count;
    } else {
      free_slot(i);
    }
    i = next;
  }
}

bool EventQueue::prepare() {
  for (;;) {
    while (!bottom_.empty() && !nodes_[bottom_.back().slot].live) {
      free_slot(bottom_.back().slot);  // a cancelled event's tombstone
      bottom_.pop_back();
    }
    if (!bottom_.empty()) return true;
    if (rung_count_ == 0) {
      if (top_.size == 0) {
        if (forever_.size == 0) return false;
        below_max_ = kForever;
        collect_bottom(std::exchange(forever_, List{}).head);
        sort_bottom();
        continue;
      }
      below_max_ = top_max_;
      const SimTime lo = top_min_, hi = top_max_;
      const List top = std::exchange(top_, List{});
      top_min_ = kForever;
      top_max_ = -kForever;
      if (top.size > kThreshold && hi > lo &&
          std::isfinite(static_cast<double>(top.size) / (hi - lo))) {
        spawn_rung(top.head, top.size, lo, hi);
      } else {
        collect_bottom(top.head);
        sort_bottom();
      }
      continue;
    }
    Rung& r = rungs_[rung_count_ - 1];
    if (r.count == 0) {
      --rung_count_;
      continue;
    }
    while (r.heads[r.cur] == kNil) ++r.cur;
    const std::uint32_t head = std::exchange(r.heads[r.cur++], kNil);
    r.count -= collect_bottom(head);
    if (bottom_.size() > kThreshold && rung_count_ < kMaxRungs && split_bottom()) continue;
    sort_bottom();
  }
}

bool EventQueue::pending(EventHandle h) const noexcept {
  return h.slot < nodes_.size() && nodes_[h.slot].generation == h.generation && nodes_[h.slot].live;
}

bool EventQueue::cancel(EventHandle h) noexcept {
  if (!pending(h)) return false;
  Node& s = nodes_[h.slot];
  s.live = false;
  ++s.generation;  // the handle no longer names anything
  action_at(h.slot).reset();
  --live_;
  return true;
}

SimTime EventQueue::pop(Action& out) {
  prepare();
  const Entry e = bottom_.back();
  bottom_.pop_back();
  out = std::move(action_at(e.slot));
  free_slot(e.slot);
  --live_;
  return e.at;
}

bool EventQueue::fire_until(SimTime end, SimTime& at, std::uint32_t& slot) {
  if (!prepare() || bottom_.back().at > end) return false;
  const Entry e = bottom_.back();
  bottom_.pop_back();
  Node& n = nodes_[e.slot];
  n.live = false;
  ++n.generation;  // its handle is stale from now on: cancel() is a no-op while it runs
  --live_;
  at = e.at;
  slot = e.slot;
  return true;
}

void EventQueue::release_fired(std::uint32_t slot) noexcept {
  action_at(slot).reset();
  free_slots_.push_back(slot);
}

void EventQueue::reserve(std::size_t n) {
  nodes_.reserve(n);
  free_slots_.reserve(n);
}

void EventQueue::clear() noexcept {
  top_ = forever_ = List{};
  bottom_.clear();
  for (Rung& r : rungs_) {
    r.heads.clear();
    r.count = r.cur = 0;
  }
  rung_count_ = 0;
  top_min_ = kForever;
  top_max_ = below_max_ = -kForever;
  nodes_.clear();
  action_chunks_.clear();
  free_slots_.clear();
  live_ = 0;
}

void EventQueue::free_slot(std::uint32_t slot) noexcept {
  Node& s = nodes_[slot];
  if (s.live) ++s.generation;  // ran: handles to it go stale (cancelled slots were bumped already)
  s.live = false;
  action_at(slot).reset();
  free_slots_.push_back(slot);
}

}  // namespace surgesim::engine
