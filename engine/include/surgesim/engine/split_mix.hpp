#pragma once

#include <cstdint>
#include <limits>

namespace surgesim::engine {

/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit generator with 8 bytes of state that passes
/// BigCrush. It is cheap to seed, for the many short streams a parallel step needs (one per grid
/// and time step), where seeding an mt19937_64 each time would dominate. It satisfies
/// UniformRandomBitGenerator, so Boost.Random distributions draw from it portably.
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  explicit SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }
  result_type operator()() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform on [0, 1) with 53 random bits.
  double uniform01() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace surgesim::engine
