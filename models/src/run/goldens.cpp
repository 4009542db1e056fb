// Reading and writing a regression folder's goldens.
#include "surgesim/run/goldens.hpp"

#include <filesystem>
#include <stdexcept>

#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/strict_json.hpp"

namespace surgesim::run {

namespace fs = std::filesystem;

GoldenSet read_goldens(const std::string& dir, bool& found) {
  const fs::path g = fs::path(dir) / "goldens";
  GoldenSet set;
  found = fs::exists(g / "goldens.json");
  if (!found) return set;
  const std::string manifest = (g / "goldens.json").string();
  const Json j = parse_json_strict(read_text_file(manifest), manifest);
  const JsonReader r(j, manifest);
  r.expect_keys({"schema_version", "what", "blessed_at", "reason", "commit", "surgesim_version",
                 "surgesim_commit", "scenarios", "files"});
  set.blessed_at = r.at("blessed_at").string();
  set.reason = r.at("reason").string();
  set.commit = r.at("commit").string();
  set.surgesim_version = r.at("surgesim_version").string();
  set.surgesim_commit = r.at("surgesim_commit").string();
  const JsonReader files = r.at("files");
  const auto checked = [&](const std::string& name) {
    const std::string text = read_text_file((g / name).string());
    if (!files.has(name) || files.at(name).at("sha256").string() != sha256_hex(text))
      throw std::runtime_error((g / name).string() +
                               ": differs from what goldens.json lists (edited by hand?); make "
                               "new goldens with --bless");
    return text;
  };
  const JsonReader scenarios = r.at("scenarios");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const JsonReader s = scenarios.item(i);
    s.expect_keys({"name", "scenario", "scenario_sha256", "sets", "blessed_at", "reason", "commit",
                   "seed", "replications", "stat_replications", "changes", "undecided_by_seed"});
    ScenarioGolden sg;
    sg.name = s.at("name").string();
    sg.scenario_sha256 = s.at("scenario_sha256").string();
    for (std::size_t k = 0; k < s.at("sets").size(); ++k)
      sg.sets.push_back(s.at("sets").item(k).string());
    sg.blessed_at = s.at("blessed_at").string();
    sg.reason = s.at("reason").string();
    sg.commit = s.at("commit").string();
    sg.changes = s.at("changes").string();
    for (std::size_t k = 0; k < s.at("undecided_by_seed").size(); ++k)
      sg.undecided_by_seed.push_back(s.at("undecided_by_seed").item(k).string());
    const std::string exact = sg.name + ".exact.json";
    sg.exact = parse_exact_golden(checked(exact), (g / exact).string());
    const std::string reps = sg.name + ".replications.csv";
    sg.replications_csv = checked(reps);
    // The statistical replications are the file's rows (checked to parse).
    sg.stat_replications =
        parse_replications(sg.replications_csv, (g / reps).string()).values.size();
    set.scenarios.push_back(std::move(sg));
  }
  set.log = checked("BLESS_LOG.md");
  return set;
}

void write_goldens(const std::string& dir, const GoldenSet& g) {
  OutputFolder out((fs::path(dir) / "goldens").string());
  Json scenarios = Json::array();
  for (const ScenarioGolden& s : g.scenarios) {
    out.write(s.name + ".exact.json", exact_golden_json(s.exact));
    out.write(s.name + ".replications.csv", s.replications_csv);
    scenarios.push_back({{"name", s.name},
                         {"scenario", s.name + ".yaml"},
                         {"scenario_sha256", s.scenario_sha256},
                         {"sets", s.sets},
                         {"blessed_at", s.blessed_at},
                         {"reason", s.reason},
                         {"commit", s.commit},
                         {"seed", s.exact.seed},
                         {"replications", s.exact.replications},
                         {"stat_replications", s.stat_replications},
                         {"changes", s.changes},
                         {"undecided_by_seed", s.undecided_by_seed}});
  }
  out.write("BLESS_LOG.md", g.log);
  Json j;
  j["schema_version"] = 1;
  j["what"] = "surgesim regress goldens: bless with surgesim regress DIR --bless --reason TEXT";
  j["blessed_at"] = g.blessed_at;
  j["reason"] = g.reason;
  j["commit"] = g.commit;
  j["surgesim_version"] = g.surgesim_version;
  j["surgesim_commit"] = g.surgesim_commit;
  j["scenarios"] = scenarios;
  Json files = Json::object();
  for (const auto& [name, sha] : out.files()) files[name] = {{"sha256", sha}};
  j["files"] = files;
  out.write("goldens.json", j.dump(2) + "\n");
  out.commit();
}

}  // namespace surgesim::run
