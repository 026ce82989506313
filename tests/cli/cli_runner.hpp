#pragma once
// Running the built detgrad CLI from a test: the binary is $DETGRAD_BINARY, the source tree
// $DETGRAD_SOURCE_DIR (both set by tests/CMakeLists.txt for tests named cli_*). Each run's
// stdout and stderr are captured through files in a scratch directory that is removed,
// with everything written into it, when the test ends.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace detgrad::test {

namespace fs = std::filesystem;

inline std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) throw std::runtime_error(std::string(name) + " is not set (run this test through ctest)");
  return value;
}

inline std::string detgrad_binary() { return required_env("DETGRAD_BINARY"); }
inline fs::path source_dir() { return required_env("DETGRAD_SOURCE_DIR"); }
inline fs::path hello_world_study() { return source_dir() / "configs" / "tomography" / "hello_world.json"; }

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The default study as JSON (its // comments dropped), to derive test studies from.
inline nlohmann::json hello_world_json() {
  return nlohmann::json::parse(read_text(hello_world_study()), nullptr, true, /*ignore_comments=*/true);
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A fresh directory under the system's temporary directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "detgrad_cli_XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

struct CliRun {
  std::string command;
  int exit_code = -1;  // the process's exit status; 124 if it ran past kRunTimeLimit_s
  std::string out, err;
};

// For failure messages: the command line, its exit code and what it printed.
inline std::string describe(const CliRun& run) {
  return "command: " + run.command + "\nexit code: " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out +
         "\nstderr:\n" + run.err;
}

inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Every run here takes a few seconds at most; a run that does not end within this is
// stopped (exit code 124), so that a regression fails the test instead of hanging it.
constexpr int kRunTimeLimit_s = 30;

// The environment's DETGRAD_TEST_TIME_SCALE (a number >= 1, default 1) multiplies every
// limit: instrumented builds run several times slower (scripts/sanitize sets 10).
inline int scaled_time_limit_s(int time_limit_s) {
  const char* text = std::getenv("DETGRAD_TEST_TIME_SCALE");
  const double scale = text && *text ? std::atof(text) : 1.0;
  return scale > 1.0 ? int(time_limit_s * scale) : time_limit_s;
}

// Runs a shell command line with stdin from /dev/null and stdout and stderr captured in
// files under `scratch`; stopped after `time_limit_s` (exit code 124).
inline CliRun run_command(const std::string& command, const fs::path& scratch, int time_limit_s = kRunTimeLimit_s) {
  static int serial = 0;
  const std::string tag = std::to_string(++serial);
  const fs::path out_file = scratch / ("stdout_" + tag + ".txt"), err_file = scratch / ("stderr_" + tag + ".txt");
  CliRun run;
  run.command = command;
  const std::string shell = "timeout -k 5 " + std::to_string(scaled_time_limit_s(time_limit_s)) + " env " + command +
                            " </dev/null >" +
                            shell_quote(out_file.string()) + " 2>" + shell_quote(err_file.string());
  const int status = std::system(shell.c_str());
  if (status == -1) throw std::runtime_error("cannot run: " + shell);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  run.out = read_text(out_file);
  run.err = read_text(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return run;
}

// Runs `detgrad args...` with `environment` assignments ("OMP_NUM_THREADS=1") added.
inline CliRun run_detgrad(const std::vector<std::string>& args, const fs::path& scratch,
                          const std::vector<std::string>& environment = {}) {
  std::string command;
  for (const auto& assignment : environment) command += assignment + " ";
  command += shell_quote(detgrad_binary());
  for (const auto& arg : args) command += " " + shell_quote(arg);
  return run_command(command, scratch);
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace detgrad::test
