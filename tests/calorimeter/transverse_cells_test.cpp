// Transverse cells (transverse_cells.hpp): the grid's geometry, every shower's cells adding
// up to its visible energy (double pass), and the cells' figures at 1 GeV in 20 x [4 mm lead,
// 4 mm scintillator] with a 1 cm beam spot: finer cells locate the shower better, the
// centroid does better than knowing the hit cell (cell / sqrt(12)), and 3 x 3 cells of 2 cm
// (6 x 6 cm) hold most of the energy (about 90 % lies within a Moliere radius, PDG). With
// longitudinal sections: each section's cells hold its layers' visible energy, the sections
// add up to the towers, and the front section, where the shower is narrow, locates it better
// than the back one.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calo_config_file.hpp"
#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/transverse_cells.hpp"

namespace detgrad::calorimeter {
namespace {

CaloStudyConfig study_with_cells(double cell_m, int sections = 1) {
  const nlohmann::json j = {
      {"task", "calorimeter"},
      {"showers", 400},
      {"calorimeter",
       {{"layers", test::lead_scintillator_layers()},
        {"source", {{"energies_GeV", {1.0}}, {"spot_m", 0.01}}},
        {"cell_size_m", cell_m},
        {"cell_sections", sections}}}};
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

TEST(TransverseCells, SectionsHoldTheirLayersEnergy) {
  // 20 active layers in 3 sections: layers 0-6, 7-13 and 14-19 (floor(r 3 / 20)).
  const CaloStudyConfig s = study_with_cells(0.02, 3);
  const ShowerSetup setup(stack_spec(s), em_cuts(s));
  const std::vector<int> offset = cell_offsets(setup, 3, 36);
  ASSERT_EQ(offset.size(), 40u);
  EXPECT_EQ(offset[0], -1);      // passive
  EXPECT_EQ(offset[1], 0);       // layer 0
  EXPECT_EQ(offset[2 * 6 + 1], 0);
  EXPECT_EQ(offset[2 * 7 + 1], 36);
  EXPECT_EQ(offset[2 * 14 + 1], 72);
  EXPECT_EQ(offset[39], 72);     // layer 19
  ShowerRunOptions o;
  o.showers = 50;
  o.cell_size_m = 0.02;
  o.cell_sections = 3;
  const ShowerTallies t = run_showers_cpu(setup, beam_at(s, 1.0), o);
  ASSERT_EQ(t.cell_row(), 108u);
  ShowerRunOptions towers = o;
  towers.cell_sections = 1;
  const ShowerTallies u = run_showers_cpu(setup, beam_at(s, 1.0), towers);  // the same showers
  double worst_section = 0.0, worst_tower = 0.0;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    const std::vector<double> layers = t.readout(setup, i);
    for (int k = 0; k < 3; ++k) {
      double cells = 0.0, expected = 0.0;
      for (int c = 0; c < 36; ++c) cells += t.cell_deposit[i * 108 + k * 36 + c];
      for (int r = 0; r < 20; ++r) expected += (r * 3 / 20 == k) ? layers[r] : 0.0;
      worst_section = std::fmax(worst_section, std::fabs(cells - expected) / t.visible(setup, i));
    }
    for (int c = 0; c < 36; ++c) {
      double tower = 0.0;
      for (int k = 0; k < 3; ++k) tower += t.cell_deposit[i * 108 + k * 36 + c];
      worst_tower = std::fmax(worst_tower, std::fabs(tower - u.cell_deposit[i * 36 + c]) / t.visible(setup, i));
    }
  }
  EXPECT_LT(worst_section, 1e-9);
  EXPECT_LT(worst_tower, 1e-9);
}

TEST(TransverseCells, FrontSectionLocatesBetterThanTheBack) {
  const CaloStudyConfig s = study_with_cells(0.01, 2);
  const ShowerSetup setup(stack_spec(s), em_cuts(s));
  const CaloEvaluation e = evaluate_calorimeter(s, setup, s.showers);
  const CellSummary& c = e.points[0].cells;
  ASSERT_EQ(c.section_fraction.size(), 2u);
  ASSERT_EQ(c.mean_map_GeV.size(), 2u * 144u);
  std::printf("1 GeV, 1 cm cells, 2 sections: energy %.3f / %.3f, position resolution %.2f / %.2f mm (towers %.2f mm)\n",
              c.section_fraction[0], c.section_fraction[1], 1e3 * c.section_position_resolution_m[0],
              1e3 * c.section_position_resolution_m[1], 1e3 * c.position_resolution_m);
  EXPECT_NEAR(c.section_fraction[0] + c.section_fraction[1], 1.0, 1e-9);
  EXPECT_LT(c.section_position_resolution_m[0], c.section_position_resolution_m[1]);
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
