#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace surgesim::scenario {

/// A problem in a scenario, located precisely: "file:line:col: key.path: message".
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string where, std::string key_path, std::string message)
      : std::runtime_error(where + ": " + (key_path.empty() ? "" : key_path + ": ") + message),
        where_(std::move(where)),
        key_path_(std::move(key_path)),
        message_(std::move(message)),
        all_{std::runtime_error::what()} {}
  const std::string& where() const noexcept { return where_; }
  const std::string& key_path() const noexcept { return key_path_; }
  const std::string& message() const noexcept { return message_; }
  /// Every problem a load found, each a "file:line:col: key.path: message" line (this one
  /// first); what() is them all, one a line.
  const std::vector<std::string>& all() const noexcept { return all_; }

  /// The problems of one load together (the first one's place, key path and message).
  static ScenarioError combined(const std::vector<ScenarioError>& problems, std::size_t more) {
    std::string text;
    for (const ScenarioError& p : problems)
      text += (text.empty() ? "" : "\n") + std::string(p.what());
    if (more > 0) text += "\n... and " + std::to_string(more) + " more problems";
    ScenarioError e(problems.front().where_, problems.front().key_path_, problems.front().message_,
                    text);
    for (const ScenarioError& p : problems) e.all_.push_back(p.what());
    return e;
  }

 private:
  std::string where_;
  std::string key_path_;
  std::string message_;
  std::vector<std::string> all_;

  ScenarioError(std::string where, std::string key_path, std::string message,
                const std::string& text)
      : std::runtime_error(text),
        where_(std::move(where)),
        key_path_(std::move(key_path)),
        message_(std::move(message)) {}
};

}  // namespace surgesim::scenario
