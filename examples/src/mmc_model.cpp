#include "surgesim/examples/mmc_model.hpp"

#include <stdexcept>
#include <string>

#include "surgesim/engine/process.hpp"
#include "surgesim/engine/quantile_sketch.hpp"
#include "surgesim/engine/resource.hpp"
#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/simulation.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/engine/time_weighted.hpp"

namespace surgesim::examples {

namespace eng = surgesim::engine;

namespace {

/// State and measurement shared by both styles, so they differ only in how control flows.
class MmcWorld {
 public:
  explicit MmcWorld(const MmcParams& p)
      : p_(p),
        servers_(sim_, {.capacity = p.servers}),
        arrivals_(eng::RngStreams(p.seed, p.replication).make("mmc/arrivals")),
        services_(eng::RngStreams(p.seed, p.replication).make("mmc/services")) {
    sim_.reserve_events(static_cast<std::size_t>(p.servers) * 2 + 16);
  }

  void run_callback() {
    sim_.schedule_in(arrivals_.exponential(p_.arrival_rate), [this] { arrive(); });
    sim_.run();
  }

  void run_coroutine() {
    sim_.start(source());
    sim_.run();
  }

  MmcResult result() {
    MmcResult r;
    r.measured = waits_.count();
    r.mean_wait = waits_.mean();
    r.p_wait = static_cast<double>(waited_) / static_cast<double>(waits_.count());
    r.wait_p95 = wait_quantiles_.quantile(0.95);
    r.mean_sojourn = sojourns_.mean();
    r.mean_in_system = in_system_.mean(sim_.now());
    r.utilization = servers_.busy_stats().mean(sim_.now()) / p_.servers;
    r.events = sim_.events_executed();
    r.end_time = sim_.now();
    return r;
  }

 private:
  // ---- callback style: one closure per event ----
  void arrive() {
    const std::uint64_t id = generated_++;
    if (generated_ < p_.customers) {
      sim_.schedule_in(arrivals_.exponential(p_.arrival_rate), [this] { arrive(); });
    }
    enter(id);
    const eng::SimTime t0 = sim_.now();
    servers_.request({}, [this, id, t0](const eng::Ticket& t) {
      begin_service(id, t0);
      sim_.schedule_in(services_.exponential(p_.service_rate), [this, id, t0, t] {
        servers_.release(t);
        leave(id, t0);
      });
    });
  }

  // ---- coroutine style: one process per customer ----
  eng::Process source() {
    for (std::uint64_t id = 0; id < p_.customers; ++id) {
      co_await eng::delay(arrivals_.exponential(p_.arrival_rate));
      sim_.start(customer(id));
    }
  }

  eng::Process customer(std::uint64_t id) {
    enter(id);
    const eng::SimTime t0 = sim_.now();
    const eng::Ticket t = co_await servers_.acquire();
    begin_service(id, t0);
    co_await eng::delay(services_.exponential(p_.service_rate));
    servers_.release(t);
    leave(id, t0);
  }

  // ---- measurement ----
  void enter(std::uint64_t id) {
    if (id == p_.warmup_customers) in_system_.reset(sim_.now());
    in_system_.add(sim_.now(), 1);
  }
  void begin_service(std::uint64_t id, eng::SimTime t0) {
    if (id < p_.warmup_customers) return;
    const double w = sim_.now() - t0;
    waits_.add(w);
    wait_quantiles_.add(w);
    if (w > 0) ++waited_;
  }
  void leave(std::uint64_t id, eng::SimTime t0) {
    in_system_.add(sim_.now(), -1);
    if (id >= p_.warmup_customers) sojourns_.add(sim_.now() - t0);
  }

  MmcParams p_;
  eng::Simulation sim_;
  eng::Resource servers_;
  eng::Rng arrivals_;
  eng::Rng services_;
  std::uint64_t generated_ = 0;
  std::uint64_t waited_ = 0;
  eng::Tally waits_;
  eng::Tally sojourns_;
  eng::QuantileSketch wait_quantiles_;
  eng::TimeWeighted in_system_;
};

void check(const MmcParams& p) {
  if (p.servers < 1)
    throw std::invalid_argument("mmc: servers " + std::to_string(p.servers) + " must be >= 1");
  if (!(p.arrival_rate > 0)) {
    throw std::invalid_argument("mmc: arrival rate " + std::to_string(p.arrival_rate) +
                                " must be > 0");
  }
  if (!(p.service_rate > 0)) {
    throw std::invalid_argument("mmc: service rate " + std::to_string(p.service_rate) +
                                " must be > 0");
  }
  if (p.customers <= p.warmup_customers) {
    throw std::invalid_argument("mmc: customers must exceed the warm-up customers");
  }
}

}  // namespace

MmcResult run_mmc(const MmcParams& params) {
  check(params);
  MmcWorld world(params);
  if (params.style == Style::kCallback) {
    world.run_callback();
  } else {
    world.run_coroutine();
  }
  return world.result();
}

double erlang_c(int c, double a) {
  if (c < 1 || !(a > 0) || a >= c) {
    throw std::invalid_argument("erlang_c: needs servers >= 1 and 0 < load < servers");
  }
  // Erlang B by its stable recursion, then C from B.
  double b = 1;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1 - rho + rho * b);
}

double mmc_mean_wait(int c, double lambda, double mu) {
  const double a = lambda / mu;
  return erlang_c(c, a) / (c * mu - lambda);
}

}  // namespace surgesim::examples
