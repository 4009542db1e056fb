#pragma once

#include <cstdint>
#include <string>

namespace surgesim::scenario {

/// Limits on what a scenario may make the loader read, so bad input fails fast instead of
/// reading forever (`extends: /dev/zero`) or expanding without bound ("billion laughs").
inline constexpr std::uintmax_t kMaxYamlBytes = 4u << 20;  ///< a scenario or extends file
inline constexpr std::uintmax_t kMaxCsvBytes = 64u << 20;  ///< a counts CSV
inline constexpr std::uint64_t kMaxYamlNodes = 1000000;    ///< nodes after aliases are expanded,
                                                           ///< over a whole extends chain
inline constexpr std::size_t kMaxKeysPerMapping = 10000;   ///< keys of one mapping
inline constexpr std::size_t kMaxYamlDepth = 64;           ///< nesting of lists and mappings
inline constexpr std::size_t kMaxExtends = 16;             ///< files in an extends chain

/// The whole text of `path`, which must be a regular file (not a device, pipe or folder) of at
/// most `max_bytes`, in valid UTF-8 without control characters other than tab, CR and LF.
/// Throws ScenarioError naming the file (and line:column of a bad character).
std::string read_checked_file(const std::string& path, std::uintmax_t max_bytes);

/// Valid UTF-8 without control characters other than tab, CR and LF; throws ScenarioError at
/// file:line:column of the first bad character (`file` may name a --set instead).
void check_text(const std::string& text, const std::string& file);

/// Checks YAML text before it is loaded: exactly one document; every mapping key a scalar, and
/// no key twice in one mapping (yaml-cpp would keep one value without a word); no alias inside
/// the node it names; at most kMaxKeysPerMapping keys a mapping and kMaxYamlDepth levels; at most
/// kMaxYamlNodes nodes once aliases are expanded, counting `nodes_before` from the files read
/// already. Returns the count so far. Throws ScenarioError at file:line:column.
std::uint64_t check_yaml_structure(const std::string& text, const std::string& file,
                                   std::uint64_t nodes_before = 0);

}  // namespace surgesim::scenario
