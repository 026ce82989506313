// End to end: scripts/plot-run on the run directory of a tiny `detgrad optimize` writes the
// four PNG plots and README.txt (skipped, visibly, where python3 has no matplotlib), and
// refuses a directory that does not exist, or whose study.json names no task, with exit code 2.
// `detgrad align` makes its alignment plots itself, and plot-run remakes them from its
// directory (refused, exit 2, when an input file is missing).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.hpp"

namespace detgrad::test {
namespace {

using nlohmann::json;

// Plotting takes a few seconds (matplotlib's start-up and four figures).
constexpr int kPlotTimeLimit_s = 120;

fs::path plot_run_script() { return source_dir() / "scripts" / "plot-run"; }

// The interpreter detgrad optimize uses for its plots: Debian's python3 (where scripts/setup
// installs python3-matplotlib), never another python3 on PATH.
std::string plot_interpreter() { return "/usr/bin/python3"; }

CliRun run_plot_run(const std::vector<std::string>& args, const fs::path& scratch) {
  std::string command = plot_interpreter() + " " + shell_quote(plot_run_script().string());
  for (const auto& arg : args) command += " " + shell_quote(arg);
  return run_command(command, scratch, kPlotTimeLimit_s);
}

bool python_has_matplotlib() {
  return std::system((plot_interpreter() + " -c 'import matplotlib' >/dev/null 2>&1").c_str()) == 0;
}

bool is_png(const fs::path& path) {
  if (!fs::is_regular_file(path)) return false;
  const std::string text = read_text(path);
  static const std::string signature("\x89PNG\r\n\x1a\n", 8);
  return text.size() > signature.size() && text.compare(0, signature.size(), signature) == 0;
}

TEST(PlotRun, MissingRunDirectoryExitsWithTwo) {
  // The run directory is checked before matplotlib is imported, so this holds without it.
  TempDir scratch;
  const CliRun run = run_plot_run({(scratch / "no_such_run").string()}, scratch.path());
  EXPECT_EQ(run.exit_code, 2) << describe(run);
  EXPECT_TRUE(contains(run.err, "plot-run:")) << describe(run);
  EXPECT_FALSE(fs::exists(scratch / "no_such_run")) << "plot-run created the missing directory";
}

TEST(PlotRun, StudyWithoutTaskExitsWithTwo) {
  // The task comes from the run's study.json, which detgrad always writes with "task": a
  // study.json without it is not taken for any task's (checked before matplotlib is imported).
  TempDir scratch;
  const fs::path run_dir = scratch / "run";
  fs::create_directories(run_dir);
  write_text(run_dir / "study.json", R"({"name": "no_task", "seed": 1})");
  write_text(run_dir / "history.csv", "step,loss\n1,0.5\n");
  const CliRun run = run_plot_run({run_dir.string()}, scratch.path());
  EXPECT_EQ(run.exit_code, 2) << describe(run);
  EXPECT_TRUE(contains(run.err, "study.json: no \"task\"")) << describe(run);
  EXPECT_FALSE(fs::exists(run_dir / "plots")) << "plot-run made plots of a study without a task";
}

TEST(PlotRun, PlotsATinyOptimisation) {
  if (!python_has_matplotlib()) {
    std::printf("skipped: matplotlib not installed\n");
    GTEST_SKIP() << "skipped: matplotlib not installed (python3 cannot import matplotlib)";
  }
  TempDir scratch;
  json study = hello_world_json();
  study["optimization"] = {{"steps", 4}, {"muons_per_step", 3000}, {"layout_every", 2}};
  const fs::path study_file = scratch / "study.json", run_dir = scratch / "run";
  write_text(study_file, study.dump(2));
  const CliRun optimize = run_detgrad({"optimize", study_file.string(), "--out", run_dir.string(), "--backend", "cpu"},
                                      scratch.path(), {"OMP_NUM_THREADS=2"});
  ASSERT_EQ(optimize.exit_code, 0) << describe(optimize);
  ASSERT_TRUE(fs::is_regular_file(run_dir / "history.csv")) << describe(optimize);

  // x0_map.png: optimize writes x0_map.json (true and inferred X0 with the final layout).
  const char* pngs[] = {"loss.png", "layout_side.png", "layout_top.png", "parameters.png", "x0_map.png"};

  // --out PLOTDIR: written there, created if missing.
  const fs::path plot_dir = scratch / "plots_out" / "nested";
  const CliRun explicit_out = run_plot_run({run_dir.string(), "--out", plot_dir.string()}, scratch.path());
  ASSERT_EQ(explicit_out.exit_code, 0) << describe(explicit_out);
  for (const char* png : pngs)
    EXPECT_TRUE(is_png(plot_dir / png)) << png << " missing or not a PNG\n" << describe(explicit_out);
  ASSERT_TRUE(fs::is_regular_file(plot_dir / "README.txt")) << describe(explicit_out);
  const std::string readme = read_text(plot_dir / "README.txt");
  for (const char* png : pngs) EXPECT_TRUE(contains(readme, png)) << "README.txt does not mention " << png;

  // Default: DIR/plots (removed first, in case the optimize command made plots itself).
  fs::remove_all(run_dir / "plots");
  const CliRun default_out = run_plot_run({run_dir.string()}, scratch.path());
  ASSERT_EQ(default_out.exit_code, 0) << describe(default_out);
  for (const char* png : pngs)
    EXPECT_TRUE(is_png(run_dir / "plots" / png)) << png << " missing or not a PNG\n" << describe(default_out);
  EXPECT_TRUE(fs::is_regular_file(run_dir / "plots" / "README.txt"));

  // A directory that is not a run directory (no study.json, no history.csv) is refused too.
  const CliRun not_a_run = run_plot_run({plot_dir.string()}, scratch.path());
  EXPECT_EQ(not_a_run.exit_code, 2) << describe(not_a_run);
}

TEST(PlotRun, PlotsAnAlignment) {
  if (!python_has_matplotlib()) {
    std::printf("skipped: matplotlib not installed\n");
    GTEST_SKIP() << "skipped: matplotlib not installed (python3 cannot import matplotlib)";
  }
  TempDir scratch;
  const std::string study = (source_dir() / "configs" / "muone" / "alignment.json").string();
  const fs::path sim = scratch / "sim", aligned = scratch / "aligned";
  const CliRun simulate = run_detgrad({"simulate", study, "--out", sim.string(), "--events", "1500"}, scratch.path(),
                                      {"OMP_NUM_THREADS=2"});
  ASSERT_EQ(simulate.exit_code, 0) << describe(simulate);
  const CliRun align = run_detgrad({"align", study, "--data", sim.string(), "--out", aligned.string()}, scratch.path(),
                                   {"OMP_NUM_THREADS=2"});
  ASSERT_EQ(align.exit_code, 0) << describe(align);
  const char* pngs[] = {"alignment_residuals.png", "alignment_pulls.png", "alignment_truth.png"};
  for (const char* png : pngs) EXPECT_TRUE(is_png(aligned / "plots" / png)) << png << "\n" << describe(align);

  const fs::path plot_dir = scratch / "replotted";
  const CliRun replot = run_plot_run({aligned.string(), "--out", plot_dir.string()}, scratch.path());
  ASSERT_EQ(replot.exit_code, 0) << describe(replot);
  const std::string readme = read_text(plot_dir / "README.txt");
  for (const char* png : pngs) {
    EXPECT_TRUE(is_png(plot_dir / png)) << png << "\n" << describe(replot);
    EXPECT_TRUE(contains(readme, png)) << "README.txt does not mention " << png;
  }

  fs::remove(aligned / "alignment_pull_histograms.csv");
  const CliRun missing = run_plot_run({aligned.string(), "--out", (scratch / "again").string()}, scratch.path());
  EXPECT_EQ(missing.exit_code, 2) << describe(missing);
  EXPECT_TRUE(contains(missing.err, "alignment_pull_histograms.csv")) << describe(missing);
}

}  // namespace
}  // namespace detgrad::test
