// PoCA of two fitted tracks and its propagated uncertainty: exact geometry, the parallel
// fallback, and adjoints against finite differences.
#include "detgrad/tomography/poca.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tomography/finite_difference.hpp"

namespace detgrad::tomography {
namespace {

using testing::Vector;

TrackFit<double> line(double x0, double y0, double tx, double ty, double z_ref) {
  return {x0, y0, tx, ty, z_ref, 0, 0, 0, 0, 0, 0};
}

TEST(Poca, CrossingLinesMeetAtTheCrossingPoint) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  for (int trial = 0; trial < 20; ++trial) {
    const Vec3<double> c{0.5 + u(rng), 0.5 + u(rng), 0.5 + 0.5 * u(rng)};
    const double txi = u(rng), tyi = u(rng), txo = u(rng), tyo = u(rng);
    const TrackFit<double> in = line(c.x + txi * (0.9 - c.z), c.y + tyi * (0.9 - c.z), txi, tyi, 0.9);
    const TrackFit<double> out = line(c.x + txo * (0.1 - c.z), c.y + tyo * (0.1 - c.z), txo, tyo, 0.1);
    Vec3<double> p;
    ASSERT_TRUE(poca(in, out, p));
    EXPECT_NEAR(p.x, c.x, 1e-13);
    EXPECT_NEAR(p.y, c.y, 1e-13);
    EXPECT_NEAR(p.z, c.z, 1e-12);
  }
}

TEST(Poca, SkewLinesGiveTheMidpointOfTheCommonPerpendicular) {
  // (s, 0, s) and (-t, 1, t): closest at s = t = 0, points (0,0,0) and (0,1,0).
  Vec3<double> p;
  ASSERT_TRUE(poca(line(0, 0, 1, 0, 0), line(0, 1, -1, 0, 0), p));
  EXPECT_NEAR(p.x, 0.0, 1e-15);
  EXPECT_NEAR(p.y, 0.5, 1e-15);
  EXPECT_NEAR(p.z, 0.0, 1e-15);
}

TEST(Poca, ParallelLinesFallBackToTheMiddleHeight) {
  Vec3<double> p;
  EXPECT_FALSE(poca(line(0.1, 0.5, 0.2, -0.1, 1.0), line(0.3, 0.7, 0.2, -0.1, 0.0), p));
  EXPECT_NEAR(p.z, 0.5, 1e-15);
  EXPECT_NEAR(p.x, 0.5 * ((0.1 - 0.1) + (0.3 + 0.1)), 1e-15);
  EXPECT_NEAR(p.y, 0.5 * ((0.5 + 0.05) + (0.7 - 0.05)), 1e-15);
  Vec3<float> pf;
  EXPECT_FALSE(poca(TrackFit<float>{0.1f, 0.5f, 0.2f, -0.1f, 1.f, 0, 0, 0, 0, 0, 0},
                    TrackFit<float>{0.3f, 0.7f, 0.2f, -0.1f, 0.f, 0, 0, 0, 0, 0, 0}, pf));
  EXPECT_TRUE(std::isfinite(pf.x) && std::isfinite(pf.z));
}

Vector pack_lines(const TrackFit<double>& a, const TrackFit<double>& b) {
  return {a.x0, a.y0, a.tx, a.ty, a.z_ref, b.x0, b.y0, b.tx, b.ty, b.z_ref};
}
void unpack_lines(const Vector& v, TrackFit<double>& a, TrackFit<double>& b) {
  a = line(v[0], v[1], v[2], v[3], v[4]);
  b = line(v[5], v[6], v[7], v[8], v[9]);
}

void check_poca_adjoint(const Vector& x, const Vector& v, std::mt19937_64& rng, testing::MaxError& worst,
                        bool expect_regular) {
  const auto forward = [&](const Vector& in) {
    TrackFit<double> a, b;
    unpack_lines(in, a, b);
    Vec3<double> p;
    EXPECT_EQ(poca(a, b, p), expect_regular);
    return Vector{p.x, p.y, p.z};
  };
  const auto adjoint = [&](const Vector& in, const Vector& d_out) {
    TrackFit<double> a, b, da{}, db{};
    unpack_lines(in, a, b);
    poca_adjoint(a, b, Vec3<double>{d_out[0], d_out[1], d_out[2]}, da, db);
    return pack_lines(da, db);
  };
  const auto r = testing::check_adjoint(forward, adjoint, x, v, testing::random_cotangent(3, rng));
  worst.add(r);
  EXPECT_LT(r.rel_error, 1e-6) << "adjoint " << r.adjoint << " fd " << r.fd;
}

TEST(Poca, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst("poca");
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    const double txi = 0.3 * g(rng), tyi = 0.3 * g(rng);
    const Vector x{0.5 + 0.2 * g(rng), 0.5 + 0.2 * g(rng), txi, tyi, 0.8,
                   0.5 + 0.2 * g(rng), 0.5 + 0.2 * g(rng), txi + 0.05 * g(rng), tyi + 0.05 * g(rng), 0.2};
    check_poca_adjoint(x, testing::random_direction(x, Vector(10, 1e-2), rng), rng, worst, true);
  }
}

TEST(Poca, FallbackAdjointMatchesFiniteDifferences) {
  testing::MaxError worst("poca (parallel fallback)");
  for (unsigned seed = 1; seed <= 10; ++seed) {
    std::mt19937_64 rng(50 + seed);
    std::normal_distribution<double> g(0.0, 1.0);
    const double tx = 0.3 * g(rng), ty = 0.3 * g(rng);
    const Vector x{0.5 + 0.2 * g(rng), 0.5 + 0.2 * g(rng), tx, ty, 0.8, 0.5 + 0.2 * g(rng), 0.5 + 0.2 * g(rng), tx, ty, 0.2};
    // Slope steps of ~1e-7 keep sin^2 ~ 1e-14, inside the fallback.
    Vector v = testing::random_direction(x, Vector(10, 1e-2), rng);
    for (int j : {2, 3, 7, 8}) v[j] = 0.1 * g(rng);
    check_poca_adjoint(x, v, rng, worst, false);
  }
}

TEST(PocaUncertainty, ClosedFormForEqualTracks) {
  TrackFit<double> in{0, 0, 0, 0, 0.9, 4e-9, -1e-9, 2e-8, 4e-9, -1e-9, 2e-8};
  TrackFit<double> out = in;
  out.z_ref = 0.1;
  PocaUncertainty<double> u;
  poca_uncertainty(in, out, 0.5, 0.01, 0.0, u);
  const double v_in = 4e-9 + 2 * (-0.4) * (-1e-9) + 0.16 * 2e-8, v_out = 4e-9 + 2 * 0.4 * (-1e-9) + 0.16 * 2e-8;
  EXPECT_NEAR(u.sigma_x, std::sqrt((v_in + v_out) / 4), 1e-18);
  EXPECT_NEAR(u.sigma_y, u.sigma_x, 1e-18);
  EXPECT_NEAR(u.sigma_z, std::sqrt(v_in + v_out) / 0.01, 1e-12);
}

TEST(PocaUncertainty, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst("poca_uncertainty");
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Vector x;
    for (int t = 0; t < 2; ++t)
      for (int axis = 0; axis < 2; ++axis) {
        const double a = 1e-4 * (0.5 + u(rng)), b = 1e-3 * (0.5 + u(rng)), rho = 0.9 * (2 * u(rng) - 1);
        x.insert(x.end(), {a * a, rho * a * b, b * b});
      }
    x.insert(x.end(), {0.85 + 0.1 * u(rng), 0.15 + 0.1 * u(rng), 0.3 + 0.4 * u(rng), 0.03 * u(rng), 2e-3});
    const auto unpack = [](const Vector& in, TrackFit<double>& a, TrackFit<double>& b) {
      a = {0, 0, 0, 0, in[12], in[0], in[1], in[2], in[3], in[4], in[5]};
      b = {0, 0, 0, 0, in[13], in[6], in[7], in[8], in[9], in[10], in[11]};
    };
    const auto forward = [&](const Vector& in) {
      TrackFit<double> a, b;
      unpack(in, a, b);
      PocaUncertainty<double> p;
      poca_uncertainty(a, b, in[14], in[15], in[16], p);
      return Vector{p.sigma_x, p.sigma_y, p.sigma_z};
    };
    const auto adjoint = [&](const Vector& in, const Vector& d_out) {
      TrackFit<double> a, b, da{}, db{};
      unpack(in, a, b);
      double dz = 0, dth = 0;
      poca_uncertainty_adjoint(a, b, in[14], in[15], in[16], PocaUncertainty<double>{d_out[0], d_out[1], d_out[2]},
                               da, db, dz, dth);
      return Vector{da.cov_x00, da.cov_x01, da.cov_x11, da.cov_y00, da.cov_y01, da.cov_y11,
                    db.cov_x00, db.cov_x01, db.cov_x11, db.cov_y00, db.cov_y01, db.cov_y11,
                    da.z_ref, db.z_ref, dz, dth, 0.0};  // theta_floor: a constant
    };
    Vector floor(12, 1e-12);  // covariances (m^2, rad m, rad^2): relative steps
    floor.insert(floor.end(), {1e-2, 1e-2, 1e-2, 1e-3, 1e-3});
    Vector v = testing::random_direction(x, floor, rng);
    v.back() = 0.0;
    const auto r = testing::check_adjoint(forward, adjoint, x, v, testing::scaled_cotangent(forward(x), rng));
    worst.add(r);
    EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
  }
}

}  // namespace
}  // namespace detgrad::tomography
