// SIGINT during `detgrad optimize`: the run writes a checkpoint after the step in flight,
// exits cleanly (code 0), and `--resume` ends bitwise equal to an uninterrupted run.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.hpp"

namespace detgrad::test {
namespace {

fs::path signal_study(const TempDir& dir) {
  nlohmann::json study = hello_world_json();
  study["optimization"] = {{"steps", 60}, {"muons_per_step", 20000}, {"checkpoint_every", 1000}, {"layout_every", 1000}};
  const fs::path path = dir / "study.json";
  write_text(path, study.dump(1));
  return path;
}

TEST(OptimizeSignal, InterruptThenResumeEqualsUninterrupted) {
  TempDir dir;
  const fs::path study = signal_study(dir);
  const fs::path interrupted = dir / "interrupted", whole = dir / "whole";
  // Start detgrad as a child process, interrupt it after a second, wait for it.
  const std::string binary = detgrad_binary();
  std::vector<std::string> args = {binary, "optimize", study.string(), "--out", interrupted.string(), "--backend", "cpu"};
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  // Once the first steps are in the history (the signal handlers are in place by then),
  // interrupt; however slow the machine is.
  const auto rows = [&] {
    std::ifstream history(interrupted / "history.csv");
    std::string line;
    long n = 0;
    while (std::getline(history, line)) ++n;
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline && rows() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "detgrad did not exit by itself after SIGINT";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(contains(read_text(interrupted / "log.txt"), "interrupted after step")) << read_text(interrupted / "log.txt");
  EXPECT_TRUE(fs::exists(interrupted / "checkpoint.json"));
  EXPECT_FALSE(fs::exists(interrupted / "layout_final.json")) << "the run finished before the signal";

  const CliRun resumed = run_detgrad({"optimize", study.string(), "--out", interrupted.string(), "--backend", "cpu",
                                      "--resume"},
                                     dir.path());
  ASSERT_EQ(resumed.exit_code, 0) << describe(resumed);
  const CliRun uninterrupted =
      run_detgrad({"optimize", study.string(), "--out", whole.string(), "--backend", "cpu"}, dir.path());
  ASSERT_EQ(uninterrupted.exit_code, 0) << describe(uninterrupted);
  EXPECT_EQ(read_text(interrupted / "layout_final.json"), read_text(whole / "layout_final.json"));
  EXPECT_EQ(read_text(interrupted / "checkpoint.json"), read_text(whole / "checkpoint.json"));
}

}  // namespace
}  // namespace detgrad::test
