// Inference check: the radiation length inferred from simulated muons for a uniform block
// of a known material, seen by ideal panels (10 um resolution, efficiency 1, wide spans),
// matches the material's X0 within 5 % with 1e6 muons, and tells lead, iron and aluminium
// apart.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "detgrad/physics/material_library.hpp"
#include "tomography/support/tomography_study.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {
namespace {

// A 2 m x 2 m block, 10 cm thick, in vacuum; 4 x 4 voxels of 0.5 m. Muons up to 45
// degrees: those whose PoCA lies in the central 1 m x 1 m leave through the bottom.
TomographyStudyConfig uniform_block(const std::string& material) {
  TomographyStudyConfig s;
  s.seed = 7;
  s.world = "vacuum";
  s.volume.origin_m = {0.0, 0.0, 0.3};
  s.volume.voxel_size_m = {0.5, 0.5, 0.1};
  s.volume.voxels = {4, 4, 1};
  s.volume.fill = material;
  s.source.cosmic.zenith_max_deg = 45.0;
  s.source.cosmic.momentum_range_GeV = {1.0, 1000.0};
  s.source.plane = {0.6, {0.0, 2.0}, {0.0, 2.0}};
  s.transport.max_step_m = 1.0;
  TomographyConfig t;
  const double zs[6] = {0.6, 0.55, 0.5, 0.2, 0.15, 0.1};
  for (int i = 0; i < 6; ++i) t.panels.push_back(test::square_panel("panel_" + std::to_string(i), zs[i], 1.0, 6.0, 1e-5, 1.0));
  s.tomography = t;
  return s;
}

double inferred_x0(const std::string& material, std::uint64_t muons) {
  const TomographyModel model(uniform_block(material));
  PassOptions options;
  options.events = muons;
  const VoxelAccumulators acc = forward_pass(model, model.initial_design(), options);
  const VoxelX0Estimate e = estimate_voxel_x0(acc.a, acc.b, acc.c);
  // The central voxels (1, 1), (2, 1), (1, 2), (2, 2): pool their sums.
  double a = 0, b = 0, c = 0;
  for (int iy = 1; iy <= 2; ++iy)
    for (int ix = 1; ix <= 2; ++ix) {
      const int v = ix + 4 * iy;
      EXPECT_TRUE(e.informed[v]);
      a += acc.a[v];
      b += acc.b[v];
      c += acc.c[v];
    }
  return estimate_voxel_x0({a}, {b}, {c}).x0_m[0];
}

TEST(X0Inference, UniformBlocksWithinFivePercent) {
  double previous = 0.0;
  for (const char* material : {"lead", "iron", "aluminium"}) {  // increasing X0
    const double truth = find_material(material)->radiation_length_m();
    const double x0 = inferred_x0(material, 1000000);
    std::printf("%-10s true X0 %.5f m, inferred %.5f m (%+.2f %%)\n", material, truth, x0, 100 * (x0 / truth - 1));
    EXPECT_NEAR(x0 / truth, 1.0, 0.05) << material;
    EXPECT_GT(x0, 1.5 * previous) << material << " is told apart from the denser material before it";
    previous = x0;
  }
}

}  // namespace
}  // namespace detgrad::tomography
