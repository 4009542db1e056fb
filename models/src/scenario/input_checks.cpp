#include "surgesim/scenario/input_checks.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "surgesim/scenario/scenario_error.hpp"

namespace surgesim::scenario {

namespace fs = std::filesystem;

namespace {

std::string located(const std::string& file, std::uint64_t line, std::uint64_t column) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not a valid one (overlong forms,
// surrogates and code points past U+10FFFF are invalid).
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr std::uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

void check_text(const std::string& text, const std::string& file) {
  std::uint64_t line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      throw ScenarioError(
          located(file, line, column), "", "invalid UTF-8 (byte 0x" + [&] {
            std::ostringstream os;
            os << std::hex << static_cast<int>(static_cast<unsigned char>(text[i]));
            return os.str();
          }() + "): files must be UTF-8 text");
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (n == 1 && (c < 0x20 || c == 0x7F) && c != '\t' && c != '\n' && c != '\r') {
      throw ScenarioError(located(file, line, column), "",
                          "control character " + std::to_string(c) + " in the text");
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
}

namespace {

// Walks the parser's events: keys, their uniqueness, documents, and the expanded size. Each
// collection's size (itself and everything in it, aliases expanded) is kept for its anchor.
class StructureCheck : public YAML::EventHandler {
 public:
  explicit StructureCheck(std::string file) : file_(std::move(file)) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      throw ScenarioError(where(mark), "", "a second YAML document ('---'): one scenario a file");
    }
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    reject_as_key(mark, "nothing");
    leaf(mark, anchor, 1);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    reject_as_key(mark, "an alias");
    const auto it = size_of_anchor_.find(anchor);
    if (it == size_of_anchor_.end()) {
      // The anchor is still open: the alias is inside what it names, a cycle without end.
      throw ScenarioError(where(mark), path_here(), "an alias inside the node it refers to");
    }
    leaf(mark, 0, it->second);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    if (!stack_.empty() && stack_.back().map && stack_.back().expecting_key) {
      Frame& parent = stack_.back();
      const auto [it, fresh] = parent.keys.emplace(value, mark);
      if (!fresh) {
        throw ScenarioError(where(mark), child(parent, value),
                            "duplicate key '" + value + "' (first at line " +
                                std::to_string(it->second.line + 1) + ", column " +
                                std::to_string(it->second.column + 1) + ")");
      }
      parent.key = value;
      if (parent.keys.size() > kMaxKeysPerMapping) {
        throw ScenarioError(where(mark), parent.path,
                            "more than " + std::to_string(kMaxKeysPerMapping) +
                                " keys in one mapping: too large a scenario");
      }
    }
    leaf(mark, anchor, 1);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool map = false;
    bool expecting_key = true;
    std::map<std::string, YAML::Mark> keys;
    std::string path, key;
    std::size_t items = 0;
    std::uint64_t size = 1;  // itself, and its contents as they come
    YAML::anchor_t anchor = 0;
  };

  std::string where(const YAML::Mark& m) const {
    return located(file_, static_cast<std::uint64_t>(m.line + 1),
                   static_cast<std::uint64_t>(m.column + 1));
  }
  static std::string child(const Frame& f, const std::string& key) {
    return f.path.empty() ? key : f.path + "." + key;
  }
  // The key path of the next node.
  std::string path_here() const {
    if (stack_.empty()) return "";
    const Frame& f = stack_.back();
    return f.map ? child(f, f.key) : f.path + "[" + std::to_string(f.items) + "]";
  }
  void reject_as_key(const YAML::Mark& mark, const std::string& what) const {
    if (stack_.empty() || !stack_.back().map || !stack_.back().expecting_key) return;
    throw ScenarioError(where(mark), stack_.back().path,
                        "a mapping key must be plain text, found " + what);
  }
  void count(const YAML::Mark& mark, std::uint64_t nodes) {
    total_ += nodes;
    if (total_ > kMaxYamlNodes) {
      throw ScenarioError(where(mark), path_here(),
                          "more than " + std::to_string(kMaxYamlNodes) +
                              " YAML nodes once aliases are expanded: too large a scenario");
    }
  }
  // A finished node of `size` expanded nodes goes into its parent (as a key, a value or an item).
  void attach(std::uint64_t size) {
    if (stack_.empty()) return;
    Frame& parent = stack_.back();
    parent.size += size;
    if (parent.map) {
      parent.expecting_key = !parent.expecting_key;
    } else {
      ++parent.items;
    }
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, std::uint64_t size) {
    count(mark, size);
    if (anchor != 0) size_of_anchor_[anchor] = size;
    attach(size);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    reject_as_key(mark, map ? "a mapping" : "a list");
    if (stack_.size() >= kMaxYamlDepth) {
      throw ScenarioError(where(mark), path_here(),
                          "nested more than " + std::to_string(kMaxYamlDepth) + " levels deep");
    }
    count(mark, 1);
    Frame f;
    f.map = map;
    f.path = path_here();
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }
  void close() {
    const Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.anchor != 0) size_of_anchor_[f.anchor] = f.size;
    attach(f.size);
  }

  std::string file_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::uint64_t> size_of_anchor_;
  std::uint64_t total_ = 0;
  int documents_ = 0;

 public:
  std::uint64_t total() const noexcept { return total_; }
  void start_from(std::uint64_t nodes) noexcept { total_ = nodes; }
};

}  // namespace

std::string read_checked_file(const std::string& path, std::uintmax_t max_bytes) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw ScenarioError(path, "", "no such file");
  if (!fs::is_regular_file(st)) {
    throw ScenarioError(path, "", "not a regular file (a folder, device or pipe cannot be read)");
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw ScenarioError(path, "", "cannot read the file's size: " + ec.message());
  if (size > max_bytes) {
    throw ScenarioError(path, "",
                        "the file has " + std::to_string(size) + " bytes; at most " +
                            std::to_string(max_bytes) + " are read");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the file");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a byte-order mark (spreadsheets)
  check_text(text, path);
  return text;
}

std::uint64_t check_yaml_structure(const std::string& text, const std::string& file,
                                   std::uint64_t nodes_before) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  StructureCheck check(file);
  check.start_from(nodes_before);
  while (parser.HandleNextDocument(check)) {
  }
  return check.total();
}

}  // namespace surgesim::scenario
