// Scattering variance of a linear track estimator: the two-hit slope (a kick at the first
// hit is seen fully by an outgoing track and not at all by an incoming one; one at the last
// hit the reverse), a Monte Carlo of explicit kicks, and the adjoint against central
// differences.
#include "detgrad/muone/scattering_variance.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/core/random.hpp"

namespace detgrad::muone {
namespace {

TEST(ScatteringVariance, TwoHitSlope) {
  const double z[2] = {0.2, 0.9}, cv[2] = {1, 1}, sv[2] = {0, 0};
  const double c[2] = {-1 / 0.7, 1 / 0.7};
  const double first[2] = {4e-8, 0}, last[2] = {0, 4e-8};
  EXPECT_NEAR(scattering_variance(z, cv, sv, c, first, 2, 1.0, 0.0, TrackSide::outgoing), 4e-8, 1e-20);
  EXPECT_NEAR(scattering_variance(z, cv, sv, c, last, 2, 1.0, 0.0, TrackSide::outgoing), 0.0, 1e-20);
  EXPECT_NEAR(scattering_variance(z, cv, sv, c, first, 2, 1.0, 0.0, TrackSide::incoming), 0.0, 1e-20);
  EXPECT_NEAR(scattering_variance(z, cv, sv, c, last, 2, 1.0, 0.0, TrackSide::incoming), 4e-8, 1e-20);
}

TEST(ScatteringVariance, MonteCarloOfExplicitKicks) {
  // Four hits with x, y and stereo views; an estimator with arbitrary coefficients; kicks
  // applied to a straight track hit by hit.
  const int n = 4;
  const double z[n] = {0.2, 0.25, 0.55, 0.9};
  const double cv[n] = {1, 0, 0.70710678118654752, 1}, sv[n] = {0, 1, 0.70710678118654752, 0};
  const double c[n] = {-0.8, 0.3, 0.6, 1.1};
  const double theta2[n] = {1e-6, 2e-6, 0.5e-6, 3e-6};
  for (TrackSide side : {TrackSide::outgoing, TrackSide::incoming}) {
    const double nx = 0.6, ny = 0.8;
    const double expected = scattering_variance(z, cv, sv, c, theta2, n, nx, ny, side);
    const int trials = 200000;
    double sum2 = 0;
    for (int t = 0; t < trials; ++t) {
      EventRandom rng(1, 0, RandomStream::transport, std::uint64_t(t));
      double x = 0, y = 0, tx = 0, ty = 0, zp = z[0], est = 0;
      for (int i = 0; i < n; ++i) {
        x += tx * (z[i] - zp);
        y += ty * (z[i] - zp);
        zp = z[i];
        est += c[i] * (cv[i] * x + sv[i] * y);
        double a, b;
        rng.normal_pair(a, b);
        tx += std::sqrt(theta2[i]) * a;
        ty += std::sqrt(theta2[i]) * b;
      }
      const double err = side == TrackSide::incoming ? est - (nx * tx + ny * ty) : est;
      sum2 += err * err;
    }
    EXPECT_NEAR(sum2 / trials / expected, 1.0, 5 * std::sqrt(2.0 / trials));
  }
}

TEST(ScatteringVariance, AdjointAgainstFiniteDifferences) {
  const int n = 4;
  double z[n] = {0.2, 0.25, 0.55, 0.9};
  const double cv[n] = {1, 0, 0.70710678118654752, 1}, sv[n] = {0, 1, 0.70710678118654752, 0};
  double c[n] = {-0.8, 0.3, 0.6, 1.1};
  double theta2[n] = {1e-6, 2e-6, 0.5e-6, 3e-6};
  for (TrackSide side : {TrackSide::outgoing, TrackSide::incoming}) {
    double d_z[n] = {}, d_c[n] = {}, d_t[n] = {};
    scattering_variance_adjoint(z, cv, sv, c, theta2, n, 0.6, 0.8, side, 1.0, d_z, d_c, d_t);
    auto f = [&]() { return scattering_variance(z, cv, sv, c, theta2, n, 0.6, 0.8, side); };
    for (double* v : {z, c, theta2})
      for (int i = 0; i < n; ++i) {
        const double keep = v[i], h = 1e-6 * std::fabs(keep);
        v[i] = keep + h;
        const double up = f();
        v[i] = keep - h;
        const double down = f();
        v[i] = keep;
        const double fd = (up - down) / (2 * h);
        const double ad = v == z ? d_z[i] : (v == c ? d_c[i] : d_t[i]);
        EXPECT_NEAR(ad, fd, 1e-6 * std::fabs(fd) + 1e-18) << i;
      }
  }
}

}  // namespace
}  // namespace detgrad::muone
