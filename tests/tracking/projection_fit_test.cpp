// Fit of one projection: an exact line, the closed-form covariance, no fit without two
// planes, and the adjoint against finite differences.
#include "detgrad/tracking/projection_fit.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

#include "tomography/finite_difference.hpp"

namespace detgrad::tracking {
namespace {

using tomography::testing::Vector;
namespace fd = tomography::testing;

constexpr int kFields = 4;  // z, u, sigma, weight per measurement

std::vector<ProjectionMeasurement<double>> unpack(const Vector& in, int n) {
  std::vector<ProjectionMeasurement<double>> m(n);
  for (int k = 0; k < n; ++k) m[k] = {in[kFields * k], in[kFields * k + 1], in[kFields * k + 2], in[kFields * k + 3]};
  return m;
}

Vector pack(const ProjectionFit<double>& f) { return {f.u0, f.t, f.z_ref, f.cov00, f.cov01, f.cov11}; }

TEST(ProjectionFit, ExactLineAndClosedFormCovariance) {
  const double z[3] = {0.0, 0.3, 0.7}, sigma[3] = {1e-4, 2e-4, 1e-4}, w[3] = {1.0, 0.5, 0.8};
  const double u0 = -0.02, t = 0.013, z_ref = 0.4;
  ProjectionMeasurement<double> m[3];
  for (int k = 0; k < 3; ++k) m[k] = {z[k], u0 + t * (z[k] - z_ref), sigma[k], w[k]};
  ProjectionFit<double> f;
  ASSERT_TRUE(fit_projection(m, 3, z_ref, f));
  EXPECT_NEAR(f.u0, u0, 1e-15);
  EXPECT_NEAR(f.t, t, 1e-14);
  EXPECT_EQ(f.z_ref, z_ref);
  // The covariance is the inverse of N = sum omega (1, dz)(1, dz)^T.
  double n00 = 0, n01 = 0, n11 = 0;
  for (int k = 0; k < 3; ++k) {
    const double omega = w[k] / (sigma[k] * sigma[k]), dz = z[k] - z_ref;
    n00 += omega;
    n01 += omega * dz;
    n11 += omega * dz * dz;
  }
  EXPECT_NEAR(n00 * f.cov00 + n01 * f.cov01, 1.0, 1e-12);
  EXPECT_NEAR(n00 * f.cov01 + n01 * f.cov11, 0.0, 1e-12);
  EXPECT_NEAR(n01 * f.cov01 + n11 * f.cov11, 1.0, 1e-12);
}

TEST(ProjectionFit, OnePlaneHasNoFitAndNoGradient) {
  // Two measurements, one of them with zero weight: a single plane carries information.
  const ProjectionMeasurement<double> m[2] = {{0.1, 0.2, 1e-4, 1.0}, {0.5, 0.3, 1e-4, 0.0}};
  ProjectionFit<double> f;
  EXPECT_FALSE(fit_projection(m, 2, 0.3, f));
  EXPECT_EQ(f.u0, 0.0);
  EXPECT_EQ(f.cov00, 0.0);
  ProjectionMeasurement<double> d[2] = {};
  double d_zref = 0.0;
  fit_projection_adjoint(m, 2, 0.3, ProjectionFit<double>{1, 1, 0, 1, 1, 1}, d, d_zref);
  EXPECT_EQ(d[0].z, 0.0);
  EXPECT_EQ(d[1].weight, 0.0);
  EXPECT_EQ(d_zref, 0.0);
}

TEST(ProjectionFit, MachineEpsilonsAreTheLimits) {
  EXPECT_EQ(machine_epsilon(0.0f), std::numeric_limits<float>::epsilon());
  EXPECT_EQ(machine_epsilon(0.0), std::numeric_limits<double>::epsilon());
}

TEST(ProjectionFit, AdjointMatchesFiniteDifferences) {
  fd::MaxError worst("fit_projection");
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    std::normal_distribution<double> g(0.0, 1.0);
    const int n = 2 + int(uni(rng) * 5);
    const double u0 = uni(rng), t = 0.3 * g(rng);
    Vector x, floor;
    for (int k = 0; k < n; ++k) {
      const double z = 0.1 * k + 0.02 * uni(rng), sigma = 1e-4 * (0.5 + uni(rng));
      x.insert(x.end(), {z, u0 + t * (z - 0.2) + sigma * g(rng), sigma, 0.2 + 0.8 * uni(rng)});
      floor.insert(floor.end(), {1e-2, 1e-2, 1e-5, 1e-2});
    }
    x.push_back(0.1 + 0.2 * uni(rng));  // z_ref
    floor.push_back(1e-2);
    const auto forward = [&](const Vector& in) {
      ProjectionFit<double> f;
      fit_projection(unpack(in, n).data(), n, in.back(), f);
      return pack(f);
    };
    const auto adjoint = [&](const Vector& in, const Vector& d_out) {
      std::vector<ProjectionMeasurement<double>> d(n, ProjectionMeasurement<double>{0, 0, 0, 0});
      double d_zref = 0.0;
      const ProjectionFit<double> d_fit{d_out[0], d_out[1], d_out[2], d_out[3], d_out[4], d_out[5]};
      fit_projection_adjoint(unpack(in, n).data(), n, in.back(), d_fit, d.data(), d_zref);
      Vector out;
      for (const auto& e : d) out.insert(out.end(), {e.z, e.u, e.sigma, e.weight});
      out.push_back(d_zref);
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
