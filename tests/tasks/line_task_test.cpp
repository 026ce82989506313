// The seam between the engine and its tasks: a task defined only here ("line", see
// line_task.hpp) registers itself and runs through validate, simulate, gradcheck, optimize,
// evaluate and scan, with no change to any command; studies are routed by their task and
// keys of another task are refused with whose they are.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli/cli_main.hpp"
#include "detgrad/core/error.hpp"
#include "tasks/line_task.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::test {
namespace {

namespace fs = std::filesystem;

const bool registered = [] {
  tasks::register_task(line_task_definition());
  return true;
}();

class LineTask : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(registered);
    dir_ = fs::temp_directory_path() / ("detgrad_line_task_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write_study(const std::string& text) {
    const fs::path path = dir_ / "line.json";
    std::ofstream(path) << text;
    return path;
  }
  static std::string study_text() {
    return R"({"task": "line", "name": "line_fit", "seed": 3,
               "line": {"z_m": [0.0, 0.05], "sigma_m": 0.001, "cost_per_m2": 0.01, "tracks": 1000},
               "optimization": {"steps": 40, "events_per_step": 1000, "step_size": {"plane_z": 0.01},
                                "checkpoint_every": 5, "layout_every": 20}})";
  }
  static int cli(std::vector<std::string> args) { return run_cli(args); }

  fs::path dir_;
};

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST_F(LineTask, IsRegisteredAfterTheBuiltInTasks) {
  const auto all = tasks::registered_tasks();
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all.front()->name, "tomography");
  EXPECT_EQ(all.back()->name, "line");
  EXPECT_EQ(tasks::find_task("line"), all.back());
  EXPECT_THROW(tasks::register_task(line_task_definition()), std::logic_error);
}

TEST_F(LineTask, RunsThroughEveryCommand) {
  const std::string study = write_study(study_text()).string();
  EXPECT_EQ(cli({"validate", study}), 0);

  const fs::path sim = dir_ / "sim";
  ASSERT_EQ(cli({"simulate", study, "--out", sim.string(), "--events", "300"}), 0);
  const nlohmann::json summary = read_json(sim / "summary.json");
  EXPECT_EQ(summary["task"], "line");
  EXPECT_EQ(summary["tracks"], 300);
  EXPECT_GT(summary["slope_mse"].get<double>(), 0.0);
  EXPECT_TRUE(fs::exists(sim / "tracks.csv"));
  EXPECT_EQ(read_json(sim / "study.json")["line"]["tracks"], 300);  // the override is recorded

  const fs::path check = dir_ / "check.json";
  ASSERT_EQ(cli({"gradcheck", study, "--json", check.string()}), 0);
  const nlohmann::json gradcheck = read_json(check);
  EXPECT_TRUE(gradcheck["passed"].get<bool>());
  ASSERT_EQ(gradcheck["parameters"].size(), 2u);
  for (const auto& p : gradcheck["parameters"]) EXPECT_LT(p["relative_error"].get<double>(), 1e-6) << p.dump();

  const fs::path run = dir_ / "run";
  ASSERT_EQ(cli({"optimize", study, "--out", run.string()}), 0);
  for (const char* file : {"history.csv", "layout_20.json", "layout_final.json", "checkpoint.json", "evaluation.json",
                           "study.json", "log.txt"}) {
    EXPECT_TRUE(fs::exists(run / file)) << file;
  }
  // The lever arm grows toward its optimum d = (2 sigma^2 / c)^(1/4) = 0.119 m, and the
  // evaluation-mode slope error falls.
  const nlohmann::json final_layout = read_json(run / "layout_final.json");
  const double d = final_layout["z_m"][1].get<double>() - final_layout["z_m"][0].get<double>();
  EXPECT_GT(d, 0.08);
  const nlohmann::json evaluation = read_json(run / "evaluation.json");
  EXPECT_LT(evaluation["final"]["slope_mse"].get<double>(), evaluation["initial"]["slope_mse"].get<double>());

  const fs::path evaluated = dir_ / "evaluated.json";
  // optimize evaluates with 10 x the events of a step.
  ASSERT_EQ(cli({"evaluate", study, "--layout", (run / "layout_final.json").string(), "--events", "10000", "--json",
                 evaluated.string()}),
            0);
  EXPECT_DOUBLE_EQ(read_json(evaluated)["slope_mse"].get<double>(), evaluation["final"]["slope_mse"].get<double>());

  const fs::path scan = dir_ / "scan";
  ASSERT_EQ(cli({"scan", study, "--param", "plane_z[1]=0.05:0.25:5", "--out", scan.string()}), 0);
  const nlohmann::json table = read_json(scan / "scan.json");
  ASSERT_EQ(table["points"].size(), 5u);
  // Same tracks at every point: the slope error falls as 1/d^2.
  const double first = table["points"][0]["figure"].get<double>(), last = table["points"][4]["figure"].get<double>();
  EXPECT_NEAR(first / last, 25.0, 1e-9);
  EXPECT_TRUE(fs::exists(scan / "scan.csv"));
}

// optimization.evaluation_events sets the size of the evaluation after the last step, and 0
// skips it.
TEST_F(LineTask, EvaluationEventsSizeOrSkipTheFinalEvaluation) {
  nlohmann::json j = nlohmann::json::parse(study_text());
  j["optimization"]["steps"] = 5;
  j["optimization"]["evaluation_events"] = 2500;
  const fs::path sized = dir_ / "sized";
  ASSERT_EQ(cli({"optimize", write_study(j.dump()).string(), "--out", sized.string()}), 0);
  const fs::path evaluated = dir_ / "evaluated.json";
  ASSERT_EQ(cli({"evaluate", (dir_ / "line.json").string(), "--layout", (sized / "layout_final.json").string(),
                 "--events", "2500", "--json", evaluated.string()}),
            0);
  EXPECT_DOUBLE_EQ(read_json(evaluated)["slope_mse"].get<double>(),
                   read_json(sized / "evaluation.json")["final"]["slope_mse"].get<double>());

  j["optimization"]["evaluation_events"] = 0;
  const fs::path skipped = dir_ / "skipped";
  ASSERT_EQ(cli({"optimize", write_study(j.dump()).string(), "--out", skipped.string()}), 0);
  EXPECT_TRUE(fs::exists(skipped / "layout_final.json"));
  EXPECT_FALSE(fs::exists(skipped / "evaluation.json"));
  std::ifstream log(skipped / "log.txt");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("no evaluation of the initial and final layouts"), std::string::npos) << text;
}

TEST_F(LineTask, KeysOfAnotherTaskAreRefusedWithWhoseTheyAre) {
  try {
    tasks::read_task_study(nlohmann::json::parse(R"({"task": "line", "line": {}, "volume": {}})"));
    FAIL() << "a line study with a volume was accepted";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("volume: a line study"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("belongs to tomography studies"), std::string::npos) << e.what();
  }
  try {
    tasks::read_task_study(nlohmann::json::parse(R"({"muons": 10, "line": {}})"));
    FAIL() << "a study with a line section and a tomography key was accepted";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("muons: a line study"), std::string::npos) << e.what();
  }
  try {
    tasks::read_task_study(nlohmann::json::parse(R"({"task": "tomography", "line": {}})"));
    FAIL() << "a tomography study with a line section was accepted";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("line: a tomography study"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("belongs to line studies"), std::string::npos) << e.what();
  }
  EXPECT_THROW(tasks::read_task_study(nlohmann::json::parse(R"({"task": "lines"})")), StudyError);
  // The section alone chooses the task; a tomography study needs no task key.
  EXPECT_EQ(tasks::read_task_study(nlohmann::json::parse(R"({"line": {}})"))->common().task, "line");
  EXPECT_EQ(tasks::read_task_study(nlohmann::json::parse(R"({"muons": 1000})"))->common().task, "tomography");
}

TEST_F(LineTask, BadArgumentsAndStudiesExitWithTwo) {
  const std::string study = write_study(study_text()).string();
  EXPECT_EQ(cli({"scan", study, "--param", "plane_q=0:1:3", "--out", (dir_ / "s").string()}), 2);
  EXPECT_EQ(cli({"scan", study, "--param", "plane_z[1]=0.05:5:3", "--out", (dir_ / "s").string()}), 2);  // beyond bounds
  EXPECT_FALSE(fs::exists(dir_ / "s"));
  const std::string bad = write_study(R"({"task": "line", "line": {"z_m": [0.2, 0.1]}})").string();
  EXPECT_EQ(cli({"simulate", bad, "--out", (dir_ / "bad").string()}), 2);
  EXPECT_FALSE(fs::exists(dir_ / "bad"));
}

}  // namespace
}  // namespace detgrad::test
