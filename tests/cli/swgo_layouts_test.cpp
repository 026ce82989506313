// scripts/swgo-layouts: the reference layouts' tank counts and hull areas as printed, a run
// directory of macro-units counted as 19 tanks per unit, the PNG written (where python3 has
// matplotlib), and a missing layout refused with exit code 2 and nothing written.
#include <gtest/gtest.h>

#include <cstdlib>

#include "cli/cli_runner.hpp"

namespace detgrad::test {
namespace {

constexpr int kPlotTimeLimit_s = 120;

CliRun run_swgo_layouts(const std::vector<std::string>& args, const fs::path& scratch) {
  // Debian's python3, as every plot script of the repository.
  std::string command = "/usr/bin/python3 " + shell_quote((source_dir() / "scripts" / "swgo-layouts").string());
  for (const auto& arg : args) command += " " + shell_quote(arg);
  return run_command(command, scratch, kPlotTimeLimit_s);
}

bool python_has_matplotlib() { return std::system("/usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1") == 0; }

TEST(SwgoLayouts, MissingLayoutExitsWithTwoAndWritesNothing) {
  TempDir scratch;
  const fs::path png = scratch / "out" / "layouts.png";
  const CliRun run = run_swgo_layouts({"A1=" + (scratch / "no_such_layout.txt").string(), "--out", png.string()},
                                      scratch.path());
  EXPECT_EQ(run.exit_code, 2) << describe(run);
  EXPECT_TRUE(contains(run.err, "no_such_layout.txt")) << describe(run);
  EXPECT_FALSE(fs::exists(scratch / "out")) << describe(run);
}

TEST(SwgoLayouts, CountsTanksOfFilesAndMacroUnitRuns) {
  TempDir scratch;
  // A run directory as `optimize` leaves it: three macro-units in a triangle of 100 m sides.
  const fs::path run_dir = scratch / "run";
  fs::create_directories(run_dir);
  write_text(run_dir / "study.json", R"({"task": "swgo", "swgo": {"unit": "macro_unit"}})");
  write_text(run_dir / "layout_final.json", R"({"units": [[0, 0], [100, 0], [0, 100]]})");
  const fs::path png = scratch / "layouts.png";
  const CliRun run = run_swgo_layouts(
      {"A1=" + (source_dir() / "data" / "swgo" / "layouts" / "A1.txt").string(), "run=" + run_dir.string(),
       "--out", png.string()},
      scratch.path());
  // The figures are printed before matplotlib is imported, so they hold without it.
  // A1: 6589 tanks on a hull of 0.2757 km^2 (the collaboration's layout file).
  EXPECT_TRUE(contains(run.out, "A1: 6589 tanks, hull 0.2757 km^2")) << describe(run);
  // Three macro-units: 57 tanks; the triangle's area is 5000 m^2.
  EXPECT_TRUE(contains(run.out, "run: 57 tanks, hull 0.0050 km^2")) << describe(run);
  if (!python_has_matplotlib()) {
    EXPECT_EQ(run.exit_code, 3) << describe(run);
    std::printf("skipped: matplotlib not installed, no PNG to check\n");
    return;
  }
  ASSERT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(fs::is_regular_file(png)) << describe(run);
}

}  // namespace
}  // namespace detgrad::test
