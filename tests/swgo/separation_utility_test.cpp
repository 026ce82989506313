#include "swgo/separation_utility.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "swgo/gamma_fraction.hpp"

namespace detgrad::swgo {
namespace {

// Gamma showers around s = -2, protons around s = 1 (overlapping), weights in (0.2, 1].
SeparationSample sample(unsigned seed, int n) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform(0.2, 1.0);
  SeparationSample s;
  for (int k = 0; k < n; ++k) {
    const bool gamma = k % 3 != 0;
    s.gamma.push_back(gamma);
    s.s.push_back((gamma ? -2.0 : 1.0) + 1.3 * normal(rng));
    s.weight.push_back(uniform(rng));
  }
  return s;
}

TEST(SeparationUtility, ValueIsTheEvaluationModesFractionFit) {
  const SeparationSample s = sample(3, 90);
  std::vector<double> tg, wg, tp, wp;
  for (std::size_t k = 0; k < s.s.size(); ++k) {
    (s.gamma[k] ? tg : tp).push_back(s.s[k]);
    (s.gamma[k] ? wg : wp).push_back(s.weight[k]);
  }
  const GammaFractionFit fit = fit_gamma_fraction(s.s, s.weight, make_kernel_density(tg, wg), make_kernel_density(tp, wp));
  const SeparationValue v = gamma_fraction_significance(s, false);
  EXPECT_EQ(v.fraction, fit.fraction);
  EXPECT_EQ(v.sigma, fit.sigma);
  EXPECT_DOUBLE_EQ(v.value, fit.fraction / fit.sigma);
  EXPECT_GT(v.fraction, 0.4);
  EXPECT_LT(v.fraction, 0.9);
}

TEST(SeparationUtility, AdjointMatchesFiniteDifferences) {
  for (unsigned seed : {1u, 2u, 5u}) {
    SeparationSample s = sample(seed, 60);
    const SeparationValue v = gamma_fraction_significance(s, true);
    ASSERT_FALSE(v.at_bound);
    double worst = 0, largest = 0;
    for (std::size_t k = 0; k < s.s.size(); ++k) largest = std::max({largest, std::fabs(v.d_s[k]), std::fabs(v.d_weight[k])});
    int checked = 0;
    for (std::size_t k = 0; k < s.s.size(); ++k) {
      for (int which = 0; which < 2; ++which) {
        double& x = which == 0 ? s.s[k] : s.weight[k];
        const double keep = x, h = 1e-6;
        x = keep + h;
        const double up = gamma_fraction_significance(s, false).value;
        x = keep - h;
        const double down = gamma_fraction_significance(s, false).value;
        x = keep;
        const double fd = (up - down) / (2 * h);
        const double adjoint = which == 0 ? v.d_s[k] : v.d_weight[k];
        EXPECT_NEAR(adjoint, fd, 1e-6 * largest) << "seed " << seed << " shower " << k << (which ? " weight" : " s");
        worst = std::max(worst, std::fabs(adjoint - fd) / largest);
        ++checked;
      }
    }
    std::printf("seed %u: value %.4f (f %.4f), %d derivatives, worst |adjoint - fd| / max|adjoint| %.2e\n", seed,
                v.value, v.fraction, checked, worst);
  }
}

TEST(SeparationUtility, NoTemplateNoValue) {
  SeparationSample s = sample(4, 20);
  std::fill(s.gamma.begin(), s.gamma.end(), std::uint8_t(1));
  const SeparationValue v = gamma_fraction_significance(s, true);
  EXPECT_EQ(v.value, 0.0);
  for (double d : v.d_s) EXPECT_EQ(d, 0.0);
}

}  // namespace
}  // namespace detgrad::swgo
