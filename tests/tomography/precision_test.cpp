// The per-muon code in float (as the GPU and the optimiser run it) against double on the
// same muons: the loss within 1e-3 relative, and the gradient moved by less than a hundredth
// of its own Monte Carlo standard error (see support/gradient_noise.hpp for why the
// float-double difference is judged against the noise).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "support/gradient_noise.hpp"
#include "tomography/support/tomography_study.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {
namespace {

TEST(TomographyPrecision, FloatMatchesDoubleWellWithinTheMonteCarloNoise) {
  const TomographyModel model(test::hello_world_tomography(1));
  const DesignParams<double> design = model.initial_design();
  PassOptions single;
  single.events = 200000;
  PassOptions twice = single;
  twice.precision = Precision::double_precision;
  const LossAndGradient f = evaluate(model, design, single, true);
  const LossAndGradient d = evaluate(model, design, twice, true);
  EXPECT_NEAR(f.terms.total, d.terms.total, 1e-3 * std::fabs(d.terms.total));
  const double difference = test::difference_norm(f.gradient, d.gradient);
  const double noise = test::gradient_standard_error(model, design, single.events, 10);
  std::printf("gradient: |float - double| %.4g, relative %.3e; Monte Carlo standard error %.4g (%.3e relative)\n",
              difference, difference / test::norm(d.gradient), noise, noise / test::norm(d.gradient));
  EXPECT_LE(difference, 0.01 * noise);
}

}  // namespace
}  // namespace detgrad::tomography
