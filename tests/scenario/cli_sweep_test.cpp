// surgesim sweep: every point of a design, replications on common random numbers across points;
// a sweep killed at random moments and resumed equals an uninterrupted one; shards merged equal
// the whole.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "cli_fixture.hpp"

namespace {

const std::string kMajiabao = kScenarios + "/fengtai-majiabao.yaml";

fs::path design(const fs::path& dir, const std::string& text) {
  fs::create_directories(dir);
  std::ofstream(dir / "design.yaml") << text;
  return dir / "design.yaml";
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Starts the CLI (no shell between) and kills it with SIGKILL after `ms` milliseconds.
void run_and_kill(const std::string& args, int ms) {
  std::vector<std::string> words;
  std::istringstream in(args);
  for (std::string w; in >> w;) words.push_back(w);
  std::vector<char*> argv{const_cast<char*>(SURGESIM_CLI)};
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execv(SURGESIM_CLI, argv.data());
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

}  // namespace

TEST(CliSweep, GridPointsRowsAndSummaries) {
  const fs::path d = temp_dir("sweep-grid");
  const fs::path g = design(d / "in", R"(design: grid
replications: 3
parameters:
  "clinics[id=majiabao-fever].rooms": [2, 3]
  "clinics[id=majiabao-fever].doctors": [2, 3]
)");
  ASSERT_EQ(run("sweep " + kMajiabao + " --design " + g.string() + " --seed 4 --out " +
                (d / "out").string()),
            0);
  const std::string rows = slurp(d / "out" / "sweep.csv");
  EXPECT_EQ(lines(rows), 1u + 4 * 3);
  EXPECT_EQ(rows.rfind("point,replication,seed,clinics[id=majiabao-fever].rooms,"
                       "clinics[id=majiabao-fever].doctors,fever_arrivals,",
                       0),
            0u);
  EXPECT_NE(rows.find("\n3,2,4,3,3,"), std::string::npos);  // the last point, rooms 3, doctors 3
  EXPECT_EQ(lines(slurp(d / "out" / "sweep_summary.csv")), 1u + 4);
  const auto j = nlohmann::json::parse(slurp(d / "out" / "sweep.json"));
  EXPECT_TRUE(j["complete"].get<bool>());
  // Common random numbers: every point's replication r sees the same arrivals.
  ASSERT_EQ(run("run " + kMajiabao + " --seed 4 -r 3 --out " + (d / "run").string()), 0);
  const std::string reps = slurp(d / "run" / "replications.csv");
  const std::string first_rep = reps.substr(reps.find('\n') + 1);
  const std::string arrivals = first_rep.substr(4, first_rep.find(',', 4) - 4);  // "0,4,<arrivals>"
  EXPECT_NE(rows.find("\n0,0,4,2,2," + arrivals + ","), std::string::npos);
  EXPECT_NE(rows.find("\n3,0,4,3,3," + arrivals + ","), std::string::npos);
  // An unknown path is located and nothing is run.
  const fs::path bad = design(d / "bad", R"(design: grid
parameters:
  "clinics[id=nowhere].rooms": [2]
)");
  EXPECT_EQ(run("sweep " + kMajiabao + " --design " + bad.string() + " --out " +
                (d / "bad-out").string()),
            2);
  EXPECT_FALSE(fs::exists(d / "bad-out"));
  fs::remove_all(d);
}

TEST(CliSweep, OatLhsAndSobolDesigns) {
  const fs::path d = temp_dir("sweep-designs");
  const fs::path oat = design(d / "oat", R"(design: oat
replications: 2
parameters:
  "clinics[id=majiabao-fever].rooms": [3, 4]
  "drugs[ibuprofen].need_share": [0.3]
)");
  ASSERT_EQ(
      run("sweep " + kMajiabao + " --design " + oat.string() + " --out " + (d / "o").string()), 0);
  const std::string points = slurp(d / "o" / "design_points.csv");
  EXPECT_EQ(points,
            "point,clinics[id=majiabao-fever].rooms,drugs[ibuprofen].need_share\n"
            "0,,\n1,3,\n2,4,\n3,,0.3\n");
  for (const char* kind : {"lhs", "sobol"}) {
    const fs::path f = design(d / kind, std::string("design: ") + kind + R"(
replications: 1
points: 8
parameters:
  "clinics[id=majiabao-fever].rooms": {min: 1, max: 4, integer: true}
  "drugs[ibuprofen].need_share": {min: 0.2, max: 0.8}
  "run.start_date": {min: 2022-12-01, max: 2022-12-08}
)");
    ASSERT_EQ(run("sweep " + kMajiabao + " --design " + f.string() + " --out " +
                  (d / (std::string(kind) + "-out")).string()),
              0)
        << kind;
    const std::string p = slurp(d / (std::string(kind) + "-out") / "design_points.csv");
    EXPECT_EQ(lines(p), 9u) << kind;
    // A Latin hypercube puts one point in each eighth of every range.
    if (std::string(kind) == "lhs") {
      std::vector<int> eighths(8, 0);
      std::istringstream in(p);
      std::string line;
      std::getline(in, line);
      while (std::getline(in, line)) {
        const auto a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
        const double share = std::stod(line.substr(b + 1, c - b - 1));
        ++eighths[static_cast<std::size_t>((share - 0.2) / 0.6 * 8)];
      }
      EXPECT_EQ(eighths, std::vector<int>(8, 1));
    }
  }
  fs::remove_all(d);
}

TEST(CliSweep, AKilledSweepResumedEqualsAnUninterruptedOne) {
  const fs::path d = temp_dir("sweep-resume");
  const fs::path g = design(d / "in", R"(design: grid
replications: 20
parameters:
  "clinics[id=majiabao-fever].rooms": [2, 3, 4]
  "run.days": [60, 90]
)");
  const std::string args = "sweep " + kMajiabao + " --design " + g.string() + " --seed 3";
  ASSERT_EQ(run(args + " --out " + (d / "whole").string()), 0);
  const std::string whole = slurp(d / "whole" / "sweep.csv");
  // Killed at several moments, then resumed each time until it completes.
  int kills = 0, unfinished = 0;
  for (const int ms : {10, 25, 40, 60, 80}) {
    run_and_kill(args + " --out " + (d / "resumed").string() + (kills ? " --resume" : ""), ms);
    ++kills;
    unfinished += !fs::exists(d / "resumed" / "sweep.json");
  }
  EXPECT_GE(unfinished, 2);  // the kills did land in the middle of runs
  EXPECT_EQ(run(args + " --resume --out " + (d / "resumed").string()), 0);
  EXPECT_EQ(slurp(d / "resumed" / "sweep.csv"), whole);
  EXPECT_EQ(slurp(d / "resumed" / "sweep_summary.csv"), slurp(d / "whole" / "sweep_summary.csv"));
  // Without --resume an unfinished folder is refused; a finished one is replaced.
  run_and_kill(args + " --out " + (d / "again").string(), 5);
  if (!fs::exists(d / "again" / "sweep.json") && fs::exists(d / "again" / "sweep.csv")) {
    EXPECT_EQ(run(args + " --out " + (d / "again").string()), 2);
  }
  EXPECT_EQ(run(args + " --out " + (d / "whole").string()), 0);
  EXPECT_EQ(slurp(d / "whole" / "sweep.csv"), whole);
  fs::remove_all(d);
}

TEST(CliSweep, ShardsMergedEqualTheWholeSweep) {
  const fs::path d = temp_dir("sweep-shards");
  const fs::path g = design(d / "in", R"(design: grid
replications: 3
parameters:
  "clinics[id=majiabao-fever].rooms": [2, 3, 4]
)");
  const std::string args = "sweep " + kMajiabao + " --design " + g.string();
  ASSERT_EQ(run(args + " --out " + (d / "whole").string()), 0);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(run(args + " --shard " + std::to_string(i) + "/3 --out " +
                  (d / ("s" + std::to_string(i))).string()),
              0);
  }
  EXPECT_LT(lines(slurp(d / "s1" / "sweep.csv")), 1u + 9);
  ASSERT_EQ(run("sweep merge " + (d / "s1").string() + " " + (d / "s2").string() + " " +
                (d / "s3").string() + " --out " + (d / "merged").string()),
            0);
  EXPECT_EQ(slurp(d / "merged" / "sweep.csv"), slurp(d / "whole" / "sweep.csv"));
  EXPECT_EQ(slurp(d / "merged" / "sweep_summary.csv"), slurp(d / "whole" / "sweep_summary.csv"));
  EXPECT_EQ(run(args + " --shard 4/3 --out " + (d / "x").string()), 2);
  // Rows of another sweep are never mixed in: another seed cannot resume or merge with these.
  ASSERT_EQ(run(args + " --seed 77 --shard 1/3 --out " + (d / "other").string()), 0);
  EXPECT_EQ(run(args + " --seed 78 --resume --out " + (d / "other").string()), 2);
  EXPECT_EQ(run("sweep merge " + (d / "s1").string() + " " + (d / "other").string() + " --out " +
                (d / "mixed").string()),
            2);
  fs::remove_all(d);
}

// The same sweep handed out over MPI ranks (rank 0 keeps the folder, the other ranks run) gives
// the same files as on one machine.
TEST(CliSweep, MpiRanksGiveTheSameRowsAsOneMachine) {
  const fs::path d = temp_dir("sweep-mpi");
  const fs::path g = design(d / "in", R"(design: grid
replications: 4
parameters:
  "clinics[id=majiabao-fever].rooms": [2, 3]
  "clinics[id=majiabao-fever].drugs[ibuprofen].tablets_per_visit": [20, 10]
)");
  const std::string args = " sweep " + kMajiabao + " --design " + g.string() + " --seed 9";
  ASSERT_EQ(run(args + " --out " + (d / "local").string()), 0);
  const std::string mpirun = std::string(
                                 "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                                 "ASAN_OPTIONS=detect_leaks=0 ") +
                             SURGESIM_MPIEXEC + " -n 2 --oversubscribe " + SURGESIM_CLI;
  const int status = std::system(
      (mpirun + args + " --mpi --out " + (d / "mpi").string() + " >/dev/null 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  for (const char* f : {"sweep.csv", "sweep_summary.csv", "design_points.csv"})
    EXPECT_EQ(slurp(d / "mpi" / f), slurp(d / "local" / f)) << f;
  fs::remove_all(d);
}
