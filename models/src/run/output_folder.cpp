#include "surgesim/run/output_folder.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <system_error>

namespace surgesim::run {

namespace fs = std::filesystem;

namespace {

std::runtime_error system_error(const std::string& what, const std::string& path, int err) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

// Writes all of `text` to a new file, then flushes it to the disk.
void write_file(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw system_error("cannot create", path.string(), errno);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      throw system_error("cannot write", path.string(), err);
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int sync_err = errno;
  if (::close(fd) != 0 || !synced) {
    throw system_error("cannot write", path.string(), synced ? errno : sync_err);
  }
}

// The folder that `target` names, resolved once (symbolic links followed, "..", "." and a trailing
// separator gone): the checks and the swap act on this same path.
fs::path resolved_target(const std::string& target) {
  std::error_code ec;
  fs::path t = fs::weakly_canonical(fs::absolute(target), ec);
  if (ec) throw std::runtime_error("--out " + target + ": " + ec.message());
  if (t.filename().empty()) t = t.parent_path();
  return t;
}

// The report `surgesim report` writes into an output folder: report.html and its PNGs only.
bool is_report(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec) || fs::is_symlink(dir, ec)) return false;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file(ec) || !(name == "report.html" || name.ends_with(".png"))) return false;
  }
  return !ec;
}

// A folder this program may replace: empty, or exactly an earlier output: regular files only,
// each listed in its manifest (a run's summary.json, a comparison's compare.json, regression
// goldens' goldens.json, a regression's regress.json), which lists
// the others with their SHA-256. Runs written before summary.json had that list are recognised by
// their file names alone.
bool is_surgesim_output(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_empty(dir, ec)) return true;
  std::string manifest = "summary.json";
  for (const char* name : {"summary.json", "compare.json", "goldens.json", "regress.json"}) {
    if (fs::exists(dir / name, ec)) {
      manifest = name;
      break;
    }
  }
  std::ifstream in(dir / manifest);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("schema_version")) return false;
  const bool listed = j.contains("files") && j["files"].is_object();
  static const std::set<std::string> kEarlierNames = {
      "summary.json",       "resolved.yaml",          "timeseries.csv", "epidemic_timeseries.csv",
      "ems_timeseries.csv", "hospital_timeseries.csv"};
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name == "report" && is_report(e.path())) continue;  // surgesim report's, part of the run
    if (!e.is_regular_file(ec) || e.is_symlink(ec)) return false;
    const bool ours =
        name == manifest || (listed ? j["files"].contains(name) : kEarlierNames.count(name) > 0);
    if (!ours) return false;
    ++entries;
  }
  return !ec && entries >= 1;
}

}  // namespace

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

void OutputFolder::check_target(const std::string& target) {
  if (target.empty()) throw std::runtime_error("--out: the output folder's path is empty");
  const fs::path t = resolved_target(target);
  std::error_code ec;
  const fs::path cwd = fs::weakly_canonical(fs::current_path(), ec);
  const auto [end, at] = std::mismatch(t.begin(), t.end(), cwd.begin(), cwd.end());
  if (t == t.root_path() || end == t.end()) {
    throw std::runtime_error("--out " + target +
                             ": refusing to replace the root, the current folder or one above it");
  }
  if (t.filename().string().size() > 200) {
    throw std::runtime_error("--out " + target + ": the folder's name is too long (at most 200)");
  }
  const fs::path parent = t.parent_path();
  const fs::file_status ps = fs::status(parent, ec);
  if (fs::exists(ps) && !fs::is_directory(ps)) {
    throw std::runtime_error("--out " + target + ": " + parent.string() + " is not a folder");
  }
  if (fs::exists(ps) && ::access(parent.c_str(), W_OK | X_OK) != 0) {
    throw std::runtime_error("--out " + target + ": cannot write in " + parent.string() + ": " +
                             std::strerror(errno));
  }
  const fs::file_status st = fs::symlink_status(t, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw std::runtime_error("--out " + target + ": " + ec.message());
  }
  if (!fs::exists(st)) return;
  if (!fs::is_directory(st)) {
    throw std::runtime_error("--out " + target + ": exists and is not a folder");
  }
  if (!is_surgesim_output(t)) {
    throw std::runtime_error("--out " + target +
                             ": the folder is neither empty nor an earlier surgesim output (only "
                             "the files its summary.json lists); choose an empty or new folder");
  }
}

OutputFolder::OutputFolder(std::string target) : target_(std::move(target)) {
  check_target(target_);
  const fs::path t = resolved_target(target_);
  std::error_code ec;
  fs::create_directories(t.parent_path(), ec);
  if (ec) throw system_error("cannot create", t.parent_path().string(), ec.value());
  const std::string prefix = "." + t.filename().string() + ".staging-";
  staging_ = (t.parent_path() / (prefix + std::to_string(::getpid()))).string();
  // Staging folders of runs that were killed (kill -9, a crash) go: their process is gone.
  for (const auto& e : fs::directory_iterator(t.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::string pid = name.substr(prefix.size());
    if (pid.size() > 4 && pid.compare(pid.size() - 4, 4, ".old") == 0) pid.resize(pid.size() - 4);
    if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) {
      fs::remove_all(e.path(), ec);
    }
  }
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec))
    throw system_error("cannot create", staging_, ec.value());
}

OutputFolder::~OutputFolder() { discard(); }

void OutputFolder::discard() noexcept {
  if (done_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  done_ = true;
}

void OutputFolder::write(const std::string& name, const std::string& text) {
  write_file(fs::path(staging_) / name, text);
  files_.emplace_back(name, sha256_hex(text));
}

void OutputFolder::commit() {
  check_target(target_);  // nothing else took the place meanwhile
  const fs::path t = resolved_target(target_);
  std::error_code ec;
  if (!fs::exists(t, ec)) {
    if (::rename(staging_.c_str(), t.c_str()) != 0) {
      throw system_error("cannot rename " + staging_ + " to", t.string(), errno);
    }
  } else {
    // One atomic step: the old folder and the new change places; then the old one goes.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, t.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL && errno != ENOSYS) {
        throw system_error("cannot swap " + staging_ + " with", t.string(), errno);
      }
      // A file system without exchange: two renames, the old folder kept until the second.
      const std::string old = staging_ + ".old";
      if (::rename(t.c_str(), old.c_str()) != 0) {
        throw system_error("cannot move the older output aside:", t.string(), errno);
      }
      if (::rename(staging_.c_str(), t.c_str()) != 0) {
        const int err = errno;
        ::rename(old.c_str(), t.c_str());
        throw system_error("cannot rename " + staging_ + " to", t.string(), err);
      }
      fs::remove_all(old, ec);
    } else {
      fs::remove_all(staging_, ec);
    }
  }
  done_ = true;
}

}  // namespace surgesim::run
