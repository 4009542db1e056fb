#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace surgesim::engine::detail {

/// Records addressed by (slot, generation): a freed slot is reused, and the bumped generation makes
/// every old handle to it stale, so a late cancel or release can be recognised and ignored.
/// release() leaves the record's fields as they are: the owner resets what it needs to (callbacks),
/// which keeps the hot path from rebuilding whole records.
template <class T>
class SlotPool {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  std::uint32_t acquire() {
    if (!free_.empty()) {
      const std::uint32_t s = free_.back();
      free_.pop_back();
      items_[s].in_use = true;
      return s;
    }
    if (items_.size() >= kNone - 1) throw std::length_error("slot pool exhausted");
    items_.push_back(Item{});
    items_.back().in_use = true;
    return static_cast<std::uint32_t>(items_.size() - 1);
  }
  void release(std::uint32_t s) {
    Item& it = items_[s];
    it.in_use = false;
    ++it.generation;
    free_.push_back(s);
  }
  bool live(std::uint32_t s, std::uint32_t gen) const noexcept {
    return s < items_.size() && items_[s].in_use && items_[s].generation == gen;
  }
  std::uint32_t generation(std::uint32_t s) const noexcept { return items_[s].generation; }
  T& operator[](std::uint32_t s) noexcept { return items_[s].value; }
  const T& operator[](std::uint32_t s) const noexcept { return items_[s].value; }
  std::size_t live_count() const noexcept { return items_.size() - free_.size(); }

 private:
  struct Item {
    T value{};
    std::uint32_t generation = 0;
    bool in_use = false;
  };
  std::vector<Item> items_;
  std::vector<std::uint32_t> free_;
};

}  // namespace surgesim::engine::detail
