// Exact voxel traversal: with scattering and energy loss off, the path lengths of the
// steps through the grid add up to the chord of the straight line through the grid's box,
// for random directions (through the top and bottom, and out through the sides), for
// every maximum step.
#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/core/random.hpp"
#include "detgrad/tomography/transport/muon_transport.hpp"
#include "tomography/support/study_builders.hpp"
#include "tomography/transport/transport_model.hpp"

namespace detgrad {
namespace {

TomographyStudyConfig straight_line_study(double max_step_m) {
  TomographyStudyConfig s;
  s.world = "vacuum";
  s.volume.origin_m = {0.0, 0.0, 0.2};
  s.volume.voxel_size_m = {0.1, 0.07, 0.1};
  s.volume.voxels = {10, 13, 6};
  s.volume.fill = "beryllium";
  s.volume.boxes = {{"lead", {0.5, 0.5, 0.4}, {1.0, 1.0, 0.5}}};
  s.source.kind = SourceKind::beam;
  s.source.plane = {0.8, {0.0, 1.0}, {0.0, 0.91}};
  s.transport.max_step_m = max_step_m;
  s.transport.multiple_scattering = false;
  s.transport.energy_loss = false;
  return s;
}

TEST(VoxelTraversal, PathLengthsAddUpToTheChord) {
  for (double max_step : {0.003, 0.05, 10.0}) {
    const TransportModel model(straight_line_study(max_step));
    TransportSetup setup = model.host_setup();
    EventRandom rng(5, 0, RandomStream::task, 0);
    int side_exits = 0;
    for (int i = 0; i < 2000; ++i) {
      // A point on the top face and a random downward direction up to 75 degrees.
      const double x = rng.uniform<double>() * 1.0, y = rng.uniform<double>() * 0.91;
      const double cos_t = 1.0 - rng.uniform<double>() * (1.0 - std::cos(75.0 * 3.14159265358979 / 180));
      const double phi = rng.uniform<double>() * 6.283185307179586;
      const double sin_t = std::sqrt(1 - cos_t * cos_t);
      MuonState<double> m{{x, y, 0.8}, {sin_t * std::cos(phi), sin_t * std::sin(phi), -cos_t}, 5.0, true};
      MuonTrack<double> track{};
      MaterialRun<double> run{-1, 1.0, 0.0};
      EventRandom transport_rng(1, 0, RandomStream::transport, std::uint64_t(i));
      const Vec3<double> start = m.position, d = m.direction;
      traverse_voxels(setup, m, run, track, transport_rng);
      double t_enter, t_exit;
      ASSERT_TRUE(intersect_box(setup.grid, start, d, t_enter, t_exit));
      SCOPED_TRACE("muon " + std::to_string(i) + " max step " + std::to_string(max_step));
      EXPECT_NEAR(track.path_in_volume_m, t_exit - t_enter, 1e-9);
      const Vec3<double> expected_exit = start + t_exit * d;
      EXPECT_NEAR(track.exit_m.x, expected_exit.x, 1e-9);
      EXPECT_NEAR(track.exit_m.y, expected_exit.y, 1e-9);
      EXPECT_NEAR(track.exit_m.z, expected_exit.z, 1e-9);
      side_exits += (track.flags & kLeftThroughSide) ? 1 : 0;
    }
    EXPECT_GT(side_exits, 100);    // the sample covers side exits
    EXPECT_LT(side_exits, 1900);   // and bottom exits
  }
}

TEST(VoxelTraversal, CellOnAFaceBelongsToTheCellAhead) {
  const TransportModel model(straight_line_study(1.0));
  const VoxelGridView g = model.host_setup().grid;
  EXPECT_EQ(cell_along_axis(g, 0, 0.5, 1.0), 5);
  EXPECT_EQ(cell_along_axis(g, 0, 0.5, -1.0), 4);
  EXPECT_EQ(cell_along_axis(g, 2, 0.8, -1.0), 5);  // top face, going down: top layer
  EXPECT_EQ(cell_along_axis(g, 2, 0.2, -1.0), 0);  // clamped
}

}  // namespace
}  // namespace detgrad
