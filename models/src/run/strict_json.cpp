#include "surgesim/run/strict_json.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <vector>

namespace surgesim::run {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read it");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Json parse_json_strict(const std::string& text, const std::string& file) {
  std::vector<std::set<std::string>> keys;  // per open object
  std::vector<std::string> path;            // the key path to the current value
  std::string duplicate;
  const Json::parser_callback_t check = [&](int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        keys.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case Json::parse_event_t::key: {
        const std::string k = parsed.get<std::string>();
        if (duplicate.empty() && !keys.empty() && !keys.back().insert(k).second) duplicate = k;
        break;
      }
      default:
        break;
    }
    return true;
  };
  try {
    Json j = Json::parse(text, check);
    if (!duplicate.empty()) throw std::runtime_error(file + ": the key '" + duplicate + "' twice");
    return j;
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string why = e.what();
    const auto at = why.find("syntax error");
    if (at != std::string::npos) why = why.substr(at);
    throw std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(col) +
                             ": not valid JSON (" + why + ")");
  }
}

void JsonReader::fail(const std::string& message) const {
  throw std::runtime_error(file_ + ": " + (path_.empty() ? "" : path_ + ": ") + message);
}

void JsonReader::expect_keys(std::initializer_list<const char*> required,
                             std::initializer_list<const char*> optional) const {
  if (!j_.is_object()) fail("expected an object");
  for (const char* k : required) {
    if (!j_.contains(k)) fail(std::string("missing the key '") + k + "'");
  }
  for (const auto& [k, v] : j_.items()) {
    bool known = false;
    for (const char* a : required) known = known || k == a;
    for (const char* a : optional) known = known || k == a;
    if (!known) fail("unknown key '" + k + "'");
  }
}

JsonReader JsonReader::at(const std::string& key) const {
  if (!j_.is_object() || !j_.contains(key)) fail("missing the key '" + key + "'");
  return JsonReader(j_.at(key), file_, path_.empty() ? key : path_ + "." + key);
}

JsonReader JsonReader::item(std::size_t i) const {
  if (!j_.is_array() || i >= j_.size()) fail("expected an array of more than " + std::to_string(i));
  return JsonReader(j_.at(i), file_, path_ + "[" + std::to_string(i) + "]");
}

std::size_t JsonReader::size() const {
  if (!j_.is_array()) fail("expected an array");
  return j_.size();
}

std::string JsonReader::string() const {
  if (!j_.is_string()) fail("expected a string");
  return j_.get<std::string>();
}

double JsonReader::number() const {
  if (j_.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!j_.is_number()) fail("expected a number");
  return j_.get<double>();
}

std::size_t JsonReader::count() const {
  if (!j_.is_number_unsigned()) fail("expected a whole number");
  return j_.get<std::size_t>();
}

}  // namespace surgesim::run
