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

// 6 x [lead, scintillator] with uneven thicknesses, then a passive iron slab.
void mixed_stack(std::vector<ResponseSlab>& slabs, std::vector<double>& d) {
  for (int i = 0; i < 6; ++i) {
    slabs.push_back({0.005612, 1.27e-1, false});
    d.push_back(0.002 + 0.0007 * i);
    slabs.push_back({0.4131, 2.05e-1 * 1.06 / 1.0, true});
    d.push_back(0.004 - 0.0002 * i);
  }
  slabs.push_back({0.01757, 1.15, false});
  d.push_back(0.01);
}

void expect_adjoint_matches(const std::vector<ResponseSlab>& slabs, const std::vector<double>& d,
                            const ResponseShape& shape) {
  const int n = int(d.size());
  std::vector<double> work(response_work_size(n, shape.kernel.bins)), grad(n, 0.0);
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

TEST(StackResponseModel, AdjointMatchesCentralDifferences) {
  std::vector<ResponseSlab> slabs;
  std::vector<double> d;
  mixed_stack(slabs, d);
  expect_adjoint_matches(slabs, d, ResponseShape{3.4, 0.45, 2.0, 1.3, 0.6, 1.4, 2e-3});
}

TEST(StackResponseModel, ProfileTermAdjointMatchesCentralDifferences) {
  // A kernel on 9 bins of uneven width that do not line up with the stack's cells (which end
  // at 0.36-1.5 X0 and 7.4 X0 in all), reaching beyond the stack: a smooth covariance
  // (exp(-|u_i - u_j| / 2)) plus a diagonal.
  std::vector<ResponseSlab> slabs;
  std::vector<double> d;
  mixed_stack(slabs, d);
  const std::vector<double> edges = {0.0, 0.7, 1.5, 2.1, 3.3, 4.0, 5.2, 6.1, 7.0, 9.0};
  const int bins = int(edges.size()) - 1;
  std::vector<double> covariance(bins * bins), mean(bins);
  for (int i = 0; i < bins; ++i) {
    const double ui = 0.5 * (edges[i] + edges[i + 1]);
    mean[i] = 0.02 * ui * std::exp(-ui / 3.0);
    for (int j = 0; j < bins; ++j) {
      const double uj = 0.5 * (edges[j] + edges[j + 1]);
      covariance[i * bins + j] = 1e-4 * std::exp(-std::fabs(ui - uj) / 2.0) + (i == j ? 2e-5 : 0.0);
    }
  }
  ResponseShape shape{3.4, 0.45, 2.0, 1.3, 0.6, 1.4, 2e-3};
  shape.nu = 0.8;
  shape.kernel = {bins, edges.data(), covariance.data(), mean.data()};
  std::vector<double> work(response_work_size(int(d.size()), bins));
  ResponseShape without = shape;
  without.nu = 0.0;
  EXPECT_GT(resolution_squared(slabs.data(), d.data(), int(d.size()), shape, work.data()),
            resolution_squared(slabs.data(), d.data(), int(d.size()), without, work.data()));
  expect_adjoint_matches(slabs, d, shape);
}

TEST(StackResponseModel, ProfileTermOfAUniformStackIsTheKernelsRelativeVariance) {
  // A uniform stack whose cells are the kernel's bins: a is the same in every bin, so the term
  // is sum K / (sum m)^2, the relative variance of the total.
  std::vector<ResponseSlab> slabs;
  std::vector<double> d;
  std::vector<double> edges = {0.0};
  for (int i = 0; i < 5; ++i) {
    slabs.push_back({0.005612, 1.27e-1, false});
    d.push_back(0.002);
    slabs.push_back({0.4131, 2.2e-1, true});
    d.push_back(0.004);
    edges.push_back(edges.back() + 0.002 / 0.005612 + 0.004 / 0.4131);
  }
  const int bins = 5;
  std::vector<double> covariance(bins * bins), mean(bins, 0.1);
  double sum = 0.0;
  for (int i = 0; i < bins; ++i)
    for (int j = 0; j < bins; ++j) sum += covariance[i * bins + j] = 1e-4 * (1.0 + (i == j) + 0.1 * (i + j));
  const ProfileKernel kernel{bins, edges.data(), covariance.data(), mean.data()};
  std::vector<double> u(d.size() + 1, 0.0), a(bins), Ka(bins);
  for (std::size_t l = 0; l < d.size(); ++l) u[l + 1] = u[l] + d[l] / slabs[l].radiation_length_m;
  EXPECT_NEAR(profile_fluctuation(slabs.data(), d.data(), int(d.size()), kernel, u.data(), a.data(), Ka.data()),
              sum / (0.5 * 0.5), 1e-12);
  // The adjoint where the layout's boundaries sit on the kernel's bin edges (the study's own
  // layout, where every optimisation starts), with the kernel continued to twice the depth as
  // the response model measures it (its end is then no layout's boundary).
  std::vector<double> deep_edges = edges;
  for (int i = 0; i < 5; ++i) deep_edges.push_back(deep_edges.back() + edges[1]);
  const int deep_bins = 10;
  std::vector<double> deep_covariance(deep_bins * deep_bins), deep_mean(deep_bins);
  for (int i = 0; i < deep_bins; ++i) {
    deep_mean[i] = 0.1 * std::exp(-0.2 * i);
    for (int j = 0; j < deep_bins; ++j) deep_covariance[i * deep_bins + j] = 1e-4 * std::exp(-0.5 * std::abs(i - j));
  }
  ResponseShape shape{3.4, 0.45, 2.0, 1.3, 0.6, 1.4, 2e-3};
  shape.nu = 1.0;
  shape.kernel = {deep_bins, deep_edges.data(), deep_covariance.data(), deep_mean.data()};
  expect_adjoint_matches(slabs, d, shape);
}

}  // namespace
}  // namespace detgrad::calorimeter
