#include "common.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace surgesim::cli {

std::atomic<int> g_interrupted{0};  // lock-free: safe to set in a handler, read on any thread
static_assert(std::atomic<int>::is_always_lock_free);

namespace {
extern "C" void on_signal(int sig) {
  g_interrupted = sig;
  std::signal(sig, SIG_DFL);  // a second Ctrl-C ends the program at once
}
}  // namespace

void catch_interrupts() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "surgesim: %s (see surgesim --help)\n", message.c_str());
  return kExitBadInput;
}

// --seed as typed: a whole number the scenario accepts, echoed as given.
std::optional<std::string> seed_error(const std::string& seed) {
  const bool digits =
      !seed.empty() && seed.size() <= 19 &&
      std::all_of(seed.begin(), seed.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && std::stoull(seed) <=
                    static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return "--seed " + seed + ": expected a whole number from 0 to " +
         std::to_string(std::numeric_limits<std::int64_t>::max());
}

void print_progress(std::size_t done, std::size_t total) {
  static std::size_t shown = 101;  // percent last shown
  const std::size_t percent = done * 100 / total;
  if (percent == shown && done != total) return;
  shown = percent;
  const int width = 30;
  const int filled = static_cast<int>(width * done / total);
  std::fprintf(stderr, "\r[%.*s%*s] %3zu%% of the simulated days", filled,
               "##############################", width - filled, "", done * 100 / total);
  if (done == total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

std::string epidemic_text(const scenario::Scenario& s) {
  if (!s.epidemic) return "no epidemic";
  std::uint64_t people = 0;
  int grids = 0;
  for (const auto& d : s.epidemic->params.districts) {
    people += d.population;
    grids += d.grids;
  }
  return std::to_string(people) + " people in " + std::to_string(grids) + " grids of " +
         std::to_string(s.epidemic->params.districts.size()) + " districts";
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace surgesim::cli
