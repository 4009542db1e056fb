// The command line's promises: usage errors exit 2 with one line naming the option, the exit codes
// are documented, an output folder is one run's complete output or the previous one's, files are
// listed with their SHA-256, and CSV numbers are exact.
#include <gtest/gtest.h>
#include <algorithm>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace {

// Exit code and the first line of standard error.
std::pair<int, std::string> usage(const std::string& args) {
  const fs::path err = temp_dir("usage-err");
  const int code = run_with_stderr(args, err);
  std::string text = slurp(err), first = text.substr(0, text.find('\n'));
  fs::remove(err);
  return {code, first};
}

const std::string kMmc = kScenarios + "/mmc.yaml";

}  // namespace

TEST(CliUsage, EveryUsageErrorExits2WithOneLineNamingIt) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "no command given; the commands are: validate, run"},
      {"frobnicate", "unknown command 'frobnicate'; the commands are: validate, run"},
      {"rn " + kMmc, "unknown command 'rn' (did you mean 'run'?)"},
      {"run", "file is required"},
      {"run /nonexistent/s.yaml", "/nonexistent/s.yaml: no such file"},
      {"validate /nonexistent/s.yaml", "/nonexistent/s.yaml: no such file"},
      {"run " + kMmc + " --replications 0", "--replications: Value 0 not in range"},
      {"run " + kMmc + " --seed abc", "--seed abc: expected a whole number from 0 to"},
      {"run " + kMmc + " --seed -1", "--seed -1: expected a whole number from 0 to"},
      {"run " + kMmc + " --seed 99999999999999999999", "--seed 99999999999999999999: expected"},
      {"run " + kMmc + " --threads -3", "--threads: Value -3 not in range"},
      {"run " + kMmc + " --bogus", "was not expected: --bogus"},
      {"--bogus run " + kMmc, "unknown option '--bogus' before the command"},
      {"--out x run " + kMmc, "unknown option '--out' before the command"},
      {"run " + kMmc + " --set 'name=caf\xff'", "invalid UTF-8"},
  };
  for (const auto& [args, says] : cases) {
    const auto [code, line] = usage(args);
    EXPECT_EQ(code, 2) << args;
    EXPECT_NE(line.find(says), std::string::npos) << args << "\n  said: " << line;
  }
}

TEST(CliUsage, HelpDocumentsTheExitCodes) {
  const fs::path out = temp_dir("help");
  ASSERT_EQ(run_with_stdout("--help", out), 0);
  const std::string help = slurp(out);
  for (const char* code : {"0 ok", "1 internal error", "2 bad input",
                           "3 the run finished but a "
                           "balance check",
                           "130 interrupted"}) {
    EXPECT_NE(help.find(code), std::string::npos) << code;
  }
  ASSERT_EQ(run_with_stdout("run --help", out), 0);
  EXPECT_NE(slurp(out).find("130 interrupted"), std::string::npos);
  fs::remove(out);
}

TEST(CliOutputs, BadOutputFoldersAreRefusedAndNothingIsWritten) {
  const fs::path d = temp_dir("bad-out");
  fs::create_directories(d / "foreign");
  std::ofstream(d / "foreign" / "notes.txt") << "mine";
  std::ofstream(d / "file") << "a file";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"''", "--out: the output folder's path is empty"},
      {"/", "--out /: refusing to replace the root, the current folder or one above it"},
      {".", "refusing to replace the root, the current folder or one above it"},
      {"..", "refusing to replace the root, the current folder or one above it"},
      {(d / "file").string(), "exists and is not a folder"},
      {(d / "foreign").string(), "is neither empty nor an earlier surgesim output"},
      {(d / "file").string() + "/x", "is not a folder"},
  };
  for (const auto& [out, says] : cases) {
    const auto [code, line] = usage("run " + kMmc + " --days 2 --out " + out);
    EXPECT_EQ(code, 2) << out;
    EXPECT_NE(line.find(says), std::string::npos) << out << "\n  said: " << line;
  }
  // A folder with an earlier run's files and one of the user's is not an output: kept whole.
  fs::create_directories(d / "mixed");
  ASSERT_EQ(run("run " + kMmc + " --days 2 --out " + (d / "mixed").string()), 0);
  std::ofstream(d / "mixed" / "keep.csv") << "mine";
  const auto [code, line] = usage("run " + kMmc + " --days 2 --out " + (d / "mixed").string());
  EXPECT_EQ(code, 2);
  EXPECT_NE(line.find("is neither empty nor an earlier surgesim output"), std::string::npos)
      << line;
  EXPECT_EQ(slurp(d / "mixed" / "keep.csv"), "mine");
  // The folder above the current one is refused, however it is written.
  fs::create_directories(d / "here");
  const fs::path err = d / "err";
  const int status = std::system(("cd " + (d / "here").string() + " && " + SURGESIM_CLI + " run " +
                                  kMmc + " --days 2 --out ../ 2>" + err.string())
                                     .c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(slurp(err).find("one above it"), std::string::npos) << slurp(err);
  EXPECT_TRUE(fs::exists(d / "here"));
  EXPECT_EQ(slurp(d / "file"), "a file");
  EXPECT_EQ(slurp(d / "foreign" / "notes.txt"), "mine");
  EXPECT_EQ(std::distance(fs::directory_iterator(d / "foreign"), fs::directory_iterator{}), 1);
  fs::remove_all(d);
}

// A clinic-only run into a folder that held a Beijing run leaves only its own files, each listed
// in summary.json with its SHA-256.
TEST(CliOutputs, AFolderIsReplacedWholeAndListsItsFiles) {
  const fs::path d = temp_dir("whole");
  ASSERT_EQ(run("run " + kScenarios +
                "/beijing-2022-12.yaml --set epidemic.population_scale=0.01 --days 10 --out " +
                d.string()),
            0);
  EXPECT_TRUE(fs::exists(d / "hospital_timeseries.csv"));
  ASSERT_EQ(run("run " + kMmc + " --days 5 --out " + d.string()), 0);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(d)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"board_replications.csv", "board_timeseries.csv",
                                             "policy_events.csv", "replications.csv",
                                             "resolved.yaml", "summary.json", "timeseries.csv"}));
  const auto j = nlohmann::json::parse(slurp(d / "summary.json"));
  ASSERT_EQ(j["files"].size(), 6u);
  EXPECT_EQ(slurp(d / "policy_events.csv"),  // written by every run: a header when nothing fired
            "replication,day,date,policy,scope,event,metric,value\n");
  for (const auto& [name, entry] : j["files"].items()) {
    EXPECT_EQ(entry["sha256"], surgesim::run::sha256_hex(slurp(d / name))) << name;
  }
  for (const auto& e : fs::directory_iterator(d.parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".surgesim-cli-whole"), std::string::npos)
        << "staging folder left: " << e.path();
  }
  fs::remove_all(d);
}

TEST(CliOutputs, Sha256IsTheStandardOne) {
  // FIPS 180-2, appendix B.1.
  EXPECT_EQ(surgesim::run::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(surgesim::run::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// Ctrl-C or SIGTERM during a run: exit 130, the previous output untouched, no staging folder.
TEST(CliOutputs, AnInterruptedRunLeavesThePreviousOutput) {
  const fs::path d = temp_dir("interrupt");
  ASSERT_EQ(run("run " + kMmc + " --days 3 --out " + d.string()), 0);
  const std::string before = slurp(d / "summary.json");
  for (const char* sig : {"INT", "TERM"}) {
    const fs::path code = temp_dir("interrupt-code");
    const std::string cmd = std::string("sh -c '") + SURGESIM_CLI + " run " + kScenarios +
                            "/beijing-2022-12.yaml --set epidemic.population_scale=0.3 --out " +
                            d.string() + " >/dev/null 2>&1 & pid=$!; sleep 2; kill -" + sig +
                            " $pid; wait $pid; echo $? > " + code.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_EQ(slurp(code), "130\n") << sig;
    fs::remove(code);
    EXPECT_EQ(slurp(d / "summary.json"), before) << sig;
    EXPECT_FALSE(fs::exists(d / "epidemic_timeseries.csv")) << sig;
  }
  for (const auto& e : fs::directory_iterator(d.parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".surgesim-cli-interrupt"), std::string::npos)
        << "staging folder left: " << e.path();
  }
  // A run killed outright (kill -9) leaves its staging folder; the next run into the same place
  // removes it, since its process is gone.
  const fs::path stale = d.parent_path() / ("." + d.filename().string() + ".staging-999999999");
  fs::create_directories(stale);
  ASSERT_EQ(run("run " + kMmc + " --days 2 --out " + d.string()), 0);
  EXPECT_FALSE(fs::exists(stale));
  fs::remove_all(d);
}

// A full disk (a 16 KiB tmpfs in a mount namespace of its own): the error names the file and the
// reason, the exit code is not 0, and no folder is left.
TEST(CliOutputs, AFullDiskSaysSoAndLeavesNothing) {
  const fs::path mnt = temp_dir("full-disk"), err = temp_dir("full-disk-err");
  fs::create_directories(mnt);
  const std::string cmd = "unshare -m sh -c 'mount -t tmpfs -o size=16k tmpfs " + mnt.string() +
                          " && " + SURGESIM_CLI + " run " + kMmc + " --days 200 --out " +
                          mnt.string() + "/out 2>" + err.string() + " >/dev/null; code=$?; ls -A " +
                          mnt.string() + " >> " + err.string() + "; exit $code'";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string said = slurp(err);
  EXPECT_NE(said.find("No space left on device"), std::string::npos) << said;
  EXPECT_NE(said.find(".out.staging-"), std::string::npos) << said;  // the file's path
  EXPECT_EQ(said.find("\nout"), std::string::npos) << "a folder was left: " << said;
  EXPECT_EQ(said.find("staging-", said.find('\n')), std::string::npos) << said;
  fs::remove_all(mnt);
  fs::remove(err);
}

// Counts are written exactly (no %g rounding), means always as reals, ids quoted per RFC 4180.
TEST(CliOutputs, CsvNumbersAreExactAndFieldsQuoted) {
  const fs::path d = temp_dir("exact");
  ASSERT_EQ(run("run " + kScenarios +
                "/beijing-2022-12.yaml --set epidemic.population_scale=0.05 --days 30 --out " +
                d.string()),
            0);
  const std::string csv = slurp(d / "epidemic_timeseries.csv");
  EXPECT_EQ(csv.find("e+"), std::string::npos);
  // Summed over the file, new infections are the KPI's infections to the last digit.
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  const auto columns = static_cast<std::size_t>(std::count(line.begin(), line.end(), ',') + 1);
  EXPECT_EQ(line.rfind("day,date,district,new_infections,", 0), 0u) << line;
  double infections = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    ASSERT_EQ(cells.size(), columns) << line;
    EXPECT_EQ(cells[3].substr(cells[3].size() - 2), ".0") << line;  // a count, as a real
    infections += std::stod(cells[3]);
  }
  const auto j = nlohmann::json::parse(slurp(d / "summary.json"));
  EXPECT_EQ(infections, j["kpis"]["infections"]["mean"].get<double>());
  EXPECT_GT(infections, 1e5);
  // A clinic id with a comma, quote and all stays one field.
  const fs::path q = temp_dir("quoted");
  ASSERT_EQ(run("run " + kMmc + " --days 2 --set 'clinics[0].id=\"a,\\\"b\"' --out " + q.string()),
            0);
  EXPECT_NE(slurp(q / "timeseries.csv").find(",\"a,\"\"b\",,"), std::string::npos)
      << slurp(q / "timeseries.csv");
  fs::remove_all(d);
  fs::remove_all(q);
}

// A replication whose ledger does not balance: summary.json says which check failed, and the run's
// exit status is 3 (the CLI returns rn::exit_status of the checks).
TEST(CliOutputs, AFailedBalanceCheckGivesExitStatus3) {
  namespace rn = surgesim::run;
  const fs::path d = temp_dir("check");
  fs::create_directories(d);
  std::ofstream(d / "s.yaml") << "name: t\nrun: {days: 2, replications: 2}\nclinics:\n"
                                 "  - {id: a, rooms: 1, doctors: 1, service_min: {dist: "
                                 "exponential, mean_min: 5}, demand: {visits_per_day: 10}}\n";
  const auto s = surgesim::scenario::load_scenario((d / "s.yaml").string());
  std::vector<rn::ReplicationResult> reps = {rn::run_replication(s, 0), rn::run_replication(s, 1)};
  EXPECT_EQ(rn::exit_status(rn::checks(s, reps)), 0);
  reps[1].tablets_balance = false;
  const auto c = rn::checks(s, reps);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0], (std::pair<std::string, bool>{"tablets_balance", false}));
  EXPECT_EQ(rn::exit_status(c), 3);
  const auto j = nlohmann::json::parse(rn::summary_json(s, reps));
  EXPECT_FALSE(j["checks"]["tablets_balance"].get<bool>());
  fs::remove_all(d);
}

// An output written before summary.json listed its files (e.g. an earlier `make demo`) is still
// recognised by its file names, and replaced; with a file of the user's in it, it is kept.
TEST(CliOutputs, AnEarlierOutputWithoutAFileListIsReplaced) {
  const fs::path d = temp_dir("earlier");
  fs::create_directories(d);
  std::ofstream(d / "summary.json") << "{\"schema_version\": 1, \"kpis\": {}}\n";
  std::ofstream(d / "resolved.yaml") << "name: old\n";
  std::ofstream(d / "epidemic_timeseries.csv") << "day\n";
  ASSERT_EQ(run("run " + kMmc + " --days 2 --out " + d.string()), 0);
  EXPECT_FALSE(fs::exists(d / "epidemic_timeseries.csv"));
  EXPECT_TRUE(nlohmann::json::parse(slurp(d / "summary.json")).contains("files"));
  fs::remove_all(d);
  fs::create_directories(d);
  std::ofstream(d / "summary.json") << "{\"schema_version\": 1}\n";
  std::ofstream(d / "notes.txt") << "mine";
  EXPECT_EQ(run("run " + kMmc + " --days 2 --out " + d.string()), 2);
  EXPECT_EQ(slurp(d / "notes.txt"), "mine");
  fs::remove_all(d);
}

namespace {

// A CSV file as rows of named cells (ids here hold no commas).
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::istringstream in(slurp(p));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string c; std::getline(hs, c, ',');) header.push_back(c);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::stringstream ls(line);
    std::size_t k = 0;
    for (std::string c; std::getline(ls, c, ','); ++k) row[header.at(k)] = c;
    rows.push_back(row);
  }
  return rows;
}

double column_sum(const std::vector<std::map<std::string, std::string>>& rows, const char* col,
                  const char* scope = nullptr) {
  double sum = 0;
  for (const auto& r : rows) {
    if (scope == nullptr || r.at("scope") == scope) sum += std::stod(r.at(col));
  }
  return sum;
}

}  // namespace

// board_timeseries.csv is what the triggers saw: the KPIs that are a run's totals are its
// columns added up, and they agree with the models' own files; districts add up to the city.
TEST(CliOutputs, TheBoardFileAddsUpToTheKpisAndTheModelsFiles) {
  const fs::path d = temp_dir("board");
  ASSERT_EQ(run("run " + kScenarios +
                "/beijing-2022-12.yaml --set run.scale=0.01 --days 50 --out " + d.string()),
            0);
  const auto board = read_csv(d / "board_timeseries.csv");
  ASSERT_EQ(board.size(), 50u * 17u);  // the city and 16 districts a day
  const auto j = nlohmann::json::parse(slurp(d / "summary.json"));
  const auto kpi = [&](const char* name) { return j["kpis"][name]["mean"].get<double>(); };
  for (const char* total :
       {"fever_arrivals", "fever_visits", "patients_without_drug", "symptomatic", "severe",
        "ems_calls", "ems_calls_abandoned", "icu_denied", "deaths"})
    EXPECT_EQ(column_sum(board, total, "city"), kpi(total)) << total;
  EXPECT_EQ(column_sum(read_csv(d / "timeseries.csv"), "arrivals"), kpi("fever_arrivals"));
  EXPECT_EQ(column_sum(read_csv(d / "ems_timeseries.csv"), "calls"), kpi("ems_calls"));
  EXPECT_EQ(column_sum(read_csv(d / "hospital_timeseries.csv"), "icu_denied"), kpi("icu_denied"));
  EXPECT_EQ(column_sum(read_csv(d / "epidemic_timeseries.csv"), "onsets"), kpi("symptomatic"));
  // By district: the districts' counts are the city's; a city-only metric is empty there.
  EXPECT_EQ(column_sum(board, "new_infections") - column_sum(board, "new_infections", "city"),
            column_sum(board, "new_infections", "city"));
  EXPECT_EQ(board[1].at("scope"), "dongcheng");
  EXPECT_EQ(board[1].at("ems_calls"), "");
  EXPECT_NE(board[1].at("icu_occupancy_share"), "");
  EXPECT_TRUE(j["files"].contains("board_timeseries.csv"));
}

// replications.csv holds each replication's KPIs exactly: their means are summary.json's, and the
// per-replication board and the clinics' standard deviations agree with it.
TEST(CliOutputs, ReplicationsHoldEveryKpiOfEveryReplication) {
  const fs::path d = temp_dir("reps");
  ASSERT_EQ(run("run " + kScenarios +
                "/fengtai-majiabao.yaml --replications 5 --seed 11 --days 20 --out " + d.string()),
            0);
  const auto reps = read_csv(d / "replications.csv");
  ASSERT_EQ(reps.size(), 5u);
  const auto j = nlohmann::json::parse(slurp(d / "summary.json"));
  for (std::size_t r = 0; r < reps.size(); ++r) {
    EXPECT_EQ(reps[r].at("replication"), std::to_string(r));
    EXPECT_EQ(reps[r].at("seed"), "11");
  }
  for (const auto& [name, kpi] : j["kpis"].items()) {
    double sum = 0;
    for (const auto& r : reps) sum += std::stod(r.at(name));
    EXPECT_DOUBLE_EQ(sum / 5, kpi["mean"].get<double>()) << name;
  }
  // Each replication's board adds up to its own KPI; the five make the mean board.
  const auto board = read_csv(d / "board_replications.csv");
  for (std::size_t r = 0; r < reps.size(); ++r) {
    double arrivals = 0;
    for (const auto& row : board) {
      if (row.at("replication") == std::to_string(r) && row.at("scope") == "city")
        arrivals += std::stod(row.at("fever_arrivals"));
    }
    EXPECT_EQ(arrivals, std::stod(reps[r].at("fever_arrivals"))) << r;
  }
  const auto clinics = read_csv(d / "timeseries.csv");
  ASSERT_FALSE(clinics.empty());
  EXPECT_NE(clinics.back().at("arrivals_sd"), "");  // five replications: a spread
  EXPECT_GT(std::stod(clinics.back().at("arrivals_sd")), 0.0);
}
