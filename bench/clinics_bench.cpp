// City scale for the clinics: load and validate 1,263 clinics; run them for 30 days.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

#include "city_clinics.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace {
std::string city_file(int days) {
  const auto p = std::filesystem::temp_directory_path() /
                 ("surgesim-city-clinics-" + std::to_string(days) + ".yaml");
  std::ofstream(p) << surgesim::bench::city_clinics_yaml(days);
  return p.string();
}
}  // namespace

static void BM_LoadCityClinics(benchmark::State& state) {
  const std::string f = city_file(30);
  for (auto _ : state) {
    const auto s = surgesim::scenario::load_scenario(f);
    benchmark::DoNotOptimize(s.clinics.size());
  }
  state.counters["clinics"] = 1263;
}
BENCHMARK(BM_LoadCityClinics)->Unit(benchmark::kMillisecond);

static void BM_RunCityClinics30Days(benchmark::State& state) {
  const auto s = surgesim::scenario::load_scenario(city_file(30));
  double visits = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto r = surgesim::run::run_replication(s, 0);
    visits = r.kpis[0];
    events = r.events;
  }
  state.counters["arrivals"] = visits;
  state.counters["events"] = static_cast<double>(events);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RunCityClinics30Days)->Unit(benchmark::kMillisecond)->Iterations(2);
