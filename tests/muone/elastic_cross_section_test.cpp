// Tree-level elastic mu-e cross section (docs/references.md, MUonE): the integral against a
// numerical quadrature of d sigma / d q2, and the sampled q2 distribution against the
// exact CDF by a Kolmogorov-Smirnov test whose p-value is printed.
#include "detgrad/muone/elastic_cross_section.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace detgrad::muone {
namespace {

const ElasticKinematics<double> k160 = ElasticKinematics<double>::from_energy(160.0);

// Simpson's rule in ln q2 (the integrand q2 d sigma/d q2 is smooth there).
double quadrature(const ElasticKinematics<double>& k, double lo, double hi) {
  const int n = 20000;
  const double a = std::log(lo), h = (std::log(hi) - a) / n;
  double sum = 0;
  for (int i = 0; i <= n; ++i) {
    const double q2 = std::exp(a + i * h);
    const double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
    sum += w * q2 * dsigma_dq2(k, q2);
  }
  return sum * h / 3;
}

// Kolmogorov's asymptotic distribution: P(sqrt(n) D > x) = 2 sum (-1)^(k-1) exp(-2 k^2 x^2).
double kolmogorov_p_value(double x) {
  if (x < 0.2) return 1.0;
  double sum = 0;
  for (int j = 1; j <= 100; ++j) sum += (j % 2 ? 2.0 : -2.0) * std::exp(-2.0 * j * j * x * x);
  return std::min(1.0, std::max(0.0, sum));
}

TEST(ElasticCrossSection, IntegralMatchesQuadrature) {
  for (double beam : {150.0, 160.0}) {
    const ElasticKinematics<double> k = ElasticKinematics<double>::from_energy(beam);
    for (auto range : {std::pair<double, double>{1e-3, k.q2_max()}, {0.01, 0.1}, {2e-4, 5e-4}}) {
      const double exact = integrated_cross_section(k, range.first, range.second);
      EXPECT_NEAR(exact / quadrature(k, range.first, range.second), 1.0, 1e-9);
    }
  }
}

TEST(ElasticCrossSection, DensityIsPositiveAndDominatedByOneOverQ4) {
  // The 1/t^2 term dominates and bounds the density from above over the whole range.
  const double a = 2 * electron_mass<double>() * 160.0;
  const double c = cross_section_prefactor(k160);
  for (double q2 = 1e-5; q2 <= k160.q2_max(); q2 *= 1.1) {
    EXPECT_GT(dsigma_dq2(k160, q2), 0.0);
    EXPECT_LE(dsigma_dq2(k160, q2), c * a * a / (q2 * q2));
  }
}

TEST(ElasticCrossSection, ElectronsAbove1GeV) {
  // Electron energies 1 GeV .. E_e,max: q2 from 2 m_e (1 GeV - m_e) to q2_max.
  const double lo = q2_from_electron_kinetic(1.0 - electron_mass<double>());
  const double sigma_barn = integrated_cross_section(k160, lo, k160.q2_max()) * kInverseGeV2_barn;
  std::printf("sigma(E_e > 1 GeV) at 160 GeV = %.6g ub\n", sigma_barn * 1e6);
  // Leading term alone: 4 pi alpha^2 A^2 / lambda (1/lo - 1/hi), A^2 / lambda = E^2 / p^2.
  const double leading = 4 * units::kPi * kAlpha * kAlpha * (160.0 * 160.0) / (k160.momentum * k160.momentum) *
                         (1 / lo - 1 / k160.q2_max()) * kInverseGeV2_barn;
  EXPECT_LT(sigma_barn, leading);
  EXPECT_GT(sigma_barn, 0.8 * leading);
}

TEST(ElasticCrossSection, ElectronDensityOfBeryllium) {
  // Be: rho = 1.848 g/cm^3, Z = 4, A = 9.012182 (docs/references.md, MUonE): 4.93e23 electrons/cm^3.
  const double n = electron_density_per_m3(1848.0, 4.0, 9.012182);
  EXPECT_NEAR(n * 1e-6 / (1.848 * 6.02214076e23 * 4 / 9.012182), 1.0, 1e-12);
  EXPECT_NEAR(n * 1e-6, 4.9394e23, 0.0001e23);
}

template <typename T>
void check_sampled_distribution(double lo, double hi, const char* label) {
  const ElasticKinematics<T> k = ElasticKinematics<T>::from_energy(T(160));
  const int n = 200000;
  std::vector<double> cdf(n);
  const double total = integrated_cross_section(k160, lo, hi);
  for (int i = 0; i < n; ++i) {
    EventRandom rng(2024, 0, RandomStream::task, std::uint64_t(i));
    const double q2 = double(sample_q2(k, T(lo), T(hi), rng));
    ASSERT_GE(q2, lo * (1 - 1e-6));
    ASSERT_LE(q2, hi * (1 + 1e-6));
    cdf[i] = integrated_cross_section(k160, lo, q2) / total;
  }
  std::sort(cdf.begin(), cdf.end());
  double d = 0;
  for (int i = 0; i < n; ++i) d = std::max({d, cdf[i] - double(i) / n, double(i + 1) / n - cdf[i]});
  const double p = kolmogorov_p_value(std::sqrt(double(n)) * d);
  std::printf("%s: q2 in [%.4g, %.4g] GeV^2, %d events: KS D = %.3g, p-value = %.3f\n", label, lo, hi, n, d, p);
  EXPECT_GT(p, 0.001);
}

TEST(ElasticCrossSection, SampledQ2FollowsTheFormula) {
  // The study's usual range (E_e from 1 GeV to the maximum) and a high-q2 window where
  // the non-leading terms matter most.
  const double lo = q2_from_electron_kinetic(1.0 - electron_mass<double>());
  check_sampled_distribution<double>(lo, k160.q2_max(), "double, E_e > 1 GeV");
  check_sampled_distribution<double>(0.05, k160.q2_max(), "double, q2 > 0.05");
  check_sampled_distribution<float>(lo, 0.999 * k160.q2_max(), "float, E_e > 1 GeV");
}

TEST(ElasticCrossSection, KolmogorovTestRejectsAWrongDistribution) {
  // The same test on the leading term alone (pure 1/q2^2) must fail at high q2, where the
  // other terms change the shape: the test has the power to see a wrong formula.
  const double lo = 0.05, hi = k160.q2_max();
  const int n = 200000;
  std::vector<double> cdf(n);
  const double total = integrated_cross_section(k160, lo, hi);
  for (int i = 0; i < n; ++i) {
    EventRandom rng(2024, 0, RandomStream::task, std::uint64_t(i));
    const double u = rng.uniform<double>();
    const double q2 = 1 / (1 / hi + u * (1 / lo - 1 / hi));
    cdf[i] = integrated_cross_section(k160, lo, q2) / total;
  }
  std::sort(cdf.begin(), cdf.end());
  double d = 0;
  for (int i = 0; i < n; ++i) d = std::max({d, cdf[i] - double(i) / n, double(i + 1) / n - cdf[i]});
  EXPECT_LT(kolmogorov_p_value(std::sqrt(double(n)) * d), 1e-6);
}

}  // namespace
}  // namespace detgrad::muone
