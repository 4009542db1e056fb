// The classic hold model on the pending-event set: with N events pending, each step removes the
// earliest and inserts one at now + Exp(1), so the set stays at N.
#include <benchmark/benchmark.h>

#include "surgesim/engine/event_queue.hpp"
#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/simulation.hpp"

namespace eng = surgesim::engine;

static void BM_EventQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  eng::EventQueue q;
  q.reserve(n + 1);
  eng::Rng rng(1);
  for (std::size_t i = 0; i < n; ++i) q.push(rng.exponential(1.0), 0, [] {});
  eng::Action a;
  for (auto _ : state) {
    const double t = q.pop(a);
    a();
    q.push(t + rng.exponential(1.0), 0, [] {});
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(q.size());
}
BENCHMARK(BM_EventQueueHold)->Arg(100)->Arg(10000)->Arg(1000000);

// The same hold model through Simulation::run, each event's action rescheduling itself.
static void BM_SimulationHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  constexpr std::uint64_t kBatch = 1 << 20;
  eng::Simulation sim;
  sim.reserve_events(n + 1);
  eng::Rng rng(1);
  std::uint64_t budget = 0;
  struct Hold {
    eng::Simulation* sim;
    eng::Rng* rng;
    std::uint64_t* budget;
    void operator()() const {
      if (--*budget == 0) sim->stop();
      sim->schedule_in(rng->exponential(1.0), *this);
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    sim.schedule_in(rng.exponential(1.0), Hold{&sim, &rng, &budget});
  }
  for (auto _ : state) {
    budget = kBatch;
    sim.run();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK(BM_SimulationHold)->Arg(100)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
