// Reading and writing a regression folder's goldens.
#include "surgesim/run/goldens.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "surgesim/run/output_folder.hpp"

namespace surgesim::run {

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(p.string() + ": cannot read it");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

GoldenSet read_goldens(const std::string& dir, bool& found) {
  const fs::path g = fs::path(dir) / "goldens";
  GoldenSet set;
  found = fs::exists(g / "goldens.json");
  if (!found) return set;
  const std::string manifest = (g / "goldens.json").string();
  const nlohmann::json j = nlohmann::json::parse(slurp(manifest), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw std::runtime_error(manifest + ": not a goldens manifest (not JSON)");
  try {
    set.blessed_at = j.at("blessed_at").get<std::string>();
    set.reason = j.at("reason").get<std::string>();
    set.commit = j.at("commit").get<std::string>();
    set.surgesim_version = j.at("surgesim_version").get<std::string>();
    set.surgesim_commit = j.at("surgesim_commit").get<std::string>();
    const auto& files = j.at("files");
    const auto checked = [&](const std::string& name) {
      const std::string text = slurp(g / name);
      if (!files.contains(name) ||
          files.at(name).at("sha256").get<std::string>() != sha256_hex(text))
        throw std::runtime_error((g / name).string() +
                                 ": differs from what goldens.json lists (edited by hand?); "
                                 "bless again to make new goldens");
      return text;
    };
    for (const auto& s : j.at("scenarios")) {
      ScenarioGolden sg;
      sg.name = s.at("name").get<std::string>();
      sg.scenario_sha256 = s.at("scenario_sha256").get<std::string>();
      sg.stat_replications = s.at("stat_replications").get<std::size_t>();
      sg.changes = s.at("changes").get<std::string>();
      sg.undecided_by_seed = s.at("undecided_by_seed").get<std::vector<std::string>>();
      const std::string exact = sg.name + ".exact.json";
      sg.exact = parse_exact_golden(checked(exact), (g / exact).string());
      sg.replications_csv = checked(sg.name + ".replications.csv");
      set.scenarios.push_back(std::move(sg));
    }
    set.log = checked("BLESS_LOG.md");
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(manifest + ": not a goldens manifest (" + e.what() + ")");
  }
  return set;
}

void write_goldens(const std::string& dir, const GoldenSet& g) {
  OutputFolder out((fs::path(dir) / "goldens").string());
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const ScenarioGolden& s : g.scenarios) {
    out.write(s.name + ".exact.json", exact_golden_json(s.exact));
    out.write(s.name + ".replications.csv", s.replications_csv);
    scenarios.push_back({{"name", s.name},
                         {"scenario", s.name + ".yaml"},
                         {"scenario_sha256", s.scenario_sha256},
                         {"seed", s.exact.seed},
                         {"replications", s.exact.replications},
                         {"stat_replications", s.stat_replications},
                         {"changes", s.changes},
                         {"undecided_by_seed", s.undecided_by_seed}});
  }
  out.write("BLESS_LOG.md", g.log);
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["what"] = "surgesim regress goldens: bless with surgesim regress DIR --bless --reason TEXT";
  j["blessed_at"] = g.blessed_at;
  j["reason"] = g.reason;
  j["commit"] = g.commit;
  j["surgesim_version"] = g.surgesim_version;
  j["surgesim_commit"] = g.surgesim_commit;
  j["scenarios"] = scenarios;
  nlohmann::ordered_json files = nlohmann::ordered_json::object();
  for (const auto& [name, sha] : out.files()) files[name] = {{"sha256", sha}};
  j["files"] = files;
  out.write("goldens.json", j.dump(2) + "\n");
  out.commit();
}

}  // namespace surgesim::run
