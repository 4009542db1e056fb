#include "regress_command.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <set>

#include "common.hpp"
#include "regress_report.hpp"
#include "surgesim/run/compare.hpp"
#include "surgesim/run/equivalence.hpp"
#include "surgesim/run/goldens.hpp"
#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/run/strict_json.hpp"
#include "surgesim/scenario/reader.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"

namespace surgesim::cli {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;
namespace fs = std::filesystem;

namespace {

constexpr double kAlpha = 0.05;
constexpr std::size_t kDefaultStatReplications = 30;
const char* const kMargins = "margins.yaml";

// The scenario files of a regression folder: every *.yaml but margins.yaml, by name.
std::vector<fs::path> scenario_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml" && e.path().filename() != kMargins)
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The first line a program prints (run without a shell), or "" when it fails.
std::string program_output(std::vector<std::string> argv) {
  int fds[2];
  if (::pipe(fds) != 0) return "";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, STDERR_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return "";
  out = out.substr(0, out.find('\n'));
  return out;
}

// The commit of the repository holding DIR, marked when its tracked files have changes.
std::string repository_commit(const std::string& dir) {
  const std::string head = program_output({"git", "-C", dir, "rev-parse", "HEAD"});
  if (head.empty()) return "unknown (not in a git repository)";
  const std::string dirty =
      program_output({"git", "-C", dir, "status", "--porcelain", "--untracked-files=no"});
  return dirty.empty() ? head : head + " with uncommitted changes";
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Runner {
  int threads;
  bool tty = ::isatty(STDERR_FILENO) != 0;
  std::vector<rn::ReplicationResult> operator()(const sc::Scenario& s, std::size_t count) const {
    const bool show = tty;
    return rn::run_replications(s, 0, count, threads, [show](std::size_t done, std::size_t total) {
      if (g_interrupted) throw Interrupted{};
      if (show) print_progress(done, total);
    });
  }
};

// Each KPI a margins file names must be one some scenario measures.
void check_margins(const rn::Margins& m, const std::vector<sc::Scenario>& scenarios) {
  std::set<std::string> known;
  for (const sc::Scenario& s : scenarios) {
    for (const std::string& k : rn::kpi_names(s)) known.insert(k);
  }
  for (const auto& [kpi, where] : m.where) {
    if (known.count(kpi)) continue;
    std::string msg = "no scenario of the folder measures a KPI '" + kpi + "'";
    const std::string hint = sc::closest_word(kpi, known);
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    throw sc::ScenarioError(where, "kpis." + kpi, msg);
  }
}

// The KPIs whose equivalence a new seed alone would likely not show with R against R replications
// (Welch, a true difference of 0): the golden spread needs more than R.
std::vector<std::string> undecided_by_seed(const rn::ReplicationTable& t, const rn::Margins& m) {
  std::vector<std::string> out;
  const double r = static_cast<double>(t.values.size());
  for (std::size_t k = 0; k < t.kpis.size(); ++k) {
    double sum = 0, sq = 0;
    for (const auto& row : t.values) sum += row[k];
    const double mean = sum / r;
    for (const auto& row : t.values) sq += (row[k] - mean) * (row[k] - mean);
    const double sd = r > 1 ? std::sqrt(sq / (r - 1)) : 0;
    if (sd > 0 && rn::replications_to_decide(sd * std::sqrt(2.0), 0, m.of(t.kpis[k]).of(mean),
                                             kAlpha) > t.values.size())
      out.push_back(t.kpis[k]);
  }
  return out;
}

}  // namespace

CLI::App* add_regress_command(CLI::App& app, RegressCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "regress",
      "check the scenarios of a regression folder (DIR/*.yaml) against their goldens "
      "(DIR/goldens/): exact (the default: outputs byte-identical with the fixed seed) or --stat "
      "(each KPI equivalent to the golden replications within its margin, DIR/margins.yaml)");
  cmd->add_option("dir", c.dir, "the regression folder")->required();
  cmd->add_flag("--stat", c.stat,
                "statistical: two one-sided tests per KPI against the golden replications "
                "(paired by seed when the seeds match, else Welch), Holm across KPIs");
  cmd->add_flag("--strict", c.strict, "--stat: fail on inconclusive KPIs too");
  cmd->add_flag("--bless", c.bless,
                "make new goldens (exact and statistical) from this build, recording --reason, "
                "the commit and what changed");
  cmd->add_option("--reason", c.reason, "--bless: why the outputs changed (required)");
  cmd->add_option("--replications,-r", c.replications,
                  "--bless: replications of the statistical goldens (default: as before, or 30)")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--threads,-t", c.threads, "threads (0: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--only", c.only,
                  "only this scenario (its file name without .yaml; repeatable); with --bless, "
                  "the others keep their goldens");
  cmd->add_option("--set", c.sets, "override a value of every scenario: key.path=value");
  cmd->add_option("--out,-o", c.out_dir,
                  "where regress.json and regress.csv go (default: "
                  "out/regress-<DIR>)");
  cmd->add_flag("--verbose,-v", c.verbose, "--stat: list every KPI, not only those not same");
  cmd->footer(
      "Exit codes: 0 nothing changed (inconclusive KPIs are listed; --strict fails on them); 1 a "
      "regression (an output or a KPI changed); 2 bad input (the folder, a scenario, margins.yaml, "
      "missing goldens or the command line); 130 interrupted.");
  return cmd;
}

namespace {

// The regression folder: its scenario files, margins and goldens, and which scenarios this
// command checks or blesses.
struct Folder {
  fs::path dir;
  std::vector<fs::path> files;
  rn::Margins margins;
  rn::GoldenSet goldens;
  bool found = false;       ///< goldens exist (and were read)
  bool unreadable = false;  ///< --bless: goldens there, but broken (they are replaced)
  std::vector<std::string> only;

  const rn::ScenarioGolden* golden(const std::string& name) const {
    for (const rn::ScenarioGolden& g : goldens.scenarios) {
      if (g.name == name) return &g;
    }
    return nullptr;
  }
  bool has_file(const std::string& name) const {
    return std::any_of(files.begin(), files.end(),
                       [&](const fs::path& f) { return f.stem().string() == name; });
  }
  bool selected(const fs::path& f) const {
    return only.empty() || std::find(only.begin(), only.end(), f.stem().string()) != only.end();
  }
};

// Whether a goldens folder holds only what a blessing writes (so broken goldens may be replaced).
bool only_golden_files(const fs::path& g) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(g, ec)) {
    const std::string n = e.path().filename().string();
    const bool ours = n == "goldens.json" || n == "BLESS_LOG.md" || n.ends_with(".exact.json") ||
                      n.ends_with(".replications.csv");
    if (!ours || !e.is_regular_file(ec)) return false;
  }
  return !ec;
}

// Reads the folder; a problem is a usage error: its exit code is returned.
std::optional<int> open_folder(const RegressCommand& c, Folder& f) {
  f.dir = c.dir;
  if (!fs::is_directory(f.dir)) return usage_error("regress: " + c.dir + " is not a folder");
  f.files = scenario_files(f.dir);
  if (f.files.empty()) return usage_error("regress: no scenario files (*.yaml) in " + c.dir);
  for (std::string name : c.only) {
    if (name.size() > 5 && name.ends_with(".yaml")) name.resize(name.size() - 5);
    if (name + ".yaml" == kMargins)
      return usage_error("--only " + name + ": " + kMargins + " holds the margins, not a scenario");
    if (!f.has_file(name))
      return usage_error("--only " + name + ": no " + name + ".yaml in " + c.dir);
    f.only.push_back(name);
  }
  if (fs::exists(f.dir / kMargins)) f.margins = rn::load_margins((f.dir / kMargins).string());
  try {
    f.goldens = rn::read_goldens(c.dir, f.found);
  } catch (const std::runtime_error& e) {
    if (!c.bless) {
      std::fprintf(stderr, "surgesim: %s\n", e.what());
      return kExitBadInput;
    }
    // Blessing makes them anew; the record of earlier blessings is kept when it can be read.
    std::fprintf(stderr, "surgesim: warning: %s; blessing every scenario anew\n", e.what());
    f.goldens = {};
    f.found = false;
    std::error_code ec;
    if (fs::is_regular_file(f.dir / "goldens" / "BLESS_LOG.md", ec))
      f.goldens.log = rn::read_text_file((f.dir / "goldens" / "BLESS_LOG.md").string());
    if (!only_golden_files(f.dir / "goldens"))
      return usage_error("--bless: " + (f.dir / "goldens").string() +
                         " holds files that are not goldens; move them out of it");
    f.unreadable = true;
  }
  const std::string bless = "surgesim regress " + c.dir + " --bless --reason \"...\"";
  if (!c.bless && !f.found)
    return usage_error("regress: " + c.dir + " has no goldens yet; make them with: " + bless);
  for (const fs::path& file : f.files) {
    const bool needed = c.bless ? !f.selected(file) : f.selected(file);
    if (needed && !f.golden(file.stem().string()))
      return usage_error(
          "regress: " + file.string() + " has no goldens; " +
          (c.bless ? "bless it too (leave out --only)" : "make them with: " + bless));
  }
  if (!c.bless) {
    for (const rn::ScenarioGolden& g : f.goldens.scenarios) {
      if (!f.has_file(g.name))
        return usage_error("regress: the goldens have " + g.name + ", but " + c.dir + " has no " +
                           g.name + ".yaml; bless again to drop it");
    }
  } else if (!f.unreadable) {
    try {  // before the runs, not after them
      rn::OutputFolder::check_target((f.dir / "goldens").string());
    } catch (const std::runtime_error&) {
      return usage_error("--bless: " + (f.dir / "goldens").string() +
                         " holds files that are not goldens; move them out of it");
    }
  }
  return std::nullopt;
}

// What differs in the inputs from those the scenario was blessed with.
std::vector<std::string> input_notes(const rn::ScenarioGolden& g, const std::string& scenario_sha,
                                     const std::vector<std::string>& sets) {
  std::vector<std::string> notes;
  if (g.scenario_sha256 != scenario_sha)
    notes.push_back("the scenario file changed since it was blessed (" + g.blessed_at + ")");
  if (g.sets != sets) {
    std::string was, now;
    for (const std::string& s : g.sets) was += " --set " + s;
    for (const std::string& s : sets) now += " --set " + s;
    notes.push_back("blessed with" + (was.empty() ? std::string(" no --set") : was) + ", run with" +
                    (now.empty() ? std::string(" no --set") : now));
  }
  return notes;
}

}  // namespace

int regress_command(const RegressCommand& c) {
  if (c.bless && c.reason.empty())
    return usage_error("--bless needs --reason \"why the outputs changed\" (it is recorded)");
  if (c.bless && (c.stat || c.strict || c.verbose || !c.out_dir.empty()))
    return usage_error(
        "--bless makes both kinds of goldens in DIR/goldens; leave out --stat, --strict, "
        "--verbose and --out");
  if (!c.bless && (!c.reason.empty() || c.replications))
    return usage_error("--reason and --replications go with --bless");
  Folder folder;
  if (const auto bad = open_folder(c, folder)) return *bad;
  const std::vector<fs::path>& files = folder.files;

  // Only the selected scenarios are loaded (with --set); margins.yaml is checked against them all.
  std::vector<sc::Scenario> scenarios(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!folder.selected(files[i])) continue;
    scenarios[i] = sc::load_scenario(files[i].string(), c.sets);
    for (const std::string& w : scenarios[i].warnings)
      std::fprintf(stderr, "%s: warning: %s\n", files[i].string().c_str(), w.c_str());
  }
  if (folder.only.empty()) check_margins(folder.margins, scenarios);
  const std::string out_dir =
      !c.out_dir.empty()
          ? c.out_dir
          : "out/regress-" + fs::weakly_canonical(fs::absolute(folder.dir)).filename().string();
  if (!c.bless) {
    try {
      rn::OutputFolder::check_target(out_dir);
    } catch (const std::runtime_error& e) {
      return usage_error(e.what());
    }
  }

  catch_interrupts();
  const Runner runner{c.threads};
  const bool exact = c.bless || !c.stat;
  const bool stat = c.bless || c.stat;
  std::vector<ScenarioRegression> exact_rows, stat_rows;
  rn::GoldenSet blessed;
  const std::string now = utc_now();
  const std::string commit = c.bless ? repository_commit(c.dir) : "";
  try {
    for (std::size_t i = 0; i < files.size(); ++i) {
      const std::string name = files[i].stem().string();
      const rn::ScenarioGolden* golden = folder.golden(name);
      if (!folder.selected(files[i])) {
        if (c.bless) blessed.scenarios.push_back(*golden);  // kept as they were
        continue;
      }
      const sc::Scenario& s = scenarios[i];
      rn::ScenarioGolden next;
      next.name = name;
      next.scenario_sha256 = rn::sha256_hex(rn::read_text_file(files[i].string()));
      next.sets = c.sets;
      next.blessed_at = now;
      next.reason = c.reason;
      next.commit = commit;
      const std::vector<std::string> notes =
          golden ? input_notes(*golden, next.scenario_sha256, c.sets) : std::vector<std::string>{};
      if (exact) {
        std::fprintf(stderr, "regress: %s, exact: %zu replications of seed %llu\n", name.c_str(),
                     s.run.replications, static_cast<unsigned long long>(s.run.seed));
        const auto reps = runner(s, s.run.replications);
        next.exact = rn::exact_golden(rn::replication_table(s, reps), rn::output_files(s, reps));
        if (golden) {
          ScenarioRegression r;
          r.name = name;
          r.file = files[i].string();
          r.exact = true;
          r.notes = notes;
          r.exact_result = rn::compare_exact(golden->exact, next.exact);
          exact_rows.push_back(std::move(r));
        }
      }
      if (stat) {
        sc::Scenario sr = s;
        sr.run.replications = c.replications ? c.replications
                              : golden       ? golden->stat_replications
                                             : kDefaultStatReplications;
        std::fprintf(stderr, "regress: %s, statistical: %zu replications\n", name.c_str(),
                     sr.run.replications);
        const auto reps = runner(sr, sr.run.replications);
        next.replications_csv = rn::replications_csv(sr, reps);
        next.stat_replications = sr.run.replications;
        const rn::ReplicationTable table = rn::replication_table(sr, reps);
        next.undecided_by_seed = undecided_by_seed(table, folder.margins);
        if (golden) {
          const rn::ReplicationTable old = rn::parse_replications(
              golden->replications_csv,
              (folder.dir / "goldens" / (name + ".replications.csv")).string());
          ScenarioRegression r;
          r.name = name;
          r.file = files[i].string();
          r.notes = notes;
          r.kpis = rn::equivalence_verdicts(old, table, folder.margins, kAlpha);
          r.paired = rn::paired(old, table);
          r.golden_replications = old.values.size();
          r.replications = table.values.size();
          stat_rows.push_back(std::move(r));
        }
      }
      if (c.bless) {
        std::string changes;
        for (const auto* rows : {&exact_rows, &stat_rows}) {
          if (!rows->empty() && rows->back().name == name)
            changes += (changes.empty() ? "" : "; ") + change_line(rows->back());
        }
        next.changes = golden ? changes : "first blessing";
        blessed.scenarios.push_back(std::move(next));
      }
    }
  } catch (const Interrupted&) {
    std::fprintf(stderr, "\nsurgesim: interrupted; nothing was written\n");
    return kExitInterrupted;
  }

  if (c.bless) {
    blessed.blessed_at = now;
    blessed.reason = c.reason;
    blessed.commit = commit;
    blessed.surgesim_version = rn::surgesim_version();
    blessed.surgesim_commit = rn::git_commit();
    blessed.log = !folder.goldens.log.empty()
                      ? folder.goldens.log
                      : "# Blessings of these goldens\n\nEach entry: when, why, at which commit, "
                        "and what changed against the goldens before it.\n";
    blessed.log += "\n## " + now + ": " + c.reason + "\n\nCommit " + commit + ", surgesim " +
                   blessed.surgesim_version + " (build " + blessed.surgesim_commit + ").\n\n";
    std::size_t count = 0;
    for (const rn::ScenarioGolden& g : blessed.scenarios) {
      if (!folder.selected(folder.dir / (g.name + ".yaml"))) continue;
      ++count;
      blessed.log += "- " + g.name + ": " + g.changes + "\n";
    }
    for (const rn::ScenarioGolden& g : folder.goldens.scenarios) {
      if (!folder.has_file(g.name))
        blessed.log += "- " + g.name + ": dropped (no " + g.name + ".yaml)\n";
    }
    if (folder.unreadable) fs::remove_all(folder.dir / "goldens");  // checked: goldens only
    rn::write_goldens(c.dir, blessed);
    std::printf("Blessed %zu scenarios in %s/goldens (%s)\n", count, c.dir.c_str(),
                c.reason.c_str());
    for (const rn::ScenarioGolden& g : blessed.scenarios) {
      if (!folder.selected(folder.dir / (g.name + ".yaml"))) continue;
      std::printf("  %-28s %zu + %zu replications; %s\n", g.name.c_str(), g.exact.replications,
                  g.stat_replications, g.changes.c_str());
      if (!g.undecided_by_seed.empty())
        std::printf(
            "    with new seeds these %zu KPIs would likely stay inconclusive at %zu "
            "replications (spread wider than their margin)\n",
            g.undecided_by_seed.size(), g.stat_replications);
    }
    return kExitOk;
  }

  const std::vector<ScenarioRegression>& rows = c.stat ? stat_rows : exact_rows;
  int status = kExitOk;
  for (const ScenarioRegression& r : rows) {
    const std::string v = r.verdict();
    if (v == "changed" || (c.strict && v == "inconclusive")) status = kExitRegressed;
  }
  std::printf("surgesim regress %s (%s): %zu scenarios\n", c.dir.c_str(),
              c.stat ? "statistical" : "exact", rows.size());
  print_regression(rows, c.verbose);
  rn::OutputFolder out(out_dir);
  out.write("regress.csv", regression_csv(rows));
  out.write("regress.json",
            regression_json(rows, c.dir, c.stat, c.strict, kAlpha, status, out.files()));
  out.commit();
  std::printf("%s; details in %s/regress.json\n",
              status == kExitOk ? "PASSED" : "FAILED: a regression", out_dir.c_str());
  return status;
}

}  // namespace surgesim::cli
