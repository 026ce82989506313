// The response model's adjoint (stack_response_model.hpp) against central finite
// differences in double, on a mixed stack with trailing passive slabs and leakage; the
// regularised incomplete gamma function against known values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "detgrad/calorimeter/stack_response_model.hpp"

namespace detgrad::calorimeter {
namespace {

TEST(StackResponseModel, IncompleteGamma) {
  EXPECT_NEAR(regularized_gamma_p(1.0, 2.0), 1.0 - std::exp(-2.0), 1e-14);  // exponential
  EXPECT_NEAR(regularized_gamma_p(2.0, 3.0), 1.0 - 4.0 * std::exp(-3.0), 1e-14);
  EXPECT_NEAR(regularized_gamma_p(4.0, 7.75), 0.95, 2e-4);  // chi^2(8 dof) 95 % point 15.507 / 2
  EXPECT_NEAR(regularized_gamma_p(3.7, 20.0), 1.0 - 0.0000061, 2e-5);
  const double h = 1e-6;  // the density is the derivative
  for (double x : {0.5, 3.0, 9.0})
    EXPECT_NEAR((regularized_gamma_p(3.3, x + h) - regularized_gamma_p(3.3, x - h)) / (2 * h), gamma_density(3.3, x),
                1e-8);
}

TEST(StackResponseModel, AdjointMatchesCentralDifferences) {
  // 6 x [lead, scintillator] with uneven thicknesses, then a passive iron slab.
  std::vector<ResponseSlab> slabs;
  std::vector<double> d;
  for (int i = 0; i < 6; ++i) {
    slabs.push_back({0.005612, 1.27e-1, false});
    d.push_back(0.002 + 0.0007 * i);
    slabs.push_back({0.4131, 2.05e-1 * 1.06 / 1.0, true});
    d.push_back(0.004 - 0.0002 * i);
  }
  slabs.push_back({0.01757, 1.15, false});
  d.push_back(0.01);
  const int n = int(d.size());
  const ResponseShape shape{3.4, 0.45, 2.0, 1.3, 0.6, 1.4, 2e-3};
  std::vector<double> work(4 * n + 4), grad(n, 0.0);
  resolution_squared_adjoint(slabs.data(), d.data(), n, shape, 1.0, grad.data(), work.data());
  for (int l = 0; l < n; ++l) {
    std::vector<double> p = d, m = d;
    const double h = 1e-6 * d[l];
    p[l] += h;
    m[l] -= h;
    const double fd = (resolution_squared(slabs.data(), p.data(), n, shape, work.data()) -
                       resolution_squared(slabs.data(), m.data(), n, shape, work.data())) /
                      (2 * h);
    EXPECT_NEAR(grad[l], fd, 1e-6 * std::fabs(fd) + 1e-12) << "slab " << l;
  }
}

}  // namespace
}  // namespace detgrad::calorimeter
