// JSON files that surgesim reads back (goldens), read strictly: a syntax error is located by line
// and column, a duplicate or unknown key is an error, and a value of the wrong type names its key
// path. Every error is a std::runtime_error whose text starts with the file.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace surgesim::run {

using Json = nlohmann::ordered_json;

/// The file's whole text, or std::runtime_error naming it.
std::string read_text_file(const std::string& path);

Json parse_json_strict(const std::string& text, const std::string& file);

/// A member of an object, located for messages: `file: key.path: ...`.
class JsonReader {
 public:
  JsonReader(const Json& j, std::string file, std::string path = "")
      : j_(j), file_(std::move(file)), path_(std::move(path)) {}
  /// Throws unless `j` is an object holding only `allowed` keys (and every `required` one).
  void expect_keys(std::initializer_list<const char*> required,
                   std::initializer_list<const char*> optional = {}) const;
  JsonReader at(const std::string& key) const;
  JsonReader item(std::size_t i) const;
  bool has(const std::string& key) const { return j_.is_object() && j_.contains(key); }
  std::size_t size() const;  ///< of an array (throws unless one)
  std::string string() const;
  double number() const;  ///< a number, or null for NaN
  std::size_t count() const;
  [[noreturn]] void fail(const std::string& message) const;
  const Json& json() const { return j_; }

 private:
  const Json& j_;
  std::string file_, path_;
};

}  // namespace surgesim::run
