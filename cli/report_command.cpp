#include "report_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common.hpp"

namespace surgesim::cli {

namespace fs = std::filesystem;

namespace {

// The folder holding the surgesim package: $SURGESIM_PYTHONPATH, else the build tree's (this
// program's ../python), else the one installed beside it, else the one installed at the prefix
// it was configured with.
std::string package_dir(const char* argv0) {
  if (const char* env = std::getenv("SURGESIM_PYTHONPATH"); env && *env) return env;
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0, ec);
  const fs::path prefix = self.parent_path().parent_path();  // build/, or an install's prefix
  for (const fs::path& candidate :
       {prefix / "python", prefix / SURGESIM_PYTHON_INSTALL_DIR,
        fs::path(SURGESIM_INSTALL_PREFIX) / SURGESIM_PYTHON_INSTALL_DIR}) {
    if (fs::exists(candidate / "surgesim" / "report.py", ec)) return candidate.string();
  }
  return "";
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, ReportCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "report",
      "write a self-contained report.html and its PNG figures (matplotlib) for a run, compare or "
      "sweep output folder, into FOLDER/report");
  cmd->add_option("folder", c.folder, "the output folder")->required();
  cmd->add_option("--out,-o", c.out, "where report.html and the PNGs go (default: FOLDER/report)");
  cmd->footer(kExitCodes);
  return cmd;
}

int report_command(const ReportCommand& c, const char* argv0) {
  const std::string dir = package_dir(argv0);
  if (dir.empty())
    return usage_error(
        "report: the surgesim Python package was not found (build it with make "
        "build, or set SURGESIM_PYTHONPATH)");
  const char* old = std::getenv("PYTHONPATH");
  const std::string path = dir + (old && *old ? ":" + std::string(old) : "");
  ::setenv("PYTHONPATH", path.c_str(), 1);
  ::setenv("MPLBACKEND", "Agg", 1);
  std::vector<std::string> args = {SURGESIM_PYTHON, "-m", "surgesim.report", c.folder};
  if (!c.out.empty()) {
    args.push_back("--out");
    args.push_back(c.out);
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  ::execv(SURGESIM_PYTHON, argv.data());
  return usage_error(std::string("report: cannot run ") + SURGESIM_PYTHON + ": " +
                     std::strerror(errno));
}

}  // namespace surgesim::cli
