// detgrad evaluate and the end of detgrad optimize through the CLI: a layout's figure of
// merit with its uncertainty; evaluation.json after a run; bad layouts exit with code 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>


#include "cli/cli_runner.hpp"
#include "detgrad/study/optimization_config.hpp"

namespace detgrad::test {
namespace {

// The hello-world study with a short optimisation section.
fs::path small_optimization_study(const TempDir& dir) {
  nlohmann::json study = hello_world_json();
  study["optimization"] = {{"steps", 3}, {"muons_per_step", 3000}, {"layout_every", 3}};
  const fs::path path = dir / "study.json";
  write_text(path, study.dump(1));
  return path;
}

TEST(EvaluateCli, OptimizeWritesAnEvaluationAndEvaluateReadsTheLayout) {
  TempDir dir;
  const fs::path study = small_optimization_study(dir);
  const CliRun opt = run_detgrad({"optimize", study.string(), "--out", (dir / "run").string()}, dir.path());
  ASSERT_EQ(opt.exit_code, 0) << describe(opt);
  const nlohmann::json evaluation = nlohmann::json::parse(read_text(dir / "run" / "evaluation.json"));
  // The resolved study in the run directory has the run's settings, defaults filled in.
  const nlohmann::json resolved = nlohmann::json::parse(read_text(dir / "run" / "study.json"));
  ASSERT_TRUE(resolved.contains("optimization")) << resolved.dump(1);
  EXPECT_EQ(resolved["optimization"]["steps"], 3);
  EXPECT_EQ(resolved["optimization"]["optimizer"], "adam");
  for (const char* which : {"initial", "final"}) {
    EXPECT_GT(evaluation[which]["task_loss"].get<double>(), 0.0);
    EXPECT_GT(evaluation[which]["task_loss_error"].get<double>(), 0.0);
    EXPECT_EQ(evaluation[which]["batches"].get<int>(), 10);
  }
  EXPECT_EQ(evaluation["initial"]["cost"].get<double>(), 8.0);  // 8 panels of 1 m^2
  const CliRun eval = run_detgrad({"evaluate", study.string(), "--layout", (dir / "run" / "layout_final.json").string(),
                                   "--muons", "20000", "--json", (dir / "e.json").string()},
                                  dir.path());
  ASSERT_EQ(eval.exit_code, 0) << describe(eval);
  EXPECT_TRUE(contains(eval.out, "+-")) << describe(eval);
  EXPECT_EQ(nlohmann::json::parse(read_text(dir / "e.json"))["muons"].get<int>(), 20000);
}

TEST(EvaluateCli, AStudyWithoutAnOptimizationSectionRecordsTheDefaultsItRanWith) {
  TempDir dir;
  const fs::path path = dir / "study.json";
  write_text(path, hello_world_json().dump(1));
  const CliRun opt = run_detgrad({"optimize", path.string(), "--out", (dir / "run").string(), "--steps", "1"}, dir.path());
  ASSERT_EQ(opt.exit_code, 0) << describe(opt);
  const nlohmann::json resolved = nlohmann::json::parse(read_text(dir / "run" / "study.json"));
  ASSERT_TRUE(resolved.contains("optimization")) << resolved.dump(1);
  EXPECT_EQ(resolved["optimization"]["steps"], 1);  // --steps
  EXPECT_EQ(resolved["optimization"]["muons_per_step"], OptimizationConfig{}.events_per_step);
}

TEST(EvaluateCli, BadLayoutsExitWithTwo) {
  TempDir dir;
  const fs::path study = small_optimization_study(dir);
  write_text(dir / "not_json.json", "{ panels: ");
  write_text(dir / "wrong_panel.json", R"({"panels": [{"name": "nowhere", "z_m": 1, "centre_m": [0, 0],
    "span_m": [1, 1], "sigma_m": 1e-4, "efficiency": 0.9}]})");
  write_text(dir / "no_panels.json", R"({"cost": 3})");
  for (const char* name : {"not_json.json", "wrong_panel.json", "no_panels.json", "missing.json"}) {
    const CliRun run = run_detgrad({"evaluate", study.string(), "--layout", (dir / name).string()}, dir.path());
    EXPECT_EQ(run.exit_code, 2) << describe(run);
    EXPECT_TRUE(contains(run.err, name)) << describe(run);
  }
}

}  // namespace
}  // namespace detgrad::test
