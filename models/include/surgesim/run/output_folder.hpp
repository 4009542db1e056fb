#pragma once

#include <string>
#include <utility>
#include <vector>

namespace surgesim::run {

/// One run's output folder, written whole or not at all. Files go into a staging folder beside
/// the target; commit() swaps it in with one rename (an exchange, when an older output is there,
/// which is then removed), so a reader sees the previous run's complete folder or this one's,
/// never a mix. A folder that is neither empty nor a surgesim output (it has no summary.json) is
/// never replaced. Until commit(), the destructor removes the staging folder.
class OutputFolder {
 public:
  /// Throws std::runtime_error when `target` cannot be a run's output folder: an empty path,
  /// the root or current folder, an existing file that is not a folder, or a folder with other
  /// contents. Call it before a long run, so bad --out fails at once.
  static void check_target(const std::string& target);

  explicit OutputFolder(std::string target);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Writes a file into the staging folder and records its SHA-256. Throws std::runtime_error
  /// with the path and the system's reason (e.g. "No space left on device").
  void write(const std::string& name, const std::string& text);
  /// (name, SHA-256 in hex) of every file written so far, in order.
  const std::vector<std::pair<std::string, std::string>>& files() const noexcept { return files_; }
  /// Swaps the staging folder in as the target. Throws std::runtime_error on failure (the
  /// target is then as it was).
  void commit();
  /// Removes the staging folder now (e.g. from an interrupt handler's cleanup path).
  void discard() noexcept;
  const std::string& staging() const noexcept { return staging_; }

 private:
  std::string target_, staging_;
  std::vector<std::pair<std::string, std::string>> files_;
  bool done_ = false;
};

/// SHA-256 of `text`, in lower-case hex.
std::string sha256_hex(const std::string& text);

}  // namespace surgesim::run
