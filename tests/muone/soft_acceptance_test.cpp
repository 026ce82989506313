// Smooth acceptance: limits and edge value, and its adjoint against central differences.
#include "detgrad/muone/soft_acceptance.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad::muone {
namespace {

TEST(SoftAcceptance, LimitsAndEdge) {
  EXPECT_NEAR(soft_inside(0.0, 0.05, 1e-3), 1.0, 1e-12);
  EXPECT_NEAR(soft_inside(0.06, 0.05, 1e-3), 0.0, 1e-4);
  EXPECT_NEAR(soft_inside(-0.05, 0.05, 1e-3), 0.5, 1e-12);
  EXPECT_NEAR(soft_inside(0.05, 0.05, 1e-3), 0.5, 1e-12);
}

TEST(SoftAcceptance, AdjointAgainstFiniteDifferences) {
  for (double a : {-0.052, -0.049, 0.0495, 0.0513}) {
    double d_a = 0;
    soft_inside_adjoint(a, 0.05, 1e-3, 1.0, d_a);
    const double h = 1e-7;
    const double fd = (soft_inside(a + h, 0.05, 1e-3) - soft_inside(a - h, 0.05, 1e-3)) / (2 * h);
    EXPECT_NEAR(d_a, fd, 1e-4 * std::fabs(fd)) << a;
  }
}

}  // namespace
}  // namespace detgrad::muone
