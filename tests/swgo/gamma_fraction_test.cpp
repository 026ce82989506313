#include "swgo/gamma_fraction.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/core/random.hpp"

namespace detgrad::swgo {
namespace {

TEST(KernelDensity, IsNormalisedAndUsesSilvermansBandwidth) {
  std::vector<double> v, w;
  for (int i = 0; i < 100; ++i) {
    v.push_back(i * 0.1);
    w.push_back(1.0);
  }
  const KernelDensity k = make_kernel_density(v, w);
  // Standard deviation of 0, 0.1, ..., 9.9: sqrt((100^2 - 1) / 12) x 0.1.
  EXPECT_NEAR(k.bandwidth, 1.06 * std::sqrt((1e4 - 1) / 12.0) * 0.1 * std::pow(100.0, -0.2), 1e-12);
  double integral = 0;
  for (int i = -4000; i < 6000; ++i) integral += k(i * 0.005) * 0.005;
  EXPECT_NEAR(integral, 1.0, 1e-6);
}

// Two well-separated classes mixed with a known fraction: the fit finds it within its error,
// and the error matches the binomial one sqrt(f (1 - f) / n) for perfect separation.
TEST(GammaFraction, RecoversTheMixedFraction) {
  std::vector<double> tg, tp, wg, wp;
  for (int i = 0; i < 2000; ++i) {
    EventRandom r(2, 0, RandomStream::task, std::uint64_t(i));
    tg.push_back(20 + 3 * r.normal<double>());
    tp.push_back(-20 + 3 * r.normal<double>());
    wg.push_back(1.0);
    wp.push_back(1.0);
  }
  const KernelDensity g = make_kernel_density(tg, wg), p = make_kernel_density(tp, wp);
  std::vector<double> batch, weights;
  const int n = 1000, gammas = 300;
  for (int i = 0; i < n; ++i) {
    EventRandom r(3, 0, RandomStream::task, std::uint64_t(i));
    batch.push_back((i < gammas ? 20.0 : -20.0) + 3 * r.normal<double>());
    weights.push_back(1.0);
  }
  const GammaFractionFit fit = fit_gamma_fraction(batch, weights, g, p);
  EXPECT_NEAR(fit.fraction, 0.3, 1e-3);
  EXPECT_NEAR(fit.sigma, std::sqrt(0.3 * 0.7 / n), 1e-3 * std::sqrt(0.3 * 0.7 / n) + 1e-4);
  // No separation at all: no information.
  const GammaFractionFit none = fit_gamma_fraction(batch, weights, g, g);
  EXPECT_TRUE(std::isinf(none.sigma));
}

}  // namespace
}  // namespace detgrad::swgo
