// Usable-muon weight: P(>= 2 of n) against brute-force enumeration of the 2^n outcomes,
// and the adjoints against finite differences.
#include "detgrad/tomography/usable_weight.hpp"

#include <gtest/gtest.h>

#include <random>

#include "tomography/finite_difference.hpp"

namespace detgrad::tomography {
namespace {

using testing::Vector;

// Sum over all 2^n fire/no-fire outcomes with >= 2 fired of prod w (fired) (1 - w) (not).
double brute_force_at_least_two(const Vector& w) {
  const int n = int(w.size());
  double total = 0.0;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    if (__builtin_popcount(mask) < 2) continue;
    double p = 1.0;
    for (int k = 0; k < n; ++k) p *= (mask >> k & 1u) ? w[k] : 1.0 - w[k];
    total += p;
  }
  return total;
}

TEST(UsableWeight, MatchesBruteForceEnumeration) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int n = 0; n <= kMaxPanelsPerSide; ++n) {
    for (int trial = 0; trial < 20; ++trial) {
      Vector w(n);
      for (double& e : w) e = u(rng);
      EXPECT_NEAR(probability_at_least_two(w.data(), n), brute_force_at_least_two(w), 1e-14) << "n " << n;
    }
  }
  // The TomOpt hello-world detector: 4 panels of efficiency 0.9 per side.
  const Vector w4(4, 0.9);
  const double p = 1.0 - 0.1 * 0.1 * 0.1 * 0.1 - 4 * 0.9 * 0.1 * 0.1 * 0.1;  // = 0.9963
  EXPECT_NEAR(probability_at_least_two(w4.data(), 4), p, 1e-15);
  EXPECT_NEAR(usable_muon_weight(w4.data(), 4, w4.data(), 4), p * p, 1e-15);
  // Fewer than two panels can never give two hits.
  EXPECT_EQ(probability_at_least_two(w4.data(), 1), 0.0);
}

TEST(UsableWeight, SmallProbabilitiesKeepRelativePrecision) {
  // For w_k = 1e-9 the result ~ C(n,2) 1e-18: a formula 1 - P0 - P1 would return 0 or noise.
  const Vector w(6, 1e-9);
  const double exact = brute_force_at_least_two(w);
  EXPECT_NEAR(probability_at_least_two(w.data(), 6) / exact, 1.0, 1e-12);
  const float wf[3] = {1e-5f, 2e-5f, 3e-5f};
  const double ef = 1e-5 * 2e-5 + 1e-5 * 3e-5 + 2e-5 * 3e-5;  // to first order
  EXPECT_NEAR(probability_at_least_two(wf, 3) / ef, 1.0, 1e-4);
}

TEST(UsableWeight, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst_one("probability_at_least_two");
  testing::MaxError worst_both("usable_muon_weight");
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> count(2, kMaxPanelsPerSide);
    std::uniform_real_distribution<double> u(0.05, 0.99);
    const int na = count(rng), nb = count(rng);
    Vector x(na + nb);
    for (double& e : x) e = u(rng);
    const Vector floor(x.size(), 1e-2);
    {
      const auto forward = [&](const Vector& in) { return Vector{probability_at_least_two(in.data(), na)}; };
      const auto adjoint = [&](const Vector& in, const Vector& d_out) {
        Vector d(na, 0.0);
        probability_at_least_two_adjoint(in.data(), na, d_out[0], d.data());
        return d;
      };
      const Vector xa(x.begin(), x.begin() + na);
      const auto r = testing::check_adjoint(forward, adjoint, xa, testing::random_direction(xa, Vector(na, 1e-2), rng),
                                            testing::random_cotangent(1, rng));
      worst_one.add(r);
      EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed;
    }
    const auto forward = [&](const Vector& in) {
      return Vector{usable_muon_weight(in.data(), na, in.data() + na, nb)};
    };
    const auto adjoint = [&](const Vector& in, const Vector& d_out) {
      Vector d(na + nb, 0.0);
      usable_muon_weight_adjoint(in.data(), na, in.data() + na, nb, d_out[0], d.data(), d.data() + na);
      return d;
    };
    const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, floor, rng),
                                          testing::random_cotangent(1, rng));
    worst_both.add(r);
    EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed;
  }
}

TEST(UsableWeight, GradientIsProbabilityOfExactlyOneOther) {
  const Vector w{0.9, 0.8, 0.7, 0.6};
  Vector d(4, 0.0);
  probability_at_least_two_adjoint(w.data(), 4, 1.0, d.data());
  for (int k = 0; k < 4; ++k) {
    Vector others;
    for (int j = 0; j < 4; ++j)
      if (j != k) others.push_back(w[j]);
    double exactly_one = 0.0;
    for (int i = 0; i < 3; ++i) {
      double p = others[i];
      for (int j = 0; j < 3; ++j)
        if (j != i) p *= 1.0 - others[j];
      exactly_one += p;
    }
    EXPECT_NEAR(d[k], exactly_one, 1e-15);
  }
}

}  // namespace
}  // namespace detgrad::tomography
