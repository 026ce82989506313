// Side matrices of the smooth model: a Monte Carlo of fitted tracks through the reference
// station's modules (hit smearing and Highland kicks at every module) against the predicted
// variance n^T C n + n^T M n / p^2 of the slope along n, on both sides; and the adjoint
// against central finite differences.
#include "muone/side_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "detgrad/core/random.hpp"
#include "detgrad/tracking/track_fit.hpp"
#include "muone/station_config.hpp"

namespace detgrad::muone {
namespace {

std::vector<SideModule> reference_side(TrackSide side) {
  const StationConfig station = reference_station();
  return side_modules(build_fixed(station, 1), build_design<double>(station), side);
}

TEST(SideModel, MonteCarloOfFittedTracks) {
  const double z_ref = 0.0075;
  for (TrackSide side : {TrackSide::outgoing, TrackSide::incoming})
    for (double p : {3.0, 160.0}) {
      const std::vector<SideModule> mods = reference_side(side);
      SideModel<double> model;
      ASSERT_TRUE(side_model(mods, z_ref, side, model));
      const double nx = 0.8, ny = -0.6;
      const double predicted = side_variance(model, nx, ny, p);
      const int trials = 40000;
      double sum2 = 0;
      for (int t = 0; t < trials; ++t) {
        EventRandom rng(3, 0, RandomStream::transport, std::uint64_t(t));
        double x = 0, y = 0, tx = 0, ty = 0, z = mods[0].z;
        std::vector<tracking::TrackMeasurement<double>> m;
        for (const SideModule& s : mods) {
          x += tx * (s.z - z);
          y += ty * (s.z - z);
          z = s.z;
          m.push_back({s.z, s.cos_view, s.sin_view, s.cos_view * x + s.sin_view * y + s.sigma * rng.normal<double>(),
                       s.sigma, s.efficiency});
          const double theta = std::sqrt(target_theta2(p, s.thickness_x0, 1.0));
          double a, b;
          rng.normal_pair(a, b);
          tx += theta * a;
          ty += theta * b;
        }
        tracking::TrackFit<double> fit;
        ASSERT_TRUE(tracking::fit_track(m.data(), int(m.size()), z_ref, fit));
        // Outgoing: the direction at the start (0, 0); incoming: the direction after the last module.
        const double ex = fit.tx - (side == TrackSide::incoming ? tx : 0.0);
        const double ey = fit.ty - (side == TrackSide::incoming ? ty : 0.0);
        const double e = nx * ex + ny * ey;
        sum2 += e * e;
      }
      const double measured = sum2 / trials;
      std::printf("%s, %g GeV: slope rms along n %.4g urad, predicted %.4g urad\n",
                  side == TrackSide::incoming ? "incoming" : "outgoing", p, std::sqrt(measured) * 1e6,
                  std::sqrt(predicted) * 1e6);
      EXPECT_NEAR(measured / predicted, 1.0, 5 * std::sqrt(2.0 / trials));
    }
}

TEST(SideModel, AdjointAgainstFiniteDifferences) {
  for (TrackSide side : {TrackSide::outgoing, TrackSide::incoming}) {
    std::vector<SideModule> mods = reference_side(side);
    mods[2].sigma = 31e-6;  // not all alike
    mods[4].efficiency = 0.9;
    double z_ref = 0.0075;
    const SideModel<double> w{1e9, -2e9, 3e9, 0.5e6, 1e6, -0.7e6};  // cotangents
    const auto objective = [&]() {
      SideModel<double> m;
      side_model(mods, z_ref, side, m);
      return w.cxx * m.cxx + w.cxy * m.cxy + w.cyy * m.cyy + w.mxx * m.mxx + w.mxy * m.mxy + w.myy * m.myy;
    };
    SideModuleCotangents d;
    side_model_adjoint(mods, z_ref, side, w, d);
    const double scale = std::fabs(objective());
    for (std::size_t i = 0; i < mods.size(); ++i)
      for (int which = 0; which < 2; ++which) {
        double& v = which == 0 ? mods[i].z : mods[i].sigma;
        const double keep = v, h = which == 0 ? 1e-5 : 1e-9;
        v = keep + h;
        const double up = objective();
        v = keep - h;
        const double down = objective();
        v = keep;
        const double fd = (up - down) / (2 * h);
        const double ad = which == 0 ? d.d_z[i] : d.d_sigma[i];
        EXPECT_NEAR(ad, fd, 1e-4 * std::fabs(fd) + 1e-9 * scale) << (which ? "sigma " : "z ") << i;
      }
    const double h = 1e-5;
    z_ref += h;
    const double up = objective();
    z_ref -= 2 * h;
    const double down = objective();
    z_ref += h;
    EXPECT_NEAR(d.d_z_ref, (up - down) / (2 * h), 1e-4 * std::fabs((up - down) / (2 * h)) + 1e-9 * scale);
  }
}

}  // namespace
}  // namespace detgrad::muone
