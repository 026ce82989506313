// Transverse cells (transverse_cells.hpp): the grid's geometry, every shower's cells adding
// up to its visible energy (double pass), and the cells' figures at 1 GeV in 20 x [4 mm lead,
// 4 mm scintillator] with a 1 cm beam spot: finer cells locate the shower better, the
// centroid does better than knowing the hit cell (cell / sqrt(12)), and 3 x 3 cells of 2 cm
// (6 x 6 cm) hold most of the energy (about 90 % lies within a Moliere radius, PDG).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/transverse_cells.hpp"

namespace detgrad::calorimeter {
namespace {

CaloStudyConfig study_with_cells(double cell_m) {
  const nlohmann::json j = {
      {"task", "calorimeter"},
      {"showers", 400},
      {"calorimeter",
       {{"layers", {{{"repeat", 20},
                     {"slabs", {{{"material", "lead"}, {"thickness_m", 0.004}},
                                {{"material", "polystyrene"}, {"thickness_m", 0.004}, {"active", true}}}}}}},
        {"source", {{"energies_GeV", {1.0}}, {"spot_m", 0.01}}},
        {"cell_size_m", cell_m}}}};
  return read_calo_study(j);
}

TEST(TransverseCells, Grid) {
  const CellGrid g = cell_grid(0.05, 0.06);  // 12 cm: 5 + 5 + 2 cm
  ASSERT_EQ(g.per_side, 3);
  EXPECT_NEAR(g.centre(0), -0.035, 1e-12);
  EXPECT_NEAR(g.centre(2), 0.05, 1e-12);
  EXPECT_EQ(g.index(-0.06, -0.06), 0);
  EXPECT_EQ(g.index(0.0, 0.0), 4);
  EXPECT_EQ(g.index(0.059, -0.001), 3 + 2);
  EXPECT_EQ(g.index(0.07, 0.07), 8);  // clamped to the edge cell
  EXPECT_EQ(cell_grid(0.04, 0.06).per_side, 3);  // an exact multiple
}

TEST(TransverseCells, CellsAddUpToTheVisibleEnergy) {
  const CaloStudyConfig s = study_with_cells(0.02);
  const ShowerSetup setup(stack_spec(s), em_cuts(s));
  ShowerRunOptions o;
  o.showers = 50;
  o.cell_size_m = 0.02;
  const ShowerTallies t = run_showers_cpu(setup, beam_at(s, 1.0), o);
  ASSERT_EQ(t.cells, 36);
  double worst = 0.0;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    double sum = 0.0;
    for (int c = 0; c < t.cells; ++c) sum += t.cell_deposit[i * 36 + c];
    worst = std::fmax(worst, std::fabs(sum - t.visible(setup, i)) / t.visible(setup, i));
  }
  EXPECT_LT(worst, 1e-9);
}

TEST(TransverseCells, FinerCellsLocateBetter) {
  double previous = 0.0;
  for (const double cell : {0.01, 0.02, 0.04}) {
    const CaloStudyConfig s = study_with_cells(cell);
    const ShowerSetup setup(stack_spec(s), em_cuts(s), 1e-3 * s.cuts.range_rejection_MeV);
    const CaloEvaluation e = evaluate_calorimeter(s, setup, 400);
    ASSERT_TRUE(e.points[0].has_cells);
    const CellSummary& c = e.points[0].cells;
    std::printf("%.0f cm cells: resolution %.2f mm (bias %.2f mm), hottest %.3f, 3x3 %.3f\n", 100 * cell,
                1e3 * c.position_resolution_m, 1e3 * c.position_bias_m, c.hottest_fraction, c.cluster_fraction);
    EXPECT_LT(c.position_resolution_m, cell / std::sqrt(12.0));
    EXPECT_GT(c.position_resolution_m, previous);
    if (cell == 0.02) {
      EXPECT_GT(c.cluster_fraction, 0.85);
    }
    EXPECT_GT(c.cluster_fraction, c.hottest_fraction);
    previous = c.position_resolution_m;
  }
}

}  // namespace
}  // namespace detgrad::calorimeter
