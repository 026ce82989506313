// The calorimeter task through the commands: validate, simulate (showers.csv, profile.csv,
// resolution.csv), evaluate, gradcheck (the response model's adjoint); optimize answers that
// there is no optimisation loop yet (exit 2);
// a bad study exits with 2 and writes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_main.hpp"

namespace detgrad::calorimeter {
namespace {

namespace fs = std::filesystem;

class CaloCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("detgrad_calo_cli_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static nlohmann::json default_study() {
    const char* root = std::getenv("DETGRAD_SOURCE_DIR");
    std::ifstream in(fs::path(root ? root : ".") / "configs/calorimeter/default.json");
    return nlohmann::json::parse(in);
  }
  fs::path write(const nlohmann::json& study, const std::string& name) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << study.dump(2);
    return p;
  }
  static int cli(const std::vector<std::string>& args) { return run_cli(args); }

  fs::path dir_;
};

std::size_t lines(const fs::path& p) {
  std::ifstream in(p);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST_F(CaloCli, SimulateAndEvaluate) {
  nlohmann::json s = default_study();
  s["save_showers"] = 5;
  const std::string study = write(s, "study.json").string();
  EXPECT_EQ(cli({"validate", study}), 0);
  const fs::path sim = dir_ / "sim";
  ASSERT_EQ(cli({"simulate", study, "--out", sim.string(), "--events", "20"}), 0);
  EXPECT_EQ(lines(sim / "showers.csv"), 1u + 3 * 5);   // header, 5 showers at each of 3 energies
  EXPECT_EQ(lines(sim / "resolution.csv"), 1u + 3);
  EXPECT_EQ(lines(sim / "profile.csv"), 1u + 3 * 20);  // 20 active layers
  EXPECT_EQ(cli({"evaluate", study, "--events", "20"}), 0);
  EXPECT_EQ(cli({"gradcheck", study}), 0);
  EXPECT_EQ(cli({"optimize", study, "--out", (dir_ / "opt").string()}), 2);  // no optimisation loop yet
  EXPECT_FALSE(fs::exists(dir_ / "opt"));
}

TEST_F(CaloCli, BadStudyExitsWithTwoAndWritesNothing) {
  nlohmann::json s = default_study();
  s["calorimeter"]["layers"][0]["slabs"][0]["thickness_m"] = -0.004;
  const fs::path out = dir_ / "bad";
  EXPECT_EQ(cli({"simulate", write(s, "bad.json").string(), "--out", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
  s = default_study();
  s["calorimeter"]["layers"][0]["slabs"][1]["material"] = "kryptonite";
  EXPECT_EQ(cli({"simulate", write(s, "bad2.json").string(), "--out", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace detgrad::calorimeter
