// The CPU executor: the same muon whatever the thread count or chunking, and continuous
// energy loss that stops muons at their CSDA range.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "detgrad/physics/material_library.hpp"
#include "detgrad/physics/muon_kinematics.hpp"
#include "detgrad/physics/range_table.hpp"
#include "detgrad/tomography/transport/muon_transport.hpp"
#include "tomography/support/study_builders.hpp"
#include "tomography/support/cosmic_study.hpp"
#include "tomography/transport/transport_model.hpp"
#include "tomography/transport/transport_run.hpp"

namespace detgrad {
namespace {


bool same_track(const MuonTrack<float>& a, const MuonTrack<float>& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(TransportCpu, ResultIndependentOfThreadsAndChunks) {
  const TransportModel model(test::cosmic_planes_study());
  const TransportSetup setup = model.host_setup();
  const std::uint64_t n = 3000;
  std::vector<MuonTrack<float>> one(n), two(n);
  std::memset(one.data(), 0, n * sizeof(MuonTrack<float>));
  std::memset(two.data(), 0, n * sizeof(MuonTrack<float>));
  TransportCounts c1{}, c2{};
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  cpu_transport_chunk(setup, 0, n, one.data(), n, c1);
  omp_set_num_threads(std::max(2, threads));
  cpu_transport_chunk(setup, 0, 1234, two.data(), 1234, c2);
  cpu_transport_chunk(setup, 1234, n - 1234, two.data() + 1234, n - 1234, c2);
  omp_set_num_threads(threads);
  int differing = 0;
  for (std::uint64_t i = 0; i < n; ++i) differing += same_track(one[i], two[i]) ? 0 : 1;
  EXPECT_EQ(differing, 0);
  EXPECT_EQ(c1.generated, c2.generated);
  EXPECT_EQ(c1.entered_volume, c2.entered_volume);
  EXPECT_EQ(c1.reached_bottom, c2.reached_bottom);
  EXPECT_GT(c1.entered_volume, n / 2);
}

TEST(TransportCpu, DifferentStepsGiveDifferentMuons) {
  const TransportModel model(test::cosmic_planes_study());
  const MuonTrack<float> a = transport_muon<float>(model.host_setup(0), 7);
  const MuonTrack<float> b = transport_muon<float>(model.host_setup(1), 7);
  EXPECT_NE(a.momentum_GeV, b.momentum_GeV);
}

TEST(TransportCpu, PlaneCrossingsFollowTheLine) {
  // Vacuum around the volume: between the two upper planes the muon flies straight.
  TomographyStudyConfig s = test::cosmic_planes_study();
  s.world = "vacuum";
  const TransportModel model(s);
  for (std::uint64_t e = 0; e < 200; ++e) {
    const MuonTrack<double> t = transport_muon<double>(model.host_setup(), e);
    if (t.planes_crossed < 2) continue;
    const PlaneCrossing<double>& p0 = t.planes[0];
    const PlaneCrossing<double>& p1 = t.planes[1];
    EXPECT_NEAR(p1.x_m, p0.x_m + p0.slope_x * (0.95 - 1.0), 1e-9);
    EXPECT_NEAR(p1.y_m, p0.y_m + p0.slope_y * (0.95 - 1.0), 1e-9);
    EXPECT_DOUBLE_EQ(p0.slope_x, p1.slope_x);
  }
}

TEST(TransportCpu, MuonsStopAtTheirCsdaRange) {
  // Iron, kinetic energy 1 GeV: CSDA range 642.3 g/cm^2 (Groom, Mokhov, Striganov, ADNDT 78
  // (2001) 183), i.e. 0.8157 m at 7.874 g/cm^3. Scattering off: the path is straight.
  const double kinetic = 1.0;
  TomographyStudyConfig s = test::slab_study("iron", 2.0, momentum_from_kinetic(kinetic), 0.05, true);
  s.transport.multiple_scattering = false;
  const TransportModel model(s);
  const TransportSetup setup = model.host_setup();
  const int iron = 1;  // world (vacuum) is row 0
  ASSERT_EQ(model.materials()[iron].name, "iron");
  const double expected_m = (csda_range(setup.range, iron, kinetic) - csda_range(setup.range, iron, 1e-3)) /
                            model.materials()[iron].density_kg_m3;
  EXPECT_NEAR(expected_m * 7874.0 / 10.0 / 642.3, 1.0, 0.03);
  for (std::uint64_t e = 0; e < 5; ++e) {
    const MuonTrack<double> t = transport_muon<double>(setup, e);
    EXPECT_TRUE(t.flags & kStopped);
    EXPECT_NEAR(2.0 - t.exit_m.z, expected_m, 1e-3 * expected_m);
    EXPECT_NEAR(t.path_in_volume_m, expected_m, 1e-3 * expected_m);
  }
}

}  // namespace
}  // namespace detgrad
