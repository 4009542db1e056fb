// What every surgesim command shares: exit codes, usage errors, interruption, progress.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "surgesim/run/outputs.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::cli {

// Exit codes (documented in --help and the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitRegressed = 1;  ///< surgesim regress: an output or a KPI changed
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitCheckFailed = run::kExitCheckFailed;
inline constexpr int kExitGateFailed = 4;
inline constexpr int kExitInterrupted = 130;
inline constexpr const char* kExitCodes =
    "Exit codes: 0 ok; 1 internal error; 2 bad input (a scenario, a --set or the command line); "
    "3 the run finished but a balance check in summary.json failed; 4 a compare --fail-if gate "
    "failed (regress: 1 when an output or a KPI changed); 130 interrupted (Ctrl-C or SIGTERM: the "
    "output folder is left as it was).";

/// Set by SIGINT and SIGTERM; runs stop at the next day's end.
extern std::atomic<int> g_interrupted;
/// Thrown by a progress callback once interrupted.
struct Interrupted {};
/// Installs the SIGINT and SIGTERM handlers.
void catch_interrupts();

/// A usage error: one line naming the option, exit 2.
int usage_error(const std::string& message);

/// --seed as typed: a whole number the scenario accepts; else why not.
std::optional<std::string> seed_error(const std::string& seed);

/// A progress bar on stderr (percent of the simulated days), on a terminal.
void print_progress(std::size_t done, std::size_t total);

/// "21843000 people in 7000 grids of 16 districts", or "no epidemic".
std::string epidemic_text(const scenario::Scenario& s);

double peak_rss_mib();

}  // namespace surgesim::cli
