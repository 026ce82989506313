// Simulated multiple scattering of a mono-energetic beam through uniform slabs matches the
// whole-slab Highland width (PDG RPP eq. 34.15) within 3 %, whatever the maximum step
// (1 mm to the full slab), and the displacement-angle correlation is sqrt(3)/2 (PDG eq.
// 34.20) within statistics. Energy loss is off so that the momentum is that of the formula.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "detgrad/physics/material_library.hpp"
#include "detgrad/physics/multiple_scattering.hpp"
#include "tomography/support/study_builders.hpp"
#include "tomography/transport/transport_model.hpp"
#include "tomography/transport/transport_run.hpp"

namespace detgrad {
namespace {

struct SlabCase {
  const char* material;
  double thickness_m;
  double momentum_GeV;
};

struct Moments {
  double angle_rms, displacement_rms, correlation;
};

Moments measure(const TomographyStudyConfig& study, std::uint64_t muons) {
  const TransportModel model(study);
  std::vector<MuonTrack<float>> tracks(muons);
  TransportCounts counts{};
  cpu_transport_chunk(model.host_setup(), 0, muons, tracks.data(), muons, counts);
  double sa = 0, sy = 0, say = 0;
  std::uint64_t n = 0;
  for (const MuonTrack<float>& t : tracks) {
    if (!(t.flags & kEnteredVolume) || (t.flags & kStopped)) continue;
    // Both projections: x and y are independent samples of the same distribution.
    const double ax = std::atan(double(t.exit_direction.x) / -double(t.exit_direction.z));
    const double ay = std::atan(double(t.exit_direction.y) / -double(t.exit_direction.z));
    const double dx = double(t.exit_m.x) - double(t.entry_m.x);
    const double dy = double(t.exit_m.y) - double(t.entry_m.y);
    sa += ax * ax + ay * ay;
    sy += dx * dx + dy * dy;
    say += ax * dx + ay * dy;
    n += 2;
  }
  return {std::sqrt(sa / n), std::sqrt(sy / n), say / std::sqrt(sa * sy)};
}

TEST(ScatteringSlab, WidthIndependentOfStepAndEqualToHighland) {
  const SlabCase cases[] = {{"iron", 0.10, 3.0}, {"lead", 0.05, 5.0}, {"water", 0.50, 2.0}, {"beryllium", 0.60, 5.0}};
  const std::uint64_t muons = 20000;  // 40000 projected samples: rms known to 0.35 %
  for (const SlabCase& c : cases) {
    const double x0 = find_material(c.material)->radiation_length_m();
    const double mass = 0.1056583755;
    const double beta = c.momentum_GeV / std::sqrt(c.momentum_GeV * c.momentum_GeV + mass * mass);
    const double theta0 = highland_theta0(c.momentum_GeV, beta, c.thickness_m, x0);
    for (double max_step : {0.001, 0.01, c.thickness_m}) {
      const Moments m = measure(test::slab_study(c.material, c.thickness_m, c.momentum_GeV, max_step, false), muons);
      SCOPED_TRACE(std::string(c.material) + " max step " + std::to_string(max_step));
      EXPECT_NEAR(m.angle_rms / theta0, 1.0, 0.03);
      EXPECT_NEAR(m.displacement_rms / (c.thickness_m * theta0 / std::sqrt(3.0)), 1.0, 0.03);
      // Standard error of a correlation near 0.87 from 4e4 pairs: (1 - r^2)/sqrt(n) = 1.3e-3;
      // the bound is four of them.
      EXPECT_NEAR(m.correlation, std::sqrt(3.0) / 2, 0.005);
    }
  }
}

}  // namespace
}  // namespace detgrad
