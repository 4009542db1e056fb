#include "sweep_command.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common.hpp"
#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/run/sweep.hpp"
#include "surgesim/run/sweep_plan.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/sweep_design.hpp"
#include "sweep_mpi.hpp"

namespace surgesim::cli {

namespace sc = surgesim::scenario;
namespace rn = surgesim::run;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRows = "sweep.csv";
constexpr const char* kManifest = "sweep.json";
constexpr const char* kLock = ".sweep.lock";
constexpr const char* kIdentity = "sweep_identity.txt";

// What a sweep's rows depend on: the design, the scenario as resolved (with its seed, --set and
// the program's commit) and the replications a point. A resume or a merge of other rows is refused.
std::string identity(const std::string& design_text, const std::string& resolved,
                     std::size_t replications) {
  return "design_sha256: " + rn::sha256_hex(design_text) +
         "\nresolved_sha256: " + rn::sha256_hex(resolved) +
         "\nreplications_per_point: " + std::to_string(replications) + "\n";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `text` to `dir/name` whole: a temporary file beside it, then a rename.
void write_whole(const fs::path& dir, const std::string& name, const std::string& text) {
  const fs::path tmp = dir / ("." + name + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error((dir / name).string() + ": cannot write it");
  }
  fs::rename(tmp, dir / name);
}

// Appends finished rows, one write each, so that a crash of the program (kill -9 included) loses
// at most the row being written, which --resume recognises as incomplete and runs again. The file
// is also flushed to the disk at most once a second (against a crash of the machine).
class RowJournal {
 public:
  RowJournal(const fs::path& path, std::size_t keep_bytes) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT, 0644);
    if (fd_ < 0 || ::ftruncate(fd_, static_cast<off_t>(keep_bytes)) != 0 ||
        ::lseek(fd_, 0, SEEK_END) < 0)
      throw std::runtime_error(path.string() + ": cannot write it");
  }
  ~RowJournal() {
    if (fd_ >= 0) {
      ::fdatasync(fd_);
      ::close(fd_);
    }
  }
  RowJournal(const RowJournal&) = delete;
  RowJournal& operator=(const RowJournal&) = delete;
  void append(const std::string& row) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (::write(fd_, row.data(), row.size()) != static_cast<ssize_t>(row.size()))
      throw std::runtime_error("sweep.csv: cannot append a row");
    const auto now = std::chrono::steady_clock::now();
    if (now - synced_ > std::chrono::seconds(1)) {
      ::fdatasync(fd_);
      synced_ = now;
    }
  }

 private:
  int fd_ = -1;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point synced_ = std::chrono::steady_clock::now();
};

void print_eta(std::size_t done, std::size_t total, double elapsed_s) {
  const double eta =
      done > 0 ? elapsed_s / static_cast<double>(done) * static_cast<double>(total - done) : 0.0;
  const int width = 30;
  const int filled = total ? static_cast<int>(width * done / total) : width;
  std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu runs, %.0f s, about %.0f s to go  ", filled,
               "##############################", width - filled, "", done, total, elapsed_s, eta);
  if (done == total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

// Parses --shard i/n.
bool parse_shard(const std::string& text, std::size_t& i, std::size_t& n) {
  if (text.empty()) {
    i = n = 1;
    return true;
  }
  const auto slash = text.find('/');
  try {
    i = std::stoull(text.substr(0, slash));
    n = std::stoull(text.substr(slash + 1));
  } catch (const std::exception&) {
    return false;
  }
  return slash != std::string::npos && n >= 1 && i >= 1 && i <= n;
}

// The finished folder: rows sorted, the summary, the design, the manifest (written last: a
// folder without it is a sweep still running or interrupted).
void finish_folder(const fs::path& dir, const sc::SweepDesign& d,
                   const std::vector<rn::SweepPoint>& points, const std::vector<std::string>& kpis,
                   const std::vector<std::string>& rows, const std::string& resolved,
                   std::size_t runs_total) {
  const std::vector<std::string> sorted = rn::sorted_rows(rows);
  std::string text = rn::sweep_header(d, kpis);
  for (const std::string& r : sorted) text += r;
  std::vector<std::pair<std::string, std::string>> files;
  const auto put = [&](const std::string& name, const std::string& t) {
    write_whole(dir, name, t);
    files.emplace_back(name, rn::sha256_hex(t));
  };
  put(kRows, text);
  put("sweep_summary.csv", rn::sweep_summary_csv(d, points, kpis, sorted));
  put("design_points.csv", rn::design_points_csv(d, points));
  put("design.yaml", read_file(d.file));
  if (!resolved.empty()) put("resolved.yaml", resolved);
  put(kIdentity, read_file(dir / kIdentity));
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["design"] = sc::design_name(d.kind);
  j["points"] = points.size();
  j["replications_per_point"] = d.replications;
  j["runs"] = sorted.size();
  j["complete"] = sorted.size() == runs_total;
  j["files"] = nlohmann::ordered_json::object();
  for (const auto& [name, sha] : files) j["files"][name] = {{"sha256", sha}};
  write_whole(dir, kManifest, j.dump(2) + "\n");
}

}  // namespace

std::pair<CLI::App*, CLI::App*> add_sweep_command(CLI::App& app, SweepCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "run a scenario at every point of a design (grid, oat, lhs, sobol), replications on common "
      "random numbers across points; rows are kept as runs finish, so --resume goes on after an "
      "interruption");
  cmd->add_option("file", c.file, "scenario file");
  cmd->add_option("--design", c.design, "the design file (see scenarios/README.md)");
  add_run_options(*cmd, c.run);
  cmd->add_option("--out,-o", c.out_dir, "output folder (default: out/sweep-<scenario>)");
  cmd->add_flag("--resume", c.resume, "run only the runs the output folder does not hold yet");
  cmd->add_flag("--mpi", c.mpi,
                "run under mpirun: rank 0 keeps the folder and hands runs out to the other ranks "
                "as they ask");
  cmd->add_option("--shard", c.shard,
                  "i/n: run only this deterministic share of the runs (for job arrays; merge the "
                  "folders with sweep merge)");
  cmd->footer(kExitCodes);
  CLI::App* merge = cmd->add_subcommand("merge", "merge sweep folders (shards) into one");
  merge->add_option("dirs", c.merge_dirs, "sweep output folders")->required();
  merge->add_option("--out,-o", c.merge_out, "the merged folder")->required();
  return {cmd, merge};
}

namespace {

int plan_sweep(const CLI::App& cmd, const SweepCommand& c, rn::SweepPlan& plan) {
  std::string error;
  const std::vector<std::string> overrides = c.run.overrides(cmd, error);
  if (!error.empty()) return usage_error(error);
  try {
    plan = rn::plan_sweep(
        c.file, c.design, overrides,
        cmd.count("--replications") ? std::optional(c.run.replications) : std::nullopt);
  } catch (const rn::SweepPointError& e) {
    if (!e.error) return usage_error(e.what());
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  }
  return kExitOk;
}

// The output folder, locked for this sweep, with the rows it already holds (on --resume).
struct Folder {
  fs::path dir;
  rn::SweepRows have;
  int lock = -1;
};

int open_folder(const SweepCommand& c, const rn::SweepPlan& plan, Folder& f) {
  f.dir = !c.out_dir.empty() ? fs::path(c.out_dir)
                             : fs::path("out") / ("sweep-" + fs::path(c.file).stem().string());
  const fs::path& dir = f.dir;
  const std::string header = rn::sweep_header(plan.design, plan.kpis);
  // Anything else in the folder but this sweep's own files (and its lock) makes it not a sweep's.
  const auto foreign = [&dir] {
    static const std::set<std::string> ours = {kRows,         kManifest,       "sweep_summary.csv",
                                               "design.yaml", "resolved.yaml", "design_points.csv",
                                               kLock,         kIdentity};
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      const bool temporary = name.size() > 5 && name[0] == '.' && name.ends_with(".tmp");
      if (!ours.count(name) && !temporary) return true;
    }
    return false;
  };
  if (fs::exists(dir) && (!fs::is_directory(dir) || foreign()))
    return usage_error("--out " + dir.string() +
                       ": the folder is neither empty nor a sweep's; choose another");
  fs::create_directories(dir);
  // One sweep at a time in a folder: a second one (or a resume while the first still runs) would
  // interleave their rows. The lock goes with the process, however it ends.
  f.lock = ::open((dir / kLock).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (f.lock < 0 || ::flock(f.lock, LOCK_EX | LOCK_NB) != 0)
    return usage_error("--out " + dir.string() + ": another sweep is writing to this folder");
  f.have.header = header;
  f.have.complete_bytes = header.size();
  const std::string resolved = rn::resolved_yaml(plan.base);
  const std::string id = identity(read_file(c.design), resolved, plan.design.replications);
  const bool exists = fs::exists(dir / kRows);
  if (exists && c.resume) {
    if (read_file(dir / kIdentity) != id)
      return usage_error("--resume: " + dir.string() +
                         " holds a sweep of another design, scenario, seed, --set, replications "
                         "or program version (see its " +
                         kIdentity + ")");
    try {
      f.have = rn::read_sweep_rows((dir / kRows).string());
    } catch (const std::runtime_error& e) {
      return usage_error(e.what());
    }
    if (f.have.header != header)
      return usage_error("--resume: " + (dir / kRows).string() +
                         " holds another sweep (its columns differ from this design's)");
    fs::remove(dir / kManifest);  // unfinished again until this run completes it
  } else if (exists && !fs::exists(dir / kManifest)) {
    return usage_error("--out " + dir.string() +
                       ": holds an unfinished sweep; add --resume to finish it, or choose another "
                       "folder");
  } else {  // a new sweep, or one that replaces a finished one
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().filename() != kLock) fs::remove_all(e.path());
    }
    write_whole(dir, kIdentity, id);
    write_whole(dir, "design.yaml", read_file(c.design));
    write_whole(dir, "resolved.yaml", resolved);
    write_whole(dir, kRows, header);
  }
  return kExitOk;
}

}  // namespace

int sweep_command(const CLI::App& cmd, const SweepCommand& c) {
  if (c.file.empty() || c.design.empty())
    return usage_error("sweep: give the scenario FILE and --design D.yaml");
  std::size_t shard = 1, shards = 1;
  if (!parse_shard(c.shard, shard, shards))
    return usage_error("--shard " + c.shard + ": expected i/n with 1 <= i <= n");
  if (c.mpi) mpi::init();
  const bool coordinator = !c.mpi || mpi::rank() == 0;
  const bool distributed = c.mpi && mpi::size() > 1;
  rn::SweepPlan plan;
  int planned = kExitOk;
  try {
    planned = plan_sweep(cmd, c, plan);
  } catch (const sc::ScenarioError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    planned = kExitBadInput;
  }
  if (c.mpi) planned = mpi::combine_status(planned);  // every rank stops if any cannot go on
  if (planned) return planned;
  if (static_cast<double>(plan.points.size()) * static_cast<double>(plan.design.replications) > 1e7)
    return usage_error("sweep: " + std::to_string(plan.points.size()) + " points x " +
                       std::to_string(plan.design.replications) +
                       " replications: more than 10,000,000 runs");
  const int cores = plan.base.run.threads > 0
                        ? plan.base.run.threads
                        : static_cast<int>(std::thread::hardware_concurrency());
  if (!coordinator) {
    if (const int status = mpi::share_status(0)) return status;
    for (sc::Scenario& s : plan.scenarios) s.run.threads = 1;
    mpi::work([&](std::size_t p, std::size_t r) {
      return rn::sweep_row(plan.points[p], r, plan.base.run.seed,
                           rn::run_replication(plan.scenarios[p], r).kpis);
    });
    return kExitOk;
  }
  Folder folder;
  const int opened = open_folder(c, plan, folder);
  if (distributed && mpi::share_status(opened) != 0) return opened;
  if (opened) return opened;
  // The runs still to do, this shard's share.
  std::vector<std::pair<std::size_t, std::size_t>> todo;
  std::size_t total = 0;
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    for (std::size_t r = 0; r < plan.design.replications; ++r) {
      const std::size_t k = p * plan.design.replications + r;
      if (k % shards != shard - 1) continue;
      ++total;
      if (!folder.have.done.count({p, r})) todo.emplace_back(p, r);
    }
  }
  std::printf(
      "%s: %zu points x %zu replications (%s), %zu runs to do of %zu%s\n", c.design.c_str(),
      plan.points.size(), plan.design.replications, sc::design_name(plan.design.kind), todo.size(),
      total, distributed ? (", on " + std::to_string(mpi::size() - 1) + " MPI ranks").c_str() : "");
  std::fflush(stdout);
  catch_interrupts();
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  RowJournal journal(folder.dir / kRows, folder.have.complete_bytes);
  std::size_t shown = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const auto on_row = [&](const std::string& row) {  // one at a time
    journal.append(row);
    ++shown;
    if (tty)
      print_eta(shown, todo.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  const std::size_t done =
      distributed ? mpi::coordinate(todo, on_row, [] { return g_interrupted != 0; })
                  : rn::run_sweep(plan, todo, cores, on_row, [] { return g_interrupted != 0; });
  if (g_interrupted) {
    std::fprintf(stderr,
                 "\nsurgesim: interrupted after %zu of %zu runs; the rows so far are in %s (go on "
                 "with --resume)\n",
                 done, todo.size(), (folder.dir / kRows).string().c_str());
    return kExitInterrupted;
  }
  const rn::SweepRows all = rn::read_sweep_rows((folder.dir / kRows).string());
  finish_folder(folder.dir, plan.design, plan.points, plan.kpis, all.rows,
                rn::resolved_yaml(plan.base), total);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%zu runs in %.2f s (%.1f runs/s), peak memory %.0f MiB; outputs in %s/\n",
              todo.size(), wall, wall > 0 ? static_cast<double>(todo.size()) / wall : 0.0,
              peak_rss_mib(), folder.dir.string().c_str());
  return kExitOk;
}

int sweep_merge_command(const SweepCommand& c) {
  std::vector<std::string> rows;
  std::string header, id;
  for (const std::string& d : c.merge_dirs) {
    rn::SweepRows s;
    try {
      s = rn::read_sweep_rows((fs::path(d) / kRows).string());
    } catch (const std::runtime_error& e) {
      return usage_error(e.what());
    }
    if (!header.empty() && s.header != header)
      return usage_error("sweep merge: " + d + " holds another sweep (its columns differ)");
    const std::string this_id = read_file(fs::path(d) / kIdentity);
    if (this_id.empty()) return usage_error("sweep merge: " + d + " has no " + kIdentity);
    if (!id.empty() && this_id != id)
      return usage_error("sweep merge: " + d +
                         " ran another design, scenario, seed, --set, replications or program "
                         "version (its " +
                         std::string(kIdentity) + " differs)");
    header = s.header;
    id = this_id;
    rows.insert(rows.end(), s.rows.begin(), s.rows.end());
  }
  const fs::path out = c.merge_out;
  if (fs::exists(out) && !fs::is_empty(out) && !fs::exists(out / kManifest))
    return usage_error("--out " + out.string() + ": neither empty nor an earlier sweep");
  for (const std::string& d : c.merge_dirs) {
    std::error_code ec;
    if (fs::equivalent(d, out, ec))
      return usage_error("sweep merge: --out must be a folder of its own, not " + d);
  }
  if (fs::exists(out)) {
    for (const auto& e : fs::directory_iterator(out)) fs::remove_all(e.path());
  }
  fs::create_directories(out);
  write_whole(out, kIdentity, id);
  const fs::path first = c.merge_dirs.front();
  sc::SweepDesign design = sc::load_design((first / "design.yaml").string());
  design.replications = std::stoull(id.substr(id.rfind(": ") + 2));  // as the shards ran
  const std::string resolved = read_file(first / "resolved.yaml");
  const sc::Scenario base = sc::load_scenario((first / "resolved.yaml").string());
  const std::vector<rn::SweepPoint> points = rn::design_points(design, base.run.seed);
  sc::SweepDesign d = design;
  d.file = (first / "design.yaml").string();
  finish_folder(out, d, points, rn::kpi_names(base), rows, resolved,
                points.size() * design.replications);
  const auto j = nlohmann::json::parse(read_file(out / kManifest));
  std::printf("%zu runs merged from %zu folders%s; outputs in %s/\n", j["runs"].get<std::size_t>(),
              c.merge_dirs.size(), j["complete"].get<bool>() ? "" : " (not every run is there)",
              out.string().c_str());
  return kExitOk;
}

}  // namespace surgesim::cli
