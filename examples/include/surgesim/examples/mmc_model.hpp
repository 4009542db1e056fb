#pragma once

#include <cstdint>

namespace surgesim::examples {

enum class Style { kCallback, kCoroutine };

/// An M/M/c FIFO queue: Poisson arrivals at `arrival_rate`, c servers with exponential service at
/// `service_rate` each. The first `warmup_customers` are simulated but not measured.
struct MmcParams {
  int servers = 1;
  double arrival_rate = 0.9;
  double service_rate = 1.0;
  std::uint64_t customers = 100000;
  std::uint64_t warmup_customers = 0;
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  Style style = Style::kCallback;
};

struct MmcResult {
  std::uint64_t measured = 0;  ///< customers whose wait was recorded
  double mean_wait = 0;        ///< time in queue, before service
  double p_wait = 0;           ///< share of customers who waited at all
  double wait_p95 = 0;
  double mean_sojourn = 0;    ///< wait + service
  double mean_in_system = 0;  ///< time-average number in system (queue + service)
  double utilization = 0;     ///< time-average busy servers / c
  std::uint64_t events = 0;
  double end_time = 0;
};

/// Runs one replication. Throws std::invalid_argument for rates <= 0, servers < 1, no customers.
MmcResult run_mmc(const MmcParams& params);

/// Erlang C: probability that an arrival waits in an M/M/c queue (requires load < c).
double erlang_c(int servers, double offered_load);
/// Mean wait in queue of an M/M/c queue.
double mmc_mean_wait(int servers, double arrival_rate, double service_rate);

}  // namespace surgesim::examples
