#pragma once

#include <cstdint>

namespace surgesim::engine {

/// Uniform index in [0, n), n >= 1, from any 64-bit generator: Lemire's multiply-and-reject
/// method, exactly uniform and pure integer arithmetic (as portable as Boost's algorithms),
/// without the two 64-bit divisions of uniform_int_distribution.
template <class Engine>
std::uint64_t uniform_index(Engine& engine, std::uint64_t n) {
  __extension__ using U128 = unsigned __int128;
  U128 m = U128{engine()} * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      m = U128{engine()} * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace surgesim::engine
