// mmc: one M/M/c FIFO queue, run in the callback or the coroutine style; prints one JSON line.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "surgesim/examples/mmc_model.hpp"
#include "surgesim/examples/peak_memory.hpp"

namespace {
// Temp file + rename: a reader never sees a half-written result.
void write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) throw std::runtime_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

void print_text(const nlohmann::ordered_json& r) {
  std::printf("M/M/%d queue, %s style: lambda = %g, mu = %g, %llu customers, seed %llu\n",
              r["servers"].get<int>(), r["style"].get<std::string>().c_str(),
              r["arrival_rate"].get<double>(), r["service_rate"].get<double>(),
              static_cast<unsigned long long>(r["customers"].get<std::uint64_t>()),
              static_cast<unsigned long long>(r["seed"].get<std::uint64_t>()));
  std::printf("  %-22s %12s %12s\n", "", "simulated", "theory");
  if (r.contains("theory_mean_wait")) {
    std::printf("  %-22s %12.5f %12.5f\n", "mean wait in queue", r["mean_wait"].get<double>(),
                r["theory_mean_wait"].get<double>());
    std::printf("  %-22s %12.5f %12.5f   (Erlang C)\n", "P(wait > 0)", r["p_wait"].get<double>(),
                r["theory_p_wait"].get<double>());
  } else {
    std::printf("  %-22s %12.5f %12s\n", "mean wait in queue", r["mean_wait"].get<double>(),
                "unstable");
  }
  std::printf("  %-22s %12.5f\n", "wait p95", r["wait_p95"].get<double>());
  std::printf("  %-22s %12.5f\n", "server utilisation", r["utilization"].get<double>());
  std::printf("  %-22s %12llu events in %.3f s = %.1f million events/s\n", "speed",
              static_cast<unsigned long long>(r["events"].get<std::uint64_t>()),
              r["wall_s"].get<double>(), r["events_per_s"].get<double>() / 1e6);
  std::printf("  %-22s %12.1f MiB\n", "peak memory", r["peak_rss_mib"].get<double>());
}
}  // namespace

int main(int argc, char** argv) {
  namespace ex = surgesim::examples;
  CLI::App app{"M/M/c queue on the surgesim engine; prints one JSON line"};
  ex::MmcParams p;
  std::string style = "callback";
  std::string format = "json";
  std::string out_path;
  app.add_option("--servers,-c", p.servers, "number of servers c")->check(CLI::PositiveNumber);
  app.add_option("--arrival-rate,-l", p.arrival_rate, "arrival rate lambda")
      ->check(CLI::PositiveNumber);
  app.add_option("--service-rate,-m", p.service_rate, "service rate mu per server")
      ->check(CLI::PositiveNumber);
  app.add_option("--customers,-n", p.customers, "customers to simulate")
      ->check(CLI::PositiveNumber);
  app.add_option("--warmup", p.warmup_customers, "leading customers left out of the statistics");
  app.add_option("--seed,-s", p.seed, "master seed");
  app.add_option("--style", style, "callback or coroutine")
      ->check(CLI::IsMember({"callback", "coroutine"}));
  app.add_option("--format", format, "json (one line) or text (a readable table)")
      ->check(CLI::IsMember({"json", "text"}));
  app.add_option("--out", out_path, "also write the JSON result to this file (atomically)");
  CLI11_PARSE(app, argc, argv);
  p.style = style == "coroutine" ? ex::Style::kCoroutine : ex::Style::kCallback;
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const ex::MmcResult r = ex::run_mmc(p);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    nlohmann::ordered_json out;
    out["model"] = "mmc";
    out["style"] = style;
    out["servers"] = p.servers;
    out["arrival_rate"] = p.arrival_rate;
    out["service_rate"] = p.service_rate;
    out["customers"] = p.customers;
    out["seed"] = p.seed;
    out["mean_wait"] = r.mean_wait;
    out["p_wait"] = r.p_wait;
    out["wait_p95"] = r.wait_p95;
    out["utilization"] = r.utilization;
    const double load = p.arrival_rate / p.service_rate;
    if (load < p.servers) {
      out["theory_mean_wait"] = ex::mmc_mean_wait(p.servers, p.arrival_rate, p.service_rate);
      out["theory_p_wait"] = ex::erlang_c(p.servers, load);
    }
    out["events"] = r.events;
    out["wall_s"] = wall;
    out["events_per_s"] = static_cast<double>(r.events) / wall;
    out["peak_rss_mib"] = ex::peak_rss_mib();
    if (!out_path.empty()) write_atomically(out_path, out.dump(2) + "\n");
    if (format == "json") {
      std::cout << out.dump() << '\n';
    } else {
      print_text(out);
    }
  } catch (const std::exception& e) {
    std::cerr << "mmc: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
