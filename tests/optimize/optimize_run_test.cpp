// The optimisation loop on the tomography task: a short run lowers the loss (judged on the
// same muons before and after), constraints hold after every step, a resumed run ends
// bitwise equal to an uninterrupted one, NaN gradients are rolled back, and corrupted or
// foreign checkpoints are refused.
#include "optimize/optimize_run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "cli/cli_options.hpp"
#include "detgrad/core/error.hpp"
#include "detgrad/tomography/study_json.hpp"
#include "tomography/support/tomography_study.hpp"
#include "tomography/tomography_optimization.hpp"

namespace detgrad::optimize {
namespace {

namespace fs = std::filesystem;

// Hello world with the panels moved 30 cm off the volume in x: moving them back pays.
TomographyStudyConfig offset_study(std::uint32_t steps) {
  TomographyStudyConfig s = test::hello_world_tomography(1);
  for (PanelConfig& p : s.tomography->panels) p.centre_m[0] += 0.3;
  OptimizationConfig o;
  o.steps = steps;
  o.events_per_step = 4000;
  o.checkpoint_every = 3;
  o.layout_every = 100;
  s.optimization = o;
  return s;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("detgrad_optimize_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<double> final_parameters(const tomography::TomographyOptimization& task, const fs::path& dir) {
  const nlohmann::json layout = nlohmann::json::parse(read_file(dir / "layout_final.json"));
  std::vector<double> x;
  for (const auto& p : layout["panels"]) {
    x.insert(x.end(), {p["z_m"].get<double>(), p["centre_m"][0].get<double>(), p["centre_m"][1].get<double>(),
                       p["span_m"][0].get<double>(), p["span_m"][1].get<double>(), p["sigma_m"].get<double>(),
                       p["efficiency"].get<double>()});
  }
  EXPECT_EQ(x.size(), task.initial().size());
  return x;
}

TEST(OptimizeRun, ShortRunLowersTheLossAndKeepsConstraints) {
  const TomographyStudyConfig study = offset_study(12);
  const tomography::TomographyOptimization task(study, Backend::cpu);
  const fs::path dir = fresh_dir("short");
  RunLog log(dir / "log.txt");
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, std::nullopt, false}, log);
  const std::vector<double> x0 = task.initial(), x1 = final_parameters(task, dir);
  // Same muons (step 1000, 20000 of them) for both layouts.
  const double before = task.evaluate(x0, 1000, 20000).loss, after = task.evaluate(x1, 1000, 20000).loss;
  EXPECT_LT(after, before);
  // Every parameter row of the history within bounds, panels in order.
  const std::vector<ParameterSpec> specs = task.design().parameters;
  std::ifstream history(dir / "history.csv");
  std::string line;
  std::getline(history, line);
  const std::size_t first_parameter_column = 2 + 4;  // step, loss, 4 loss terms
  int rows = 0;
  while (std::getline(history, line)) {
    std::stringstream cells(line);
    std::string cell;
    std::vector<double> values;
    while (std::getline(cells, cell, ',')) values.push_back(std::stod(cell));
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const double v = values[first_parameter_column + i];
      EXPECT_GE(v, specs[i].lower) << specs[i].name;
      EXPECT_LE(v, specs[i].upper) << specs[i].name;
    }
    for (int k = 1; k < 4; ++k) EXPECT_LT(values[first_parameter_column + 7 * k], values[first_parameter_column + 7 * (k - 1)]);
    ++rows;
  }
  EXPECT_EQ(rows, 12);
  // timing.csv: per step the time since the start (growing), the evaluation's and the
  // projection's own times, which fit inside the step.
  std::ifstream timing(dir / "timing.csv");
  std::getline(timing, line);
  EXPECT_EQ(line, "step,wall_seconds,ranks,threads_per_rank,evaluate_seconds,project_seconds");
  double previous_end = 0;
  int timing_rows = 0;
  while (std::getline(timing, line)) {
    std::stringstream cells(line);
    std::string cell;
    std::vector<double> values;
    while (std::getline(cells, cell, ',')) values.push_back(std::stod(cell));
    ASSERT_EQ(values.size(), 6u) << line;
    EXPECT_EQ(values[0], timing_rows);
    EXPECT_GT(values[4], 0.0) << line;
    EXPECT_GE(values[5], 0.0) << line;
    EXPECT_LE(values[4] + values[5], values[1] - previous_end) << line;
    previous_end = values[1];
    ++timing_rows;
  }
  EXPECT_EQ(timing_rows, 12);
  fs::remove_all(dir);
}

TEST(OptimizeRun, ProjectionKeepsTheGapBetweenPanelsInsideTheAllowedRange) {
  TomographyStudyConfig study = offset_study(1);
  study.tomography->min_panel_gap_m = 0.05;
  const tomography::TomographyOptimization task(study, Backend::cpu);
  std::vector<double> x = task.initial();
  // Every panel at the volume's top (above) or bottom (below): the gaps must open inside
  // the allowed heights, not push panels into the volume.
  const double z_bottom = 0.2, z_top = 0.8;
  for (int k = 0; k < 8; ++k) x[std::size_t(7 * k)] = k < 4 ? z_top : z_bottom;
  task.project(x);
  for (int k = 0; k < 8; ++k) {
    const double z = x[std::size_t(7 * k)];
    if (k < 4) {
      EXPECT_GE(z, z_top - 1e-12) << k;
    } else {
      EXPECT_LE(z, z_bottom + 1e-12) << k;
    }
    if (k != 0 && k != 4) {
      EXPECT_GE(x[std::size_t(7 * (k - 1))] - z, 0.05 - 1e-12) << k;
    }
  }
}

TEST(OptimizeRun, FrozenGroupsKeepTheirInitialValues) {
  TomographyStudyConfig study = offset_study(3);
  study.optimization->frozen = {"panel_sigma", "panel_efficiency"};
  const tomography::TomographyOptimization task(study, Backend::cpu);
  const fs::path dir = fresh_dir("frozen");
  RunLog log(dir / "log.txt");
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, std::nullopt, false}, log);
  const std::vector<double> x0 = task.initial(), x1 = final_parameters(task, dir);
  bool moved = false;
  for (std::size_t i = 0; i < x0.size(); ++i) {
    if (i % 7 >= 5) EXPECT_EQ(x1[i], x0[i]) << i;  // sigma, efficiency
    else moved = moved || x1[i] != x0[i];
  }
  EXPECT_TRUE(moved);
  study.optimization->frozen = {"panel_colour"};
  EXPECT_THROW(run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, std::nullopt, false}, log), StudyError);
  fs::remove_all(dir);
}

TEST(OptimizeRun, ResumeEqualsUninterrupted) {
  const TomographyStudyConfig study = offset_study(7);
  const tomography::TomographyOptimization task(study, Backend::cpu);
  const fs::path a = fresh_dir("whole"), b = fresh_dir("resumed");
  RunLog log_a(a / "log.txt"), log_b(b / "log.txt");
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {a, std::nullopt, false}, log_a);
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {b, 4u, false}, log_b);  // stops after 4 steps
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {b, std::nullopt, true}, log_b);
  EXPECT_EQ(read_file(a / "layout_final.json"), read_file(b / "layout_final.json"));
  EXPECT_EQ(read_file(a / "checkpoint.json"), read_file(b / "checkpoint.json"));
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(OptimizeRun, RefusesCorruptedOrForeignCheckpoints) {
  const TomographyStudyConfig study = offset_study(3);
  const tomography::TomographyOptimization task(study, Backend::cpu);
  const fs::path dir = fresh_dir("refuse");
  RunLog log(dir / "log.txt");
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, std::nullopt, false}, log);
  EXPECT_THROW(run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, std::nullopt, false}, log), StudyError);  // holds a run
  TomographyStudyConfig other = study;
  other.seed = 99;
  EXPECT_THROW(run_optimization(detgrad::to_json(other), other.optimization.value_or(OptimizationConfig{}), task, {dir, 5u, true}, log), StudyError);  // another study
  std::string text = read_file(dir / "checkpoint.json");
  std::ofstream(dir / "checkpoint.json") << text.substr(0, text.size() / 2);  // truncated
  try {
    run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, 5u, true}, log);
    FAIL() << "a truncated checkpoint was accepted";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("corrupted"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

// A checkpoint is read with the limits of every JSON input: a deeply nested one is refused
// before it is parsed.
TEST(OptimizeRun, RefusesADeeplyNestedCheckpoint) {
  const TomographyStudyConfig study = offset_study(3);
  const tomography::TomographyOptimization task(study, Backend::cpu);
  const fs::path dir = fresh_dir("deep");
  RunLog log(dir / "log.txt");
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, std::nullopt, false}, log);
  std::ofstream(dir / "checkpoint.json") << std::string(100000, '[') << std::string(100000, ']');
  try {
    run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, 5u, true}, log);
    FAIL() << "a 100,000-deep checkpoint was accepted";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), (dir / "checkpoint.json").string());
    EXPECT_NE(std::string(e.what()).find("corrupted or incomplete checkpoint, refused: nested deeper than the limit of 64"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

// A task whose gradient is NaN at step 2.
class NanAtStepTwo : public OptimizationProblem {
 public:
  explicit NanAtStepTwo(const OptimizationProblem& inner) : inner_(inner) {}
  DesignDescription design() const override { return inner_.design(); }
  std::vector<double> initial() const override { return inner_.initial(); }
  StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step, std::uint64_t muons) const override {
    StepEvaluation e = inner_.evaluate(x, step, muons);
    if (step == 2) e.gradient[3] = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  std::string project(std::vector<double>& x) const override { return inner_.project(x); }
  nlohmann::json layout(const std::vector<double>& x) const override { return inner_.layout(x); }
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const override {
    return inner_.read_layout(layout, name);
  }

 private:
  const OptimizationProblem& inner_;
};

TEST(OptimizeRun, NanGradientIsRolledBack) {
  const TomographyStudyConfig study = offset_study(4);
  const tomography::TomographyOptimization inner(study, Backend::cpu);
  const NanAtStepTwo task(inner);
  const fs::path dir = fresh_dir("nan");
  RunLog log(dir / "log.txt");
  run_optimization(detgrad::to_json(study), study.optimization.value_or(OptimizationConfig{}), task, {dir, std::nullopt, false}, log);
  std::ifstream history(dir / "history.csv");
  std::string header, line;
  std::getline(history, header);
  std::vector<std::string> rows;
  while (std::getline(history, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u);
  const auto column = [](const std::string& row, std::size_t from_end) {
    std::vector<std::string> cells;
    std::stringstream s(row);
    std::string c;
    while (std::getline(s, c, ',')) cells.push_back(c);
    return cells[cells.size() - 1 - from_end];
  };
  EXPECT_EQ(column(rows[2], 0), "1");  // rolled_back, the last column
  EXPECT_EQ(column(rows[1], 0), "0");
  EXPECT_NE(read_file(dir / "log.txt").find("rolled back"), std::string::npos);
  fs::remove_all(dir);
}

TEST(OptimizeCli, BadArgumentsAreUsageErrors) {
  EXPECT_THROW(parse_cli({"optimize", "study.json"}), UsageError);                          // no --out
  EXPECT_THROW(parse_cli({"optimize", "study.json", "--out", "d", "--steps", "0"}), UsageError);
  EXPECT_THROW(parse_cli({"optimize", "study.json", "--out", "d", "--muons", "5"}), UsageError);
  EXPECT_THROW(parse_cli({"simulate", "study.json", "--out", "d", "--resume"}), UsageError);
  EXPECT_NO_THROW(parse_cli({"optimize", "study.json", "--out", "d", "--steps", "5", "--resume"}));
}

}  // namespace
}  // namespace detgrad::optimize
