// End-to-end gradient check of the tomography task: the hand-written adjoint against
// central finite differences with common random numbers (same seed, step and reference
// planes), in double, for every parameter of every panel of the hello-world study, for
// each of the task's losses.
#include "tomography/gradient_check.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "tomography/support/tomography_study.hpp"

namespace detgrad::tomography {
namespace {

void expect_adjoint_matches(TomographyLoss loss, int minimum_judged) {
  TomographyStudyConfig study = test::hello_world_tomography(4000);
  study.tomography->loss = loss;
  study.tomography->height_region_z_m = {0.2, 0.8};
  // Over budget, with a resolution-dependent cost: the budget term's gradient is checked too.
  study.tomography->budget = 7.5;
  study.tomography->resolution_cost_per_m2 = 0.05;
  const TomographyModel model(study);
  DesignParams<double> design = model.initial_design();
  // Move the panels off their symmetric start so that every parameter matters.
  for (int i = 0; i < model.panel_count(); ++i) {
    design.panel[i].x += 0.03 * (i % 3 - 1);
    design.panel[i].y -= 0.02 * (i % 2);
    design.panel[i].span_x *= 0.9;
    design.panel[i].sigma *= 1.0 + 0.1 * i;
  }
  const GradientCheck check = check_gradient(model, design, 4000);
  int judged = 0;
  for (const ParameterCheck& p : check.parameters) {
    std::printf("%-24s adjoint %+.8e  fd %+.8e  rel %.2e%s\n", p.name.c_str(), p.adjoint, p.finite_difference,
                p.relative_error, p.negligible ? "  (negligible)" : "");
    if (p.negligible) continue;
    ++judged;
    EXPECT_LE(p.relative_error, 1e-4) << p.name;
  }
  EXPECT_EQ(check.parameters.size(), 56u);
  EXPECT_GE(judged, minimum_judged);
  EXPECT_TRUE(check.passed());
}

TEST(TomographyGradient, VoxelX0Loss) { expect_adjoint_matches(TomographyLoss::voxel_x0, 40); }
TEST(TomographyGradient, DenseMaterialLoss) { expect_adjoint_matches(TomographyLoss::dense_material, 30); }
TEST(TomographyGradient, FillHeightLoss) { expect_adjoint_matches(TomographyLoss::fill_height, 30); }

}  // namespace
}  // namespace detgrad::tomography
