// Highland width and the joint Gaussian (PDG RPP "Passage of particles through matter",
// eqs. 34.15-34.20). Expected values computed from the formula with beta = 1:
//   theta0 = 13.6 MeV / p * sqrt(x/X0) * (1 + 0.038 ln(x/X0)).
#include "detgrad/physics/multiple_scattering.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad {
namespace {

TEST(Highland, ReferenceValues) {
  // 1 cm of iron (X0 = 1.757 cm, PDG) at 3 GeV/c.
  EXPECT_NEAR(highland_theta0(3.0, 1.0, 0.01, 0.01757), 3.3467971992e-3, 1e-12);
  // 60 cm of beryllium (X0 = 35.28 cm) at 5 GeV/c.
  EXPECT_NEAR(highland_theta0(5.0, 1.0, 0.6, 0.3528), 3.6187339352e-3, 1e-12);
  // 10 cm of lead (X0 = 0.5612 cm) at 1 GeV/c.
  EXPECT_NEAR(highland_theta0(1.0, 1.0, 0.1, 0.005612), 6.3692428716e-2, 1e-11);
}

TEST(Highland, PerStepQuadratureUnderestimatesButTheRunFactorDoesNot) {
  // docs/references.md: summing per-step widths in quadrature over 10 x 1 cm of iron at 3 GeV/c
  // underestimates the whole-slab width by ~8 %.
  const double whole = highland_theta0(3.0, 1.0, 0.1, 0.01757);
  const double per_step = highland_theta0(3.0, 1.0, 0.01, 0.01757) * std::sqrt(10.0);
  EXPECT_NEAR(per_step / whole, 0.9179, 1e-3);
  // Steps with the run's log factor add up to the whole-slab variance, for any step.
  for (int steps : {1, 3, 10, 100, 1000}) {
    const double factor = highland_log_factor(0.1 / 0.01757, 1.0);
    double variance = 0;
    for (int i = 0; i < steps; ++i) variance += highland_step_variance(3.0, 3.0, 0.1 / steps, 0.01757, factor);
    EXPECT_NEAR(std::sqrt(variance) / whole, 1.0, 1e-12) << steps << " steps";
  }
}

TEST(Highland, LogFactorIsNeverNegative) {
  for (double u : {0.0, 1e-14, 1e-12, 1e-9, 1e-3, 1.0, 100.0}) EXPECT_GE(highland_log_factor(u, 0.99), 0.0);
  EXPECT_EQ(highland_log_factor(1e-14, 1.0), 0.0);  // bracket clamped
  EXPECT_NEAR(highland_log_factor(1.0, 1.0), 1.0, 1e-15);
}

TEST(JointGaussian, CovarianceStructure) {
  // Displacement = z1 L theta / sqrt(12) + z2 L theta / 2; angle = z2 theta.
  const double L = 0.2, theta = 0.01;
  const ProjectedKick<double> a = joint_gaussian_kick(L, theta, 1.0, 0.0);
  const ProjectedKick<double> b = joint_gaussian_kick(L, theta, 0.0, 1.0);
  EXPECT_NEAR(a.displacement_m, L * theta / std::sqrt(12.0), 1e-15);
  EXPECT_EQ(a.angle_rad, 0.0);
  EXPECT_NEAR(b.displacement_m, L * theta / 2, 1e-15);
  EXPECT_NEAR(b.angle_rad, theta, 1e-15);
  // rms(y)^2 = (L theta)^2 (1/12 + 1/4) = (L theta)^2 / 3; cov(y, angle) / (rms rms) = sqrt(3)/2.
  const double var_y = a.displacement_m * a.displacement_m + b.displacement_m * b.displacement_m;
  EXPECT_NEAR(var_y, L * L * theta * theta / 3, 1e-18);
  EXPECT_NEAR(b.displacement_m * b.angle_rad / (std::sqrt(var_y) * theta), std::sqrt(3.0) / 2, 1e-12);
}

TEST(ScatterStep, PerpendicularAxesAreOrthonormal) {
  for (Vec3<double> d : {Vec3<double>{0, 0, -1}, Vec3<double>{0.95, 0.1, -0.3}, Vec3<double>{0.3, -0.4, -0.8}}) {
    d = normalized(d);
    Vec3<double> e1, e2;
    perpendicular_axes(d, e1, e2);
    EXPECT_NEAR(norm(e1), 1.0, 1e-14);
    EXPECT_NEAR(norm(e2), 1.0, 1e-14);
    EXPECT_NEAR(dot(e1, d), 0.0, 1e-14);
    EXPECT_NEAR(dot(e2, d), 0.0, 1e-14);
    EXPECT_NEAR(dot(e1, e2), 0.0, 1e-14);
  }
}

}  // namespace
}  // namespace detgrad
