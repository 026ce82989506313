#include "detgrad/swgo/trigger.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/swgo/counting.hpp"

namespace detgrad::swgo {
namespace {

TEST(SmoothTrigger, ProbabilityIsThePoissonTailInsideTheBand) {
  const SmoothTrigger<double> trig;
  EXPECT_NEAR(trig.low(), 50 - 2 * std::sqrt(50.0), 1e-12);
  EXPECT_EQ(trig.probability(35.0), 0.0);
  EXPECT_EQ(trig.probability(64.2), 1.0);
  for (double S : {36.0, 45.0, 50.0, 57.0, 64.0}) EXPECT_NEAR(trig.probability(S), lower_gamma_regularized(50.0, S), 1e-12);
}

TEST(SmoothTrigger, AdjointMatchesFiniteDifferences) {
  const SmoothTrigger<double> trig;
  for (double S : {37.0, 49.5, 55.0, 63.0}) {
    double d = 0;
    trig.probability_adjoint(S, 1.0, d);
    const double h = 1e-5;
    EXPECT_NEAR(d, (trig.probability(S + h) - trig.probability(S - h)) / (2 * h), 1e-8) << S;
  }
  double d = 0;
  trig.probability_adjoint(30.0, 1.0, d);
  EXPECT_EQ(d, 0.0);
}

TEST(SmoothTrigger, ExpectedTanksHitAndItsAdjoint) {
  for (int tanks : {1, 19}) {
    for (double lambda : {0.01, 1.0, 40.0}) {
      EXPECT_NEAR(expected_tanks_hit(lambda, tanks), tanks * (1 - std::exp(-lambda / tanks)), 1e-14);
      double d = 0;
      expected_tanks_hit_adjoint(lambda, tanks, 1.0, d);
      const double h = 1e-6 * lambda;
      EXPECT_NEAR(d, (expected_tanks_hit(lambda + h, tanks) - expected_tanks_hit(lambda - h, tanks)) / (2 * h), 1e-7);
    }
  }
}

}  // namespace
}  // namespace detgrad::swgo
