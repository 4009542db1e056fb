#include "surgesim/engine/resource.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace surgesim::engine {

void Resource::free_record(std::uint32_t slot) {
  Record& r = records_[slot];
  r.on_granted.reset();
  r.on_reneged.reset();
  r.on_preempted.reset();
  records_.release(slot);
}

namespace {
// Heap order: the top is the highest priority, then the earliest request.
bool lower(int pa, std::uint64_t sa, int pb, std::uint64_t sb) noexcept {
  return pa < pb || (pa == pb && sa > sb);
}
void check_capacity(int c) {
  if (c < 0)
    throw std::invalid_argument("resource capacity " + std::to_string(c) + " must be >= 0");
}
}  // namespace

Resource::Resource(Simulation& sim, ResourceOptions options)
    : sim_(sim),
      capacity_(options.capacity),
      queue_limit_(options.queue_limit),
      queue_tw_(sim.now()),
      busy_tw_(sim.now()) {
  check_capacity(options.capacity);
}

Ticket Resource::request(const RequestOptions& o, GrantCallback on_granted, Action on_reneged,
                         Action on_preempted) {
  if (std::isnan(o.patience) || o.patience < 0) {
    throw std::invalid_argument("request patience " + std::to_string(o.patience) + " must be >= 0");
  }
  ++requests_;
  const bool free_unit = in_use_ < capacity_ && waiting_ == 0;
  if (!free_unit && !(o.preempt && try_preempt(o.priority))) {
    if (waiting_ >= queue_limit_) {
      ++balked_;
      return Ticket{UINT32_MAX, 0, RequestOutcome::kBalked};
    }
    const std::uint32_t slot = records_.acquire();
    Record& r = records_[slot];
    r.on_granted = std::move(on_granted);
    r.on_reneged = std::move(on_reneged);
    r.on_preempted = std::move(on_preempted);
    r.requested_at = sim_.now();
    r.priority = o.priority;
    r.state = State::kWaiting;
    const std::uint32_t gen = records_.generation(slot);
    if (o.patience != kForever) {
      r.patience_event = sim_.schedule_in(o.patience, [this, slot, gen] { renege(slot, gen); });
    }
    enqueue(slot, o.priority);
    return Ticket{slot, gen, RequestOutcome::kQueued};
  }
  const std::uint32_t slot = records_.acquire();
  Record& r = records_[slot];
  r.on_preempted = std::move(on_preempted);
  r.requested_at = sim_.now();
  r.priority = o.priority;
  const Ticket t = grant_now(slot);
  if (on_granted) on_granted(t);
  return t;
}

Ticket Resource::grant_now(std::uint32_t slot) {
  Record& r = records_[slot];
  r.state = State::kHolding;
  r.granted_seq = seq_++;
  ++grants_;
  waits_.add(sim_.now() - r.requested_at);
  ++in_use_;
  add_holder(slot);
  record_busy();
  return Ticket{slot, records_.generation(slot), RequestOutcome::kGranted};
}

void Resource::add_holder(std::uint32_t slot) {
  records_[slot].holder_index = static_cast<std::uint32_t>(holders_.size());
  holders_.push_back(slot);
}

void Resource::remove_holder(std::uint32_t slot) {
  const std::uint32_t i = records_[slot].holder_index;
  const std::uint32_t moved = holders_.back();
  holders_[i] = moved;
  records_[moved].holder_index = i;
  holders_.pop_back();
}

void Resource::enqueue(std::uint32_t slot, int priority) {
  if (waiting_ == 0) {  // nothing live is queued: drop stale entries and go back to the FIFO line
    fifo_.clear();
    heap_.clear();
    use_heap_ = false;
  }
  ++waiting_;
  record_queue();
  const QueueEntry e{priority, seq_++, slot, records_.generation(slot)};
  if (!use_heap_) {
    if (fifo_.empty() || priority == fifo_priority_) {
      fifo_priority_ = priority;
      fifo_.push_back(e);
      return;
    }
    for (const QueueEntry& q : fifo_) heap_push(q);  // priorities now differ
    fifo_.clear();
    use_heap_ = true;
  }
  heap_push(e);
}

void Resource::heap_push(const QueueEntry& e) {
  std::size_t hole = heap_.size();
  heap_.push_back(e);
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 2;
    if (!lower(heap_[parent].priority, heap_[parent].seq, e.priority, e.seq)) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = e;
}

Resource::QueueEntry Resource::heap_pop() {
  const QueueEntry top = heap_.front();
  const QueueEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return top;
  std::size_t hole = 0;  // sift `last` down from the root
  for (;;) {
    std::size_t child = 2 * hole + 1;
    if (child >= n) break;
    if (child + 1 < n && lower(heap_[child].priority, heap_[child].seq, heap_[child + 1].priority,
                               heap_[child + 1].seq)) {
      ++child;
    }
    if (!lower(last.priority, last.seq, heap_[child].priority, heap_[child].seq)) break;
    heap_[hole] = heap_[child];
    hole = child;
  }
  heap_[hole] = last;
  return top;
}

bool Resource::pop_waiting(std::uint32_t& slot) {
  for (;;) {
    QueueEntry e;
    if (use_heap_) {
      if (heap_.empty()) return false;
      e = heap_pop();
    } else {
      if (fifo_.empty()) return false;
      e = fifo_.front();
      fifo_.pop_front();
    }
    if (records_.live(e.slot, e.generation) && records_[e.slot].state == State::kWaiting) {
      slot = e.slot;
      return true;
    }
  }
}

void Resource::dispatch() {
  if (dispatching_) return;  // a callback released or requested: the outer loop carries on
  dispatching_ = true;
  std::uint32_t slot;
  while (in_use_ < capacity_ && waiting_ > 0 && pop_waiting(slot)) {
    --waiting_;
    record_queue();
    Record& r = records_[slot];
    sim_.cancel(r.patience_event);
    r.on_reneged.reset();
    GrantCallback granted = std::move(r.on_granted);
    const Ticket t = grant_now(slot);
    if (granted) granted(t);
  }
  dispatching_ = false;
}

bool Resource::release(const Ticket& t) {
  if (!records_.live(t.slot, t.generation)) return false;
  if (records_[t.slot].state != State::kHolding) {
    throw std::logic_error("release: the request is still waiting (withdraw it instead)");
  }
  remove_holder(t.slot);
  free_record(t.slot);
  --in_use_;
  record_busy();
  dispatch();
  return true;
}

bool Resource::withdraw(const Ticket& t) {
  if (!records_.live(t.slot, t.generation) || records_[t.slot].state != State::kWaiting) {
    return false;
  }
  sim_.cancel(records_[t.slot].patience_event);
  free_record(t.slot);  // its heap entry goes stale
  --waiting_;
  record_queue();
  return true;
}

void Resource::renege(std::uint32_t slot, std::uint32_t gen) {
  if (!records_.live(slot, gen) || records_[slot].state != State::kWaiting) return;
  Action on_reneged = std::move(records_[slot].on_reneged);
  free_record(slot);
  --waiting_;
  ++reneged_;
  record_queue();
  if (on_reneged) on_reneged();
}

bool Resource::try_preempt(int priority) {
  // Victim: the lowest priority below the requester's; among equals, the most recently granted.
  if (in_use_ > capacity_) return false;  // capacity was lowered: evicting one frees nothing
  std::uint32_t victim = UINT32_MAX;
  for (std::uint32_t s : holders_) {
    const Record& r = records_[s];
    if (r.priority >= priority) continue;
    if (victim == UINT32_MAX || r.priority < records_[victim].priority ||
        (r.priority == records_[victim].priority && r.granted_seq > records_[victim].granted_seq)) {
      victim = s;
    }
  }
  if (victim == UINT32_MAX) return false;
  Action on_preempted = std::move(records_[victim].on_preempted);
  remove_holder(victim);
  free_record(victim);
  --in_use_;
  ++preempted_;
  record_busy();
  if (on_preempted) on_preempted();
  return in_use_ < capacity_;
}

void Resource::set_capacity(int capacity) {
  check_capacity(capacity);
  capacity_ = capacity;
  dispatch();
}

void Resource::reset_statistics() {
  requests_ = grants_ = balked_ = reneged_ = preempted_ = 0;
  waits_.reset();
  queue_tw_.reset(sim_.now());
  busy_tw_.reset(sim_.now());
}

bool Resource::Acquire::await_suspend(ProcessPromise::Handle h) {
  p_ = &h.promise();
  if (p_->take_pending_interrupt()) return false;
  ProcessPromise* p = p_;
  ticket_ = r_.request(
      options_,
      [this, p](const Ticket& granted) {
        ticket_ = granted;
        if (suspended_) p->wake();
      },
      [this, p] {
        ticket_.outcome = RequestOutcome::kReneged;
        p->wake();
      },
      [ref = ProcessRef(p)]() mutable { ref.interrupt(kCausePreempted); });
  if (ticket_.outcome != RequestOutcome::kQueued) return false;  // granted or balked: go on
  suspended_ = true;
  Resource* r = &r_;
  const Ticket t = ticket_;
  p_->park([r, t] { r->withdraw(t); });
  return true;
}

}  // namespace surgesim::engine
