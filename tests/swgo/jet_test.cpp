#include "detgrad/swgo/jet.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad::swgo {
namespace {

using J = Jet<double, 3>;

// f(x, y, z) = exp(x y) / sqrt(z) + log(x) sin(y) cos(z) + pow(x, z) - 3 / y + pow(y, 2.5)
template <typename S>
S f(const S& x, const S& y, const S& z) {
  using std::cos;
  using std::exp;
  using std::log;
  using std::pow;
  using std::sin;
  using std::sqrt;
  return exp(x * y) / sqrt(z) + log(x) * sin(y) * cos(z) + pow(x, z) - 3.0 / y + pow(y, 2.5) - (x - 1.0) * 2.0;
}

TEST(Jet, FirstAndSecondDerivativesMatchFiniteDifferences) {
  const double p[3] = {1.3, 0.7, 2.1};
  const J r = f(J::variable(p[0], 0), J::variable(p[1], 1), J::variable(p[2], 2));
  EXPECT_DOUBLE_EQ(r.v, f(p[0], p[1], p[2]));
  const double h = 1e-5;  // truncation h^2 f''' / 6 ~ 1e-9, rounding ~ 1e-10
  for (int i = 0; i < 3; ++i) {
    double a[3] = {p[0], p[1], p[2]}, b[3] = {p[0], p[1], p[2]};
    a[i] += h;
    b[i] -= h;
    EXPECT_NEAR(r.g[i], (f(a[0], a[1], a[2]) - f(b[0], b[1], b[2])) / (2 * h), 1e-7);
    // Hessian row i from the jets' gradients at shifted points.
    const J ja = f(J::variable(a[0], 0), J::variable(a[1], 1), J::variable(a[2], 2));
    const J jb = f(J::variable(b[0], 0), J::variable(b[1], 1), J::variable(b[2], 2));
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(r.hess(i, j), (ja.g[j] - jb.g[j]) / (2 * h), 1e-6) << i << j;
  }
}

}  // namespace
}  // namespace detgrad::swgo
