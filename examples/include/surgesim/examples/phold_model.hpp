#pragma once

#include <cstdint>

namespace surgesim::examples {

/// PHOLD: `entities` logical processes, each starting with one event; every event schedules one new
/// event at now + Exp(1) on an entity drawn uniformly. Runs `events` events in all.
struct PholdParams {
  std::uint64_t entities = 1000;
  std::uint64_t events = 1000000;
  std::uint64_t seed = 1;
};

struct PholdResult {
  std::uint64_t events = 0;
  double end_time = 0;
  std::uint64_t checksum = 0;  ///< order-sensitive hash of (entity, time) of every event
};

PholdResult run_phold(const PholdParams& params);

}  // namespace surgesim::examples
