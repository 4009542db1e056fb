// phold: the PHOLD event-set benchmark on the surgesim engine; prints one JSON line.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "surgesim/examples/peak_memory.hpp"
#include "surgesim/examples/phold_model.hpp"

int main(int argc, char** argv) {
  namespace ex = surgesim::examples;
  CLI::App app{"PHOLD on the surgesim engine; prints one JSON line"};
  ex::PholdParams p;
  app.add_option("--entities,-n", p.entities, "logical processes, one pending event each")
      ->check(CLI::PositiveNumber);
  app.add_option("--events,-e", p.events, "events to execute")->check(CLI::PositiveNumber);
  app.add_option("--seed,-s", p.seed, "master seed");
  CLI11_PARSE(app, argc, argv);
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const ex::PholdResult r = ex::run_phold(p);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    nlohmann::ordered_json out;
    out["model"] = "phold";
    out["entities"] = p.entities;
    out["seed"] = p.seed;
    out["events"] = r.events;
    out["end_time"] = r.end_time;
    out["checksum"] = r.checksum;
    out["wall_s"] = wall;
    out["events_per_s"] = static_cast<double>(r.events) / wall;
    out["peak_rss_mib"] = ex::peak_rss_mib();
    std::cout << out.dump() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "phold: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
