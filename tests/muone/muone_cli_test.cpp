// The MUonE task through the commands: validate, simulate (events.csv, resolution.csv),
// gradcheck, a short optimize (history, layouts, the initial and final resolution curves),
// evaluate of the final layout and a scan; a bad study exits with 2 and writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/task_cli_fixture.hpp"

namespace detgrad::muone {
namespace {

namespace fs = std::filesystem;

class MuoneCli : public test::TaskCliTest {
 protected:
  MuoneCli() : TaskCliTest("muone") {}
};

using test::count_lines;

TEST_F(MuoneCli, RunsThroughEveryCommand) {
  nlohmann::json s = default_study();
  s["save_events"] = 50;
  s["optimization"]["steps"] = 3;
  s["optimization"]["events_per_step"] = 5000;
  const std::string study = write(s, "study.json").string();
  EXPECT_EQ(cli({"validate", study}), 0);

  const fs::path sim = dir_ / "sim";
  ASSERT_EQ(cli({"simulate", study, "--out", sim.string(), "--events", "5000"}), 0);
  EXPECT_EQ(count_lines(sim / "events.csv"), 51u);
  EXPECT_EQ(count_lines(sim / "resolution.csv"), 6u);  // header and 5 bins

  EXPECT_EQ(cli({"gradcheck", study}), 0);  // the default 2e4 events

  const fs::path run = dir_ / "run";
  ASSERT_EQ(cli({"optimize", study, "--out", run.string()}), 0);
  for (const char* f : {"history.csv", "layout_final.json", "evaluation.json", "resolution_initial.csv",
                        "resolution_final.csv", "study.json"})
    EXPECT_TRUE(fs::exists(run / f)) << f;
  EXPECT_EQ(count_lines(run / "history.csv"), 4u);
  ASSERT_EQ(cli({"evaluate", study, "--layout", (run / "layout_final.json").string(), "--events", "5000"}), 0);
  ASSERT_EQ(cli({"scan", study, "--param", "out_u.z_m=0.3:0.5:3", "--events", "3000", "--out", (dir_ / "scan").string()}),
            0);
  EXPECT_EQ(count_lines(dir_ / "scan" / "scan.csv"), 4u);
}

TEST_F(MuoneCli, BadStudyExitsWithTwoAndWritesNothing) {
  nlohmann::json s = default_study();
  s["muone"]["modules"][4]["sigma_m"] = 0.0;
  const fs::path out = dir_ / "bad";
  EXPECT_EQ(cli({"simulate", write(s, "bad.json").string(), "--out", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
  s = default_study();
  s["muone"]["electron_energy_GeV"] = nlohmann::json::array({1.0, 151.0});
  EXPECT_EQ(cli({"optimize", write(s, "bad2.json").string(), "--out", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace detgrad::muone
