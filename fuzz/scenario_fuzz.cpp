// libFuzzer target: any bytes as a scenario file must give a loaded scenario or a located
// ScenarioError, never a crash, a hang, unbounded memory or another kind of exception.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace {
std::filesystem::path g_file;
}

// The input is written beside copies of the shipped scenarios, so `extends:` and `counts_csv:`
// can reach real files as well as missing or strange ones.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("surgesim-fuzz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto& e : std::filesystem::directory_iterator(SURGESIM_SCENARIOS)) {
    if (e.is_regular_file()) {
      std::filesystem::copy_file(e.path(), dir / e.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }
  std::ofstream(dir / "counts.csv") << "day,count\n0,10\n1,12\n";
  g_file = dir / "input.yaml";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(g_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    surgesim::scenario::load_scenario(g_file.string());
  } catch (const surgesim::scenario::ScenarioError& e) {
    // A located error: what bad input must get. It names the place.
    if (std::string(e.what()).empty()) std::abort();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "not a ScenarioError: %s\n", e.what());
    std::abort();
  }
  return 0;
}
