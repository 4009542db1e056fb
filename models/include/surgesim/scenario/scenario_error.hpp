#pragma once

#include <stdexcept>
#include <string>

namespace surgesim::scenario {

/// A problem in a scenario, located precisely: "file:line:col: key.path: message".
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string where, std::string key_path, std::string message)
      : std::runtime_error(where + ": " + (key_path.empty() ? "" : key_path + ": ") + message),
        where_(std::move(where)),
        key_path_(std::move(key_path)),
        message_(std::move(message)) {}
  const std::string& where() const noexcept { return where_; }
  const std::string& key_path() const noexcept { return key_path_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::string where_;
  std::string key_path_;
  std::string message_;
};

}  // namespace surgesim::scenario
