// Whole models: M/M/10 (lambda 9, mu 1) in both styles, and PHOLD.
#include <benchmark/benchmark.h>

#include "surgesim/examples/mmc_model.hpp"
#include "surgesim/examples/phold_model.hpp"

namespace ex = surgesim::examples;

static void run_mmc_bench(benchmark::State& state, ex::Style style) {
  const auto customers = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto r = ex::run_mmc({.servers = 10,
                                .arrival_rate = 9,
                                .service_rate = 1,
                                .customers = customers,
                                .seed = 1,
                                .style = style});
    events += r.events;
    benchmark::DoNotOptimize(r.mean_wait);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * customers));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
static void BM_Mmc10Callback(benchmark::State& s) { run_mmc_bench(s, ex::Style::kCallback); }
static void BM_Mmc10Coroutine(benchmark::State& s) { run_mmc_bench(s, ex::Style::kCoroutine); }
BENCHMARK(BM_Mmc10Callback)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mmc10Coroutine)->Arg(1000000)->Unit(benchmark::kMillisecond);

static void BM_Phold(benchmark::State& state) {
  const auto entities = static_cast<std::uint64_t>(state.range(0));
  constexpr std::uint64_t kEvents = 4000000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ex::run_phold({.entities = entities, .events = kEvents}).checksum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kEvents));
}
BENCHMARK(BM_Phold)->Arg(1000)->Unit(benchmark::kMillisecond);
