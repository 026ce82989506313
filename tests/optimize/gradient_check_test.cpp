// check_gradient: a right adjoint passes, also for a derivative far smaller than the others
// (judged within the central difference's rounding error); a wrong one fails, large or small.
#include <gtest/gtest.h>

#include <cmath>

#include "optimize/gradient_check.hpp"

namespace detgrad::optimize {
namespace {

// loss = 1e3 x0^2 + sin(x1) + c x2 at x2 = 1e-3 (steps of 1e-10 to 1e-8) with c = 0.01: the third
// derivative is 7e-6 of the first, and the loss's rounding (~1e-13) swamps 1e-4 of it.
GradientProblem problem(double c, const std::vector<double>& gradient_error) {
  GradientProblem p;
  for (const char* name : {"x0", "x1", "x2"}) p.parameters.push_back({name, "m", "g", -10.0, 10.0});
  p.x = {0.7, 0.3, 1e-3};
  p.loss_at = [c](const std::vector<double>& x) { return 1e3 * x[0] * x[0] + std::sin(x[1]) + c * x[2]; };
  p.loss = p.loss_at(p.x);
  p.gradient = {2e3 * p.x[0], std::cos(p.x[1]), c};
  for (std::size_t i = 0; i < 3; ++i) p.gradient[i] += gradient_error[i];
  return p;
}

TEST(GradientCheck, RightAdjointPassesEvenForATinyDerivative) {
  const GradientCheck check = check_gradient(problem(0.01, {0.0, 0.0, 0.0}));
  EXPECT_TRUE(check.passed());
  EXPECT_FALSE(check.parameters[2].negligible);  // 7e-6 of the largest: judged
  EXPECT_GT(check.parameters[2].relative_error, check.tolerance);  // the difference cannot resolve 1e-4 of it
  EXPECT_TRUE(check.parameters[2].within_rounding);
}

TEST(GradientCheck, WrongAdjointFails) {
  EXPECT_FALSE(check_gradient(problem(0.01, {1.4, 0.0, 0.0})).passed());   // 1e-3 of 1400
  EXPECT_FALSE(check_gradient(problem(0.01, {0.0, 1e-3, 0.0})).passed());  // 1e-3 of 0.96
  // The small derivative wrong by a tenth of itself is beyond the rounding error (~1e-5 here).
  const GradientCheck check = check_gradient(problem(0.01, {0.0, 0.0, 1e-3}));
  EXPECT_FALSE(check.parameters[2].passed);
  EXPECT_LT(check.parameters[2].rounding, 1e-4);
}

}  // namespace
}  // namespace detgrad::optimize
