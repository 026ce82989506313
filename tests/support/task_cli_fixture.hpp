#pragma once
// A task's commands run in-process (run_cli) in a fresh folder of the test's own, with the
// task's ready study (configs/<task>/default.json) as the starting point.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_main.hpp"

namespace detgrad::test {

class TaskCliTest : public ::testing::Test {
 protected:
  explicit TaskCliTest(std::string task) : task_(std::move(task)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("detgrad_" + task_ + "_cli_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  nlohmann::json default_study() const {
    const char* root = std::getenv("DETGRAD_SOURCE_DIR");
    std::ifstream in(std::filesystem::path(root ? root : ".") / "configs" / task_ / "default.json");
    return nlohmann::json::parse(in);
  }
  std::filesystem::path write(const nlohmann::json& study, const std::string& name) const {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p) << study.dump(2);
    return p;
  }
  static int cli(const std::vector<std::string>& args) { return run_cli(args); }

  std::string task_;
  std::filesystem::path dir_;
};

// The number of lines of a text file (a CSV's header included).
inline std::size_t count_lines(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

}  // namespace detgrad::test
