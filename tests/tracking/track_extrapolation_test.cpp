// A fitted track at another plane: position and covariance by J cov J^T, the projection on a
// view, and both adjoints against finite differences.
#include "detgrad/tracking/track_extrapolation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tomography/finite_difference.hpp"

namespace detgrad::tracking {
namespace {

using tomography::testing::Vector;
namespace fd = tomography::testing;

// A track with a random positive-definite covariance (A A^T + small diagonal).
TrackFit<double> random_fit(std::mt19937_64& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  TrackFit<double> f{0.01 * g(rng), 0.003 * g(rng), 0.01 * g(rng), 0.003 * g(rng), 0.4 + 0.1 * g(rng), {}, 3.0};
  double a[4][4];
  for (auto& row : a)
    for (double& e : row) e = 1e-5 * g(rng);
  for (int i = 0; i < 4; ++i)
    for (int j = i; j < 4; ++j) {
      double c = i == j ? 1e-12 : 0.0;
      for (int l = 0; l < 4; ++l) c += a[i][l] * a[j][l];
      f.cov[covariance_index(i, j)] = c;
    }
  return f;
}

TEST(TrackExtrapolation, PositionAndCovarianceAreTheLinearPropagation) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 10; ++trial) {
    const TrackFit<double> f = random_fit(rng);
    const double z = 1.3 - 0.2 * trial;
    const TrackPoint<double> p = extrapolate_track(f, z);
    const double dz = z - f.z_ref;
    EXPECT_DOUBLE_EQ(p.x, f.x0 + f.tx * dz);
    EXPECT_DOUBLE_EQ(p.y, f.y0 + f.ty * dz);
    // J = [[1, dz, 0, 0], [0, 0, 1, dz]]: J cov J^T.
    const double j[2][4] = {{1, dz, 0, 0}, {0, 0, 1, dz}};
    double jcj[2][2] = {};
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b)
        for (int k = 0; k < 4; ++k)
          for (int l = 0; l < 4; ++l) jcj[a][b] += j[a][k] * f.covariance(k, l) * j[b][l];
    EXPECT_NEAR(p.var_x, jcj[0][0], 1e-12 * jcj[0][0]);
    EXPECT_NEAR(p.var_y, jcj[1][1], 1e-12 * jcj[1][1]);
    EXPECT_NEAR(p.cov_xy, jcj[0][1], 1e-12 * std::sqrt(jcj[0][0] * jcj[1][1]));
    // Projection on a view at 30 deg.
    const double c = std::cos(0.5235987755982988), s = std::sin(0.5235987755982988);
    double u, var_u;
    project_point(p, c, s, u, var_u);
    EXPECT_DOUBLE_EQ(u, c * p.x + s * p.y);
    EXPECT_NEAR(var_u, c * c * jcj[0][0] + 2 * c * s * jcj[0][1] + s * s * jcj[1][1], 1e-12 * var_u);
  }
}

Vector pack_fit(const TrackFit<double>& f) {
  Vector v{f.x0, f.tx, f.y0, f.ty, f.z_ref};
  v.insert(v.end(), f.cov, f.cov + kTrackCovarianceSize);
  return v;
}

TrackFit<double> unpack_fit(const Vector& v) {
  TrackFit<double> f{v[0], v[1], v[2], v[3], v[4], {}, 0.0};
  for (int i = 0; i < kTrackCovarianceSize; ++i) f.cov[i] = v[5 + i];
  return f;
}

TEST(TrackExtrapolation, AdjointsMatchFiniteDifferences) {
  fd::MaxError worst("extrapolate_track + project_point");
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    Vector x = pack_fit(random_fit(rng));
    const double angle = 6.283185307179586 * uni(rng);
    x.insert(x.end(), {-0.5 + 2.0 * uni(rng), std::cos(angle), std::sin(angle)});  // z, cos_a, sin_a
    Vector floor(x.size(), 1e-2);
    for (int i = 0; i < kTrackCovarianceSize; ++i) floor[5 + i] = 1e-11;
    // Outputs: the point (x, y, var_x, var_y, cov_xy) and the projection (u, var_u).
    const auto forward = [](const Vector& in) {
      const TrackPoint<double> p = extrapolate_track(unpack_fit(in), in[15]);
      double u, var_u;
      project_point(p, in[16], in[17], u, var_u);
      return Vector{p.x, p.y, p.var_x, p.var_y, p.cov_xy, u, var_u};
    };
    const auto adjoint = [](const Vector& in, const Vector& d_out) {
      const TrackFit<double> f = unpack_fit(in);
      const TrackPoint<double> p = extrapolate_track(f, in[15]);
      TrackPoint<double> d_p{d_out[0], d_out[1], d_out[2], d_out[3], d_out[4]};
      double d_cos = 0.0, d_sin = 0.0, d_z = 0.0;
      project_point_adjoint(p, in[16], in[17], d_out[5], d_out[6], d_p, d_cos, d_sin);
      TrackFit<double> d_f{0, 0, 0, 0, 0, {}, 0};
      extrapolate_track_adjoint(f, in[15], d_p, d_f, d_z);
      Vector out = pack_fit(d_f);
      out.insert(out.end(), {d_z, d_cos, d_sin});
      return out;
    };
    const auto r = fd::check_adjoint(forward, adjoint, x, fd::random_direction(x, floor, rng),
                                     fd::scaled_cotangent(forward(x), rng));
    worst.add(r);
    EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
  }
}

}  // namespace
}  // namespace detgrad::tracking
