// Soft voxel assignment: normalisation, the large-window and small-sigma limits, the normal
// CDF, and adjoints against finite differences.
#include "detgrad/tomography/voxel_assignment.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tomography/finite_difference.hpp"

namespace detgrad::tomography {
namespace {

using testing::Vector;

const GridAxis<double> kAxis{0.2, 0.1, 6};  // TomOpt hello world, z: 6 cells of 0.1 m from 0.2 m

double phi_reference(double u) { return 0.5 * std::erfc(-u / std::sqrt(2.0)); }

TEST(NormalCdf, KnownValuesAndFloatAccuracy) {
  EXPECT_DOUBLE_EQ(normal_cdf(0.0), 0.5);
  EXPECT_NEAR(normal_cdf(1.0), 0.8413447460685429, 1e-16);      // tables of Phi
  EXPECT_NEAR(normal_cdf(-3.0) / 1.3498980316300946e-3, 1.0, 1e-14);
  EXPECT_NEAR(normal_cdf(-10.0) / 7.619853024160527e-24, 1.0, 1e-13);  // lower tail kept
  for (double u = -6.0; u <= 6.0; u += 0.37) EXPECT_NEAR(normal_cdf(float(u)), normal_cdf(u), 2e-7) << u;
}

TEST(AxisAssignment, SumsToAtMostOneOrExactlyOneWhenRenormalised) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int trial = 0; trial < 200; ++trial) {
    const double p = 0.1 + 0.8 * u(rng), sigma = 0.005 + 0.2 * u(rng);
    AxisAssignment<double, 2> raw, norm;
    assign_axis(p, sigma, kAxis, WindowNormalisation::none, raw);
    assign_axis(p, sigma, kAxis, WindowNormalisation::renormalised, norm);
    double s_raw = 0.0, s_norm = 0.0;
    for (int i = 0; i < 5; ++i) {
      EXPECT_GE(raw.prob[i], 0.0);
      s_raw += raw.prob[i];
      s_norm += norm.prob[i];
    }
    EXPECT_LE(s_raw, 1.0 + 1e-15);
    EXPECT_NEAR(s_norm, 1.0, 1e-14);
    EXPECT_GE(raw.first, 0);
    EXPECT_LE(raw.first + raw.count, kAxis.count);
  }
}

TEST(AxisAssignment, LargeWindowIsTheDifferenceOfNormalCdfs) {
  // K = 8 > 6 cells: the window is the whole grid, and p_i = Phi(b_i) - Phi(a_i).
  for (double p : {0.25, 0.47, 0.79, 0.05, 1.3}) {
    AxisAssignment<double, 8> a;
    assign_axis(p, 0.07, kAxis, WindowNormalisation::none, a);
    ASSERT_EQ(a.first, 0);
    ASSERT_EQ(a.count, 6);
    double sum = 0.0;
    for (int i = 0; i < 6; ++i) {
      const double lo = 0.2 + 0.1 * i;
      EXPECT_NEAR(a.prob[i], phi_reference((lo + 0.1 - p) / 0.07) - phi_reference((lo - p) / 0.07), 1e-15);
      sum += a.prob[i];
    }
    EXPECT_NEAR(sum, phi_reference((0.8 - p) / 0.07) - phi_reference((0.2 - p) / 0.07), 1e-14);
    for (int i = 6; i < 17; ++i) EXPECT_EQ(a.prob[i], 0.0);
  }
}

TEST(AxisAssignment, SmallSigmaIsTheHardAssignment) {
  AxisAssignment<double, 2> a;
  assign_axis(0.43, 1e-6, kAxis, WindowNormalisation::none, a);
  EXPECT_EQ(a.first, 0);  // cell 2 holds 0.43, window cells 0..4
  EXPECT_EQ(a.count, 5);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.prob[i], i == 2 ? 1.0 : 0.0);
  // Far in a tail the probability keeps its relative precision (no 1 - 1 cancellation).
  assign_axis(0.2, 0.0125, kAxis, WindowNormalisation::none, a);  // cell 1 at 8 to 16 sigma
  EXPECT_NEAR(a.prob[1] / (phi_reference(-8.0) - phi_reference(-16.0)), 1.0, 1e-12);
}

TEST(AxisAssignment, PointFarOutsideTheGrid) {
  AxisAssignment<double, 2> a;
  assign_axis(1e30, 0.01, kAxis, WindowNormalisation::renormalised, a);
  EXPECT_EQ(a.first, 3);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.prob[i], 0.0);
  double dp = 0.0, ds = 0.0;
  assign_axis_adjoint(1e30, 0.01, kAxis, WindowNormalisation::renormalised, a, dp, ds);
  EXPECT_EQ(dp, 0.0);
}

TEST(AxisAssignment, AdjointMatchesFiniteDifferences) {
  for (WindowNormalisation norm : {WindowNormalisation::none, WindowNormalisation::renormalised}) {
    testing::MaxError worst(norm == WindowNormalisation::none ? "assign_axis (none)" : "assign_axis (renormalised)");
    for (unsigned seed = 1; seed <= 40; ++seed) {
      std::mt19937_64 rng(seed);
      std::uniform_real_distribution<double> u(0.0, 1.0);
      const Vector x{0.15 + 0.7 * u(rng), 0.02 + 0.1 * u(rng)};
      const auto forward = [&](const Vector& in) {
        AxisAssignment<double, 2> a;
        assign_axis(in[0], in[1], kAxis, norm, a);
        return Vector(a.prob, a.prob + 5);
      };
      const auto adjoint = [&](const Vector& in, const Vector& d) {
        AxisAssignment<double, 2> da{0, 0, {d[0], d[1], d[2], d[3], d[4]}};
        double dp = 0.0, ds = 0.0;
        assign_axis_adjoint(in[0], in[1], kAxis, norm, da, dp, ds);
        return Vector{dp, ds};
      };
      const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, Vector{1e-2, 1e-3}, rng),
                                            testing::random_cotangent(5, rng));
      worst.add(r);
      EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
    }
  }
}

TEST(VoxelWeight, ChainAdjointMatchesFiniteDifferences) {
  testing::MaxError worst("voxel_weight (3 axes, chained)");
  const GridAxis<double> ax{0.0, 0.1, 10};
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const Vector x{0.1 + 0.8 * u(rng), 0.1 + 0.8 * u(rng), 0.1 + 0.8 * u(rng),
                   0.02 + 0.06 * u(rng), 0.02 + 0.06 * u(rng), 0.05 + 0.1 * u(rng)};
    const int i = int(5 * u(rng)), j = int(5 * u(rng)), k = int(5 * u(rng));
    const auto forward = [&](const Vector& in) {
      AxisAssignment<double, 2> a[3];
      for (int axis = 0; axis < 3; ++axis)
        assign_axis(in[axis], in[3 + axis], ax, WindowNormalisation::renormalised, a[axis]);
      return Vector{voxel_weight(a[0], a[1], a[2], i, j, k)};
    };
    const auto adjoint = [&](const Vector& in, const Vector& d) {
      AxisAssignment<double, 2> a[3], da[3] = {};
      for (int axis = 0; axis < 3; ++axis)
        assign_axis(in[axis], in[3 + axis], ax, WindowNormalisation::renormalised, a[axis]);
      voxel_weight_adjoint(a[0], a[1], a[2], i, j, k, d[0], da[0], da[1], da[2]);
      Vector g(6, 0.0);
      for (int axis = 0; axis < 3; ++axis)
        assign_axis_adjoint(in[axis], in[3 + axis], ax, WindowNormalisation::renormalised, da[axis], g[axis],
                            g[3 + axis]);
      return g;
    };
    const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, Vector(6, 1e-2), rng),
                                          testing::random_cotangent(1, rng));
    worst.add(r);
    EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
  }
}

}  // namespace
}  // namespace detgrad::tomography
