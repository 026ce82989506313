#include "detgrad/swgo/counting.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad::swgo {
namespace {

TEST(Counting, PoissonMeanAndVariance) {
  for (double mean : {0.02, 0.7, 4.0, 9.9, 10.0, 37.0, 1500.0, 2.0e6}) {
    const int n = 20000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      EventRandom rng(3, 0, RandomStream::detector, std::uint64_t(i));
      const double k = poisson_draw(rng, mean);
      s += k;
      s2 += k * k;
    }
    const double m = s / n, v = s2 / n - m * m;
    // Standard errors: of the mean sqrt(mean / n); of the variance about mean sqrt(2 / n).
    EXPECT_NEAR(m, mean, 5 * std::sqrt(mean / n)) << mean;
    EXPECT_NEAR(v, mean, 5 * mean * std::sqrt(2.0 / n) + 5 * std::sqrt(mean / n)) << mean;
  }
  EventRandom rng(1, 0, RandomStream::detector, 0);
  EXPECT_EQ(poisson_draw(rng, 0.0), 0u);
}

TEST(Counting, PoissonProbabilitiesAtSmallAndLargeMeans) {
  // P(k = 0) and P(k = mode) against the exact probabilities.
  for (double mean : {3.0, 40.0}) {
    const int n = 100000;
    const int mode = int(std::floor(mean));
    int zeros = 0, at_mode = 0;
    for (int i = 0; i < n; ++i) {
      EventRandom rng(8, 1, RandomStream::detector, std::uint64_t(i));
      const auto k = poisson_draw(rng, mean);
      zeros += k == 0;
      at_mode += int(k) == mode;
    }
    const double p0 = std::exp(-mean), pm = std::exp(mode * std::log(mean) - mean - std::lgamma(mode + 1.0));
    EXPECT_NEAR(double(zeros) / n, p0, 5 * std::sqrt(p0 / n) + 1e-12);
    EXPECT_NEAR(double(at_mode) / n, pm, 5 * std::sqrt(pm * (1 - pm) / n));
  }
}

TEST(Counting, GammaMeanAndVariance) {
  for (double shape : {1.0, 6.5, 9.4}) {
    const int n = 40000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      EventRandom rng(5, 0, RandomStream::task, std::uint64_t(i));
      const double g = gamma_draw(rng, shape);
      s += g;
      s2 += g * g;
    }
    const double m = s / n, v = s2 / n - m * m;
    EXPECT_NEAR(m, shape, 5 * std::sqrt(shape / n));
    EXPECT_NEAR(v, shape, 5 * shape * std::sqrt((2.0 + 6.0 / shape) / n));
  }
}

TEST(Counting, LowerIncompleteGamma) {
  for (double x : {0.1, 1.0, 3.0, 20.0}) {
    EXPECT_NEAR(lower_gamma_regularized(1.0, x), 1 - std::exp(-x), 1e-14);
    EXPECT_NEAR(lower_gamma_regularized(0.5, x), std::erf(std::sqrt(x)), 1e-14);
  }
  // P(50, S) = 1 - sum_{k<50} Poisson(k | S).
  for (double S : {30.0, 45.0, 50.0, 58.0, 70.0}) {
    double term = std::exp(-S), sum = term;
    for (int k = 1; k < 50; ++k) sum += (term *= S / k);
    EXPECT_NEAR(lower_gamma_regularized(50.0, S), 1 - sum, 1e-13) << S;
  }
  EXPECT_EQ(lower_gamma_regularized(3.0, 0.0), 0.0);
}

}  // namespace
}  // namespace detgrad::swgo
