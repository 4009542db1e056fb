#pragma once

// Runs the surgesim CLI from tests: exit codes, captured output, per-process temporary folders.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

inline int run(const std::string& args) {
  const int status =
      std::system((std::string(SURGESIM_CLI) + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
// Runs the CLI with its standard error written to `err`; returns the exit code.
inline int run_with_stderr(const std::string& args, const fs::path& err) {
  const int status = std::system(
      (std::string(SURGESIM_CLI) + " " + args + " >/dev/null 2>" + err.string()).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
inline int run_with_stdout(const std::string& args, const fs::path& out) {
  const int status = std::system(
      (std::string(SURGESIM_CLI) + " " + args + " >" + out.string() + " 2>/dev/null").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
inline fs::path temp_dir(const std::string& name) {
  const fs::path d =
      fs::temp_directory_path() / ("surgesim-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}
inline const std::string kScenarios = SURGESIM_SCENARIOS;
