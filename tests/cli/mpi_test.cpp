// MPI data-parallel runs (mpirun -n R detgrad ...): the same results, byte for byte, on 1, 2
// and 3 ranks, for every task with a study in configs/ (3 oversubscribes this 2-core machine), one OpenMP thread per rank against two
// threads in one process; SIGTERM delivered to the ranks (as a batch scheduler does at the
// time limit) under 2 ranks, resumed under 3, ends identical to an uninterrupted run; a rank
// that fails (a missing study file on one rank) ends the whole job with its message and a
// non-zero exit code.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "cli/cli_runner.hpp"

namespace detgrad::test {
namespace {

#ifdef DETGRAD_HAVE_MPI
constexpr bool kBuiltWithMpi = true;
#else
constexpr bool kBuiltWithMpi = false;
#endif

// mpirun runs as root in CI's containers only when told that this is intended.
const std::string kMpirun =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -x OMP_NUM_THREADS=1";

fs::path small_study(const TempDir& dir, int steps) {
  nlohmann::json study = hello_world_json();
  study["optimization"] = {{"steps", steps}, {"muons_per_step", 20000}, {"checkpoint_every", 1000},
                           {"layout_every", 2}};
  const fs::path path = dir / "study.json";
  write_text(path, study.dump(1));
  return path;
}

CliRun run_ranks(int ranks, const std::vector<std::string>& args, const TempDir& dir) {
  std::string command = kMpirun + " -n " + std::to_string(ranks) + " " + shell_quote(detgrad_binary());
  for (const std::string& a : args) command += " " + shell_quote(a);
  return run_command(command, dir.path(), 600);
}

class Mpi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kBuiltWithMpi) GTEST_SKIP() << "skipped: detgrad was built without MPI (-DDETGRAD_MPI=OFF or no MPI found)";
  }
};

// optimize and gradcheck of `study` on one process (two threads) and on 1, 2 and 3 ranks (one
// thread each): the same bytes in every file that holds results.
void expect_the_same_on_any_number_of_ranks(const TempDir& dir, const fs::path& study, const std::string& name,
                                            const std::vector<std::string>& optimize_options,
                                            const std::vector<std::string>& files,
                                            const std::string& gradcheck_events = "1000") {
  std::vector<std::string> optimize = {"optimize", study.string(), "--backend", "cpu"};
  optimize.insert(optimize.end(), optimize_options.begin(), optimize_options.end());
  const auto with_out = [&](const std::string& out) {
    std::vector<std::string> args = optimize;
    args.insert(args.end(), {"--out", (dir / out).string()});
    return args;
  };
  const CliRun single = run_detgrad(with_out(name + "_single"), dir.path());
  ASSERT_EQ(single.exit_code, 0) << describe(single);
  const CliRun check = run_detgrad({"gradcheck", study.string(), "--events", gradcheck_events, "--json",
                                    (dir / (name + "_single.json")).string()},
                                   dir.path());
  ASSERT_EQ(check.exit_code, 0) << describe(check);
  for (int ranks : {1, 2, 3}) {
    const std::string out = name + "_ranks" + std::to_string(ranks);
    const CliRun run = run_ranks(ranks, with_out(out), dir);
    ASSERT_EQ(run.exit_code, 0) << describe(run);
    if (ranks > 1) {
      EXPECT_TRUE(contains(read_text(dir / out / "log.txt"), "MPI ranks")) << read_text(dir / out / "log.txt");
    }
    for (const std::string& file : files) {
      EXPECT_EQ(read_text(dir / out / file), read_text(dir / (name + "_single") / file))
          << name << ": " << file << " on " << ranks << " ranks";
    }
    const std::string json = (dir / (name + "_gradcheck" + std::to_string(ranks) + ".json")).string();
    const CliRun gradcheck =
        run_ranks(ranks, {"gradcheck", study.string(), "--events", gradcheck_events, "--json", json}, dir);
    ASSERT_EQ(gradcheck.exit_code, 0) << describe(gradcheck);
    EXPECT_EQ(read_text(json), read_text(dir / (name + "_single.json"))) << name << ": gradcheck JSON on " << ranks << " ranks";
  }
}

TEST_F(Mpi, TomographyGivesByteIdenticalResultsOnOneTwoAndThreeRanks) {
  TempDir dir;
  expect_the_same_on_any_number_of_ranks(dir, small_study(dir, 4), "tomography", {},
                                         {"history.csv", "layout_2.json", "layout_final.json", "checkpoint.json",
                                          "evaluation.json"});
}

// The SWGO default with 40 showers per step (three reduction blocks of 16,
// swgo/fisher_passes.hpp: 2 and 3 ranks each sum a share) and 100 template showers: the
// evaluation at the end of optimize (40 showers, fitted) and detgrad evaluate (120 showers:
// enough for the utility's error from 10 sub-batches) split their showers over the ranks and
// gather them, so every rank, and the files, hold what one process computes.
TEST_F(Mpi, SwgoGivesByteIdenticalResultsOnOneTwoAndThreeRanks) {
  TempDir dir;
  nlohmann::json study = nlohmann::json::parse(read_text(source_dir() / "configs" / "swgo" / "default.json"), nullptr,
                                               true, /*ignore_comments=*/true);
  study["optimization"]["events_per_step"] = 40;
  study["swgo"]["template_showers"] = 100;
  const fs::path path = dir / "swgo.json";
  write_text(path, study.dump(1));
  expect_the_same_on_any_number_of_ranks(dir, path, "swgo", {"--steps", "3"},
                                         {"history.csv", "layout_final.json", "checkpoint.json", "evaluation.json"},
                                         "20");
  const std::vector<std::string> evaluate = {"evaluate", path.string(), "--events", "120", "--backend", "cpu", "--json"};
  const auto with_json = [&](const std::string& name) {
    std::vector<std::string> args = evaluate;
    args.push_back((dir / name).string());
    return args;
  };
  const CliRun single = run_detgrad(with_json("evaluate_single.json"), dir.path());
  ASSERT_EQ(single.exit_code, 0) << describe(single);
  const nlohmann::json result = nlohmann::json::parse(read_text(dir / "evaluate_single.json"));
  ASSERT_EQ(result.at("showers").get<int>(), 120);
  // Showers that were fitted, and a utility with its error: the comparison below is of results.
  ASSERT_GT(result.at("converged").get<int>(), 0) << result.dump();
  ASSERT_GT(result.at("utility_error").get<double>(), 0.0) << result.dump();
  for (int ranks : {1, 2, 3}) {
    const std::string name = "evaluate_ranks" + std::to_string(ranks) + ".json";
    const CliRun run = run_ranks(ranks, with_json(name), dir);
    ASSERT_EQ(run.exit_code, 0) << describe(run);
    EXPECT_EQ(read_text(dir / name), read_text(dir / "evaluate_single.json")) << "evaluate JSON on " << ranks << " ranks";
    EXPECT_EQ(run.out, single.out) << "evaluate's report on " << ranks << " ranks";
  }
}

// The SWGO default with fitted errors and U_GF: 96 showers per step are three blocks of 32
// (fitted_passes.hpp), so 2 and 3 ranks each fit a share; U_GF's templates need every
// shower's separation entry on every rank.
TEST_F(Mpi, SwgoFittedErrorsGiveByteIdenticalResultsOnOneTwoAndThreeRanks) {
  TempDir dir;
  nlohmann::json study = nlohmann::json::parse(read_text(source_dir() / "configs" / "swgo" / "default.json"), nullptr,
                                               true, /*ignore_comments=*/true);
  study["swgo"]["optimization_errors"] = "fitted";
  study["optimization"]["events_per_step"] = 96;
  study["optimization"]["evaluation_events"] = 0;
  const fs::path path = dir / "swgo_fitted.json";
  write_text(path, study.dump(1));
  const auto optimize = [&](const std::string& out) {
    return std::vector<std::string>{"optimize", path.string(), "--backend", "cpu", "--steps", "2", "--out",
                                    (dir / out).string()};
  };
  const CliRun single = run_detgrad(optimize("single"), dir.path());
  ASSERT_EQ(single.exit_code, 0) << describe(single);
  const std::string history = read_text(dir / "single" / "history.csv");
  ASSERT_TRUE(contains(history, "U_GF")) << history;
  for (int ranks : {1, 2, 3}) {
    const std::string out = "ranks" + std::to_string(ranks);
    const CliRun run = run_ranks(ranks, optimize(out), dir);
    ASSERT_EQ(run.exit_code, 0) << describe(run);
    for (const std::string file : {"history.csv", "layout_final.json", "checkpoint.json"})
      EXPECT_EQ(read_text(dir / out / file), read_text(dir / "single" / file)) << file << " on " << ranks << " ranks";
  }
}

TEST_F(Mpi, MuoneGivesByteIdenticalResultsOnOneTwoAndThreeRanks) {
  TempDir dir;
  expect_the_same_on_any_number_of_ranks(dir, source_dir() / "configs" / "muone" / "default.json", "muone",
                                         {"--steps", "4"}, {"history.csv", "layout_final.json", "checkpoint.json"});
}

// detgrad align: the passes over the recorded events split over the ranks (alignment_solver:
// each rank sums a contiguous share of the blocks, rank 0 adds them in block order): the
// same bytes as one process with two threads.
TEST_F(Mpi, MuoneAlignGivesByteIdenticalResultsOnOneTwoAndThreeRanks) {
  TempDir dir;
  const std::string study = (source_dir() / "configs" / "muone" / "alignment.json").string();
  const std::string sim = (dir / "sim").string();
  const CliRun simulate = run_detgrad({"simulate", study, "--out", sim, "--events", "2000"}, dir.path());
  ASSERT_EQ(simulate.exit_code, 0) << describe(simulate);
  const CliRun single = run_detgrad({"align", study, "--data", sim, "--out", (dir / "single").string()}, dir.path(),
                                    {"OMP_NUM_THREADS=2"});
  ASSERT_EQ(single.exit_code, 0) << describe(single);
  for (int ranks : {1, 2, 3}) {
    const std::string out = "ranks" + std::to_string(ranks);
    const CliRun run = run_ranks(ranks, {"align", study, "--data", sim, "--out", (dir / out).string()}, dir);
    ASSERT_EQ(run.exit_code, 0) << describe(run);
    for (const std::string file : {"alignment_parameters.csv", "alignment_covariance.json", "alignment_residuals.csv",
                                   "alignment_pull_histograms.csv", "alignment_truth_comparison.csv", "q2_bias.csv",
                                   "aligned_study.json"})
      EXPECT_EQ(read_text(dir / out / file), read_text(dir / "single" / file)) << file << " on " << ranks << " ranks";
  }
}

TEST_F(Mpi, SigtermUnderTwoRanksThenResumeUnderThreeEqualsUninterrupted) {
  TempDir dir;
  const fs::path study = small_study(dir, 40);
  const fs::path interrupted = dir / "interrupted";
  const std::string command = kMpirun + " -n 2 " + shell_quote(detgrad_binary()) + " optimize " +
                              shell_quote(study.string()) + " --out " + shell_quote(interrupted.string()) +
                              " --backend cpu > " + shell_quote((dir / "interrupted.log").string()) + " 2>&1";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setpgid(0, 0);
    execl("/bin/sh", "sh", "-c", ("exec env " + command).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Once the first steps are in the history, SIGTERM to the ranks (mpirun's children).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  const auto rows = [&] {
    if (!fs::exists(interrupted / "history.csv")) return 0l;
    const std::string text = read_text(interrupted / "history.csv");
    return long(std::count(text.begin(), text.end(), '\n'));
  };
  while (std::chrono::steady_clock::now() < deadline && rows() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(std::system(("pkill -TERM -P " + std::to_string(pid)).c_str()), 0) << "no rank to signal";
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  const std::string log = read_text(interrupted / "log.txt");
  EXPECT_TRUE(contains(log, "interrupted after step")) << log << read_text(dir / "interrupted.log");
  EXPECT_FALSE(fs::exists(interrupted / "layout_final.json")) << "the run finished before the signal";

  const CliRun resumed =
      run_ranks(3, {"optimize", study.string(), "--out", interrupted.string(), "--backend", "cpu", "--resume"}, dir);
  ASSERT_EQ(resumed.exit_code, 0) << describe(resumed);
  const CliRun whole = run_detgrad({"optimize", study.string(), "--out", (dir / "whole").string(), "--backend", "cpu"},
                                   dir.path());
  ASSERT_EQ(whole.exit_code, 0) << describe(whole);
  for (const char* file : {"history.csv", "layout_final.json", "checkpoint.json"}) {
    EXPECT_EQ(read_text(interrupted / file), read_text(dir / "whole" / file)) << file;
  }
}

TEST_F(Mpi, ARankThatFailsEndsTheJobWithItsMessage) {
  TempDir dir;
  const fs::path study = small_study(dir, 200);
  const std::string missing = (dir / "no_such_study.json").string();
  // Rank 0 runs a good study and waits for rank 1 in the first pass; rank 1 cannot read its file.
  const std::string command = kMpirun + " -n 1 " + shell_quote(detgrad_binary()) + " optimize " +
                              shell_quote(study.string()) + " --out " + shell_quote((dir / "run").string()) +
                              " --backend cpu : -n 1 " + shell_quote(detgrad_binary()) + " optimize " +
                              shell_quote(missing) + " --out " + shell_quote((dir / "run").string()) + " --backend cpu";
  const auto start = std::chrono::steady_clock::now();
  const CliRun run = run_command(command, dir.path(), 120);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.err + run.out, "cannot open the study file")) << describe(run);
  EXPECT_FALSE(fs::exists(dir / "run" / "layout_final.json")) << "rank 0 ran on alone";
  EXPECT_LT(seconds, 60.0) << "the job did not end promptly";
}

}  // namespace
}  // namespace detgrad::test
