// detgrad align through the CLI: simulate a misaligned station, align it, every output
// written, the aligned study accepted by validate and simulate; bad input (no run
// directory, no hits file, data of another station, a misalignment naming an unknown
// module) exits with 2 and writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/task_cli_fixture.hpp"

namespace detgrad::muone {
namespace {

namespace fs = std::filesystem;

class MuoneAlignCli : public test::TaskCliTest {
 protected:
  MuoneAlignCli() : TaskCliTest("muone") {}

  nlohmann::json misaligned_study() const {
    nlohmann::json s = default_study();
    s["task"] = "muone";
    s["save_events"] = 10;
    s["muone"]["misalignment"] = {{"seed", 5},
                                  {"widths", {{"du_m", 3e-5}, {"rot_z_rad", 3e-4}, {"target_dz_m", 1e-4}}},
                                  {"modules", {{{"name", "out_u"}, {"du_m", 5e-5}}}}};
    s["muone"]["alignment"] = {{"iterations", 2}};
    return s;
  }
};

using test::count_lines;

TEST_F(MuoneAlignCli, SimulateAlignAndUseTheAlignedStudy) {
  const std::string study = write(misaligned_study(), "study.json").string();
  const fs::path sim = dir_ / "sim";
  ASSERT_EQ(cli({"simulate", study, "--out", sim.string(), "--events", "1500"}), 0);
  EXPECT_EQ(count_lines(sim / "hits.csv"), 3001u);  // header, 1500 elastic events, 1500 beam muons
  EXPECT_TRUE(fs::exists(sim / "alignment_truth.json"));

  const fs::path out = dir_ / "aligned";
  ASSERT_EQ(cli({"align", study, "--data", sim.string(), "--out", out.string()}), 0);
  for (const char* f : {"alignment_parameters.csv", "alignment_covariance.json", "alignment_residuals.csv",
                        "alignment_iterations.csv", "aligned_study.json", "alignment_summary.json", "study.json",
                        "alignment_pull_histograms.csv"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_EQ(count_lines(out / "alignment_parameters.csv"), 1u + 6u * 12u + 3u);
  EXPECT_EQ(count_lines(out / "alignment_iterations.csv"), 1u + 3u);
  EXPECT_EQ(count_lines(out / "alignment_pull_histograms.csv"), 1u + 2u * 13u * 40u);  // 2 stages, 12 modules and the target row
  // The truth in the run directory: the fitted parameters against it, and the q2 bias of the
  // nominal, aligned, true-in-gauge and aligned-with-the-true-target geometries per q2 bin.
  EXPECT_TRUE(fs::exists(out / "alignment_truth_comparison.csv"));
  std::ifstream q2(out / "q2_bias.csv");
  std::string header;
  std::getline(q2, header);
  for (const char* column : {"nominal_minus_true,", "aligned_minus_true,", "true_in_fit_gauge_minus_true,",
                             "aligned_with_true_target_minus_true,", "alignment_uncertainty"})
    EXPECT_NE(header.find(column), std::string::npos) << column;
  std::ifstream in(out / "alignment_summary.json");
  const nlohmann::json summary = nlohmann::json::parse(in);
  EXPECT_GT(summary["chi2_per_ndf_nominal"].get<double>(), 1.1);
  EXPECT_LT(summary["chi2_per_ndf_aligned"].get<double>(), 1.05);

  const std::string aligned = (out / "aligned_study.json").string();
  EXPECT_EQ(cli({"validate", aligned}), 0);
  EXPECT_EQ(cli({"simulate", aligned, "--out", (dir_ / "resim").string(), "--events", "500"}), 0);
  EXPECT_EQ(count_lines(dir_ / "resim" / "hits.csv"), 1001u);
}

TEST_F(MuoneAlignCli, BadInputExitsWithTwoAndWritesNothing) {
  const nlohmann::json s = misaligned_study();
  const std::string study = write(s, "study.json").string();
  const fs::path out = dir_ / "out";
  // No run directory; a run directory without hits (a study without misalignment).
  EXPECT_EQ(cli({"align", study, "--data", (dir_ / "missing").string(), "--out", out.string()}), 2);
  nlohmann::json plain = default_study();
  plain["save_events"] = 5;
  const fs::path plain_run = dir_ / "plain";
  ASSERT_EQ(cli({"simulate", write(plain, "plain.json").string(), "--out", plain_run.string(), "--events", "300"}), 0);
  EXPECT_FALSE(fs::exists(plain_run / "hits.csv"));
  EXPECT_EQ(cli({"align", study, "--data", plain_run.string(), "--out", out.string()}), 2);
  // Data of another station: a module moved.
  nlohmann::json other = s;
  other["muone"]["modules"][8]["z_m"] = 0.5;
  const fs::path other_run = dir_ / "other";
  ASSERT_EQ(cli({"simulate", write(other, "other.json").string(), "--out", other_run.string(), "--events", "300"}), 0);
  EXPECT_EQ(cli({"align", study, "--data", other_run.string(), "--out", out.string()}), 2);
  // A misalignment naming an unknown module.
  nlohmann::json unknown = s;
  unknown["muone"]["misalignment"]["modules"][0]["name"] = "out_w";
  EXPECT_EQ(cli({"simulate", write(unknown, "unknown.json").string(), "--out", out.string()}), 2);
  EXPECT_EQ(cli({"align", write(unknown, "unknown.json").string(), "--data", other_run.string(), "--out", out.string()}), 2);
  // align without --data.
  EXPECT_EQ(cli({"align", study, "--out", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace detgrad::muone
