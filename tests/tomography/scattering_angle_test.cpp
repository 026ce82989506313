// Scattering angles between two fitted tracks and their variances: exact values and
// adjoints against finite differences.
#include "detgrad/tomography/scattering_angle.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tomography/finite_difference.hpp"

namespace detgrad::tomography {
namespace {

using testing::Vector;

TrackFit<double> slopes(double tx, double ty, double var_tx, double var_ty) {
  return {0, 0, tx, ty, 0, 0, 0, var_tx, 0, 0, var_ty};
}

TEST(ScatteringAngles, KnownAngles) {
  ScatteringAngles<double> a;
  const double alpha = 0.02, beta = -0.01;
  scattering_angles(slopes(std::tan(0.1), std::tan(-0.2), 1e-8, 2e-8),
                    slopes(std::tan(0.1 + alpha), std::tan(-0.2 + beta), 3e-8, 4e-8), a);
  EXPECT_NEAR(a.theta_x, alpha, 1e-15);
  EXPECT_NEAR(a.theta_y, beta, 1e-15);
  const double c1 = std::cos(0.1), c2 = std::cos(0.1 + alpha);  // var(atan t) = var(t) cos^4
  EXPECT_NEAR(a.var_theta_x, 3e-8 * c2 * c2 * c2 * c2 + 1e-8 * c1 * c1 * c1 * c1, 1e-22);
  // Vertical in, tilted out by 1e-7 rad in a vertical plane at 30 degrees azimuth:
  // the space angle keeps full relative precision (atan2, not acos).
  const double t = std::tan(1e-7);
  scattering_angles(slopes(0, 0, 0, 0), slopes(t * std::cos(0.5236), t * std::sin(0.5236), 0, 0), a);
  EXPECT_NEAR(a.theta_space / 1e-7, 1.0, 1e-12);
  scattering_angles(slopes(0.3, 0.1, 0, 0), slopes(0.3, 0.1, 0, 0), a);
  EXPECT_EQ(a.theta_space, 0.0);
}

TEST(ScatteringAngles, SpaceAngleOfTwoTiltedTracks) {
  // Directions (tx, ty, 1): the angle from the normalised dot product.
  ScatteringAngles<double> a;
  scattering_angles(slopes(0.2, -0.3, 0, 0), slopes(0.25, -0.1, 0, 0), a);
  const double dot = 0.2 * 0.25 + 0.3 * 0.1 + 1.0;
  const double expected = std::acos(dot / std::sqrt((0.04 + 0.09 + 1) * (0.0625 + 0.01 + 1)));
  EXPECT_NEAR(a.theta_space, expected, 1e-13);
}

TEST(ScatteringAngles, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst("scattering_angles");
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    std::uniform_real_distribution<double> u(0.5, 1.5);
    const double txi = 0.4 * g(rng), tyi = 0.4 * g(rng);
    const Vector x{txi, tyi, 1e-6 * u(rng), 1e-6 * u(rng),
                   txi + 0.03 * g(rng), tyi + 0.03 * g(rng), 1e-6 * u(rng), 1e-6 * u(rng)};
    const auto forward = [](const Vector& in) {
      ScatteringAngles<double> a;
      scattering_angles(slopes(in[0], in[1], in[2], in[3]), slopes(in[4], in[5], in[6], in[7]), a);
      return Vector{a.theta_x, a.theta_y, a.theta_space, a.var_theta_x, a.var_theta_y};
    };
    const auto adjoint = [](const Vector& in, const Vector& d) {
      TrackFit<double> di{}, dout{};
      scattering_angles_adjoint(slopes(in[0], in[1], in[2], in[3]), slopes(in[4], in[5], in[6], in[7]),
                                ScatteringAngles<double>{d[0], d[1], d[2], d[3], d[4]}, di, dout);
      EXPECT_EQ(di.x0, 0.0);  // untouched fields stay untouched
      EXPECT_EQ(dout.cov_x00, 0.0);
      return Vector{di.tx, di.ty, di.cov_x11, di.cov_y11, dout.tx, dout.ty, dout.cov_x11, dout.cov_y11};
    };
    const Vector floor{1e-2, 1e-2, 1e-12, 1e-12, 1e-2, 1e-2, 1e-12, 1e-12};
    const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, floor, rng),
                                          testing::scaled_cotangent(forward(x), rng));
    worst.add(r);
    EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
  }
}

}  // namespace
}  // namespace detgrad::tomography
