#pragma once

#include <cstdint>
#include <string>

namespace surgesim::scenario {

/// Limits on what a scenario may make the loader read, so bad input fails fast instead of
/// reading forever (`extends: /dev/zero`) or expanding without bound ("billion laughs").
inline constexpr std::uintmax_t kMaxYamlBytes = 4u << 20;  ///< a scenario or extends file
inline constexpr std::uintmax_t kMaxCsvBytes = 64u << 20;  ///< a counts CSV
inline constexpr std::uint64_t kMaxYamlNodes = 1000000;    ///< nodes after aliases are expanded

/// The whole text of `path`, which must be a regular file (not a device, pipe or folder) of at
/// most `max_bytes`, in valid UTF-8 without control characters other than tab, CR and LF.
/// Throws ScenarioError naming the file (and line:column of a bad character).
std::string read_checked_file(const std::string& path, std::uintmax_t max_bytes);

/// Checks YAML text before it is loaded: exactly one document; every mapping key a scalar, and
/// no key twice in one mapping (yaml-cpp would keep one value without a word); at most
/// kMaxYamlNodes nodes once aliases are expanded. Throws ScenarioError at file:line:column.
void check_yaml_structure(const std::string& text, const std::string& file);

}  // namespace surgesim::scenario
