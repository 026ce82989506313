// relative_spread: the kurtosis-based error of rms / mean against the spread of the estimate
// over many samples, for a Gaussian and for a Gaussian with a leakage-like low tail (1 % of
// the values 10 standard deviations low), where the Gaussian formula r / sqrt(2 n) is far
// too small.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "calorimeter/relative_spread.hpp"

namespace detgrad::calorimeter {
namespace {

// Over `trials` samples of n values: the rms of the resolution estimates and the mean of
// their stated errors and kurtoses.
struct Repeated {
  double rms_of_estimates, mean_error, mean_kurtosis;
};

Repeated repeat(double tail_fraction, int n, int trials) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> core(1.0, 0.03);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  double s = 0.0, s2 = 0.0, err = 0.0, kurt = 0.0;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> v(n);
    for (double& x : v) x = uniform(rng) < tail_fraction ? 0.7 + 0.03 * uniform(rng) : core(rng);
    const RelativeSpread r = relative_spread(v);
    s += r.resolution;
    s2 += r.resolution * r.resolution;
    err += r.error;
    kurt += r.kurtosis;
  }
  const double mean = s / trials;
  return {std::sqrt(s2 / trials - mean * mean), err / trials, kurt / trials};
}

TEST(RelativeSpread, GaussianErrorIsTheFamiliarOne) {
  const Repeated r = repeat(0.0, 400, 3000);
  EXPECT_NEAR(r.mean_kurtosis, 3.0, 0.05);
  EXPECT_NEAR(r.mean_error, 0.03 / std::sqrt(2.0 * 400), 0.03 * 0.03 / std::sqrt(800.0));
  EXPECT_NEAR(r.mean_error / r.rms_of_estimates, 1.0, 0.06);
}

TEST(RelativeSpread, TailedErrorMatchesTheSpreadOfTheEstimate) {
  const Repeated r = repeat(0.01, 400, 3000);
  const double gaussian_formula = 0.037 / std::sqrt(2.0 * 400);  // ~ the tailed sample's r
  EXPECT_GT(r.mean_kurtosis, 15.0);
  EXPECT_GT(r.rms_of_estimates, 2.0 * gaussian_formula);
  // The fourth-moment error follows the true spread (it is itself noisy where the tail holds
  // ~4 values per sample, hence 20 %).
  EXPECT_NEAR(r.mean_error / r.rms_of_estimates, 1.0, 0.2);
  std::printf("tailed: rms of estimates %.5f, mean stated error %.5f, Gaussian formula %.5f, kurtosis %.1f\n",
              r.rms_of_estimates, r.mean_error, gaussian_formula, r.mean_kurtosis);
}

}  // namespace
}  // namespace detgrad::calorimeter
