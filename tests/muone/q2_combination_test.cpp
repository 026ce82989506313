// q2 from both angles: the variance formula against a direct 2x2 inversion, its limits
// (one angle blind, independent angles), and its adjoint against central differences.
#include "detgrad/muone/q2_combination.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad::muone {
namespace {

TEST(Q2Combination, MatchesTheInverseOfTheInformation) {
  const double ve = 2e-8, vmu = 3e-8, c = -1e-8, je = -0.05, jmu = 0.02;
  const double det = ve * vmu - c * c;
  const double inv[2][2] = {{vmu / det, -c / det}, {-c / det, ve / det}};
  const double info = je * (inv[0][0] * je + inv[0][1] * jmu) + jmu * (inv[1][0] * je + inv[1][1] * jmu);
  EXPECT_NEAR(combined_q2_variance(ve, vmu, c, je, jmu) * info, 1.0, 1e-12);
  // One angle blind: the other's alone. Independent angles: inverse variances add.
  EXPECT_NEAR(combined_q2_variance(ve, vmu, 0.0, je, 0.0) / (ve / (je * je)), 1.0, 1e-12);
  const double a = ve / (je * je), b = vmu / (jmu * jmu);
  EXPECT_NEAR(combined_q2_variance(ve, vmu, 0.0, je, jmu) / (a * b / (a + b)), 1.0, 1e-12);
}

TEST(Q2Combination, AdjointAgainstFiniteDifferences) {
  const double x[3] = {2e-8, 3e-8, -1e-8};
  const double je = -0.05, jmu = 0.02;
  double d[3] = {0, 0, 0};
  combined_q2_variance_adjoint(x[0], x[1], x[2], je, jmu, 1.0, d[0], d[1], d[2]);
  for (int i = 0; i < 3; ++i) {
    double p[3] = {x[0], x[1], x[2]}, m[3] = {x[0], x[1], x[2]};
    const double h = 1e-6 * std::fabs(x[i]);
    p[i] += h;
    m[i] -= h;
    const double fd = (combined_q2_variance(p[0], p[1], p[2], je, jmu) - combined_q2_variance(m[0], m[1], m[2], je, jmu)) / (2 * h);
    EXPECT_NEAR(d[i], fd, 1e-6 * std::fabs(fd)) << i;
  }
}

}  // namespace
}  // namespace detgrad::muone
