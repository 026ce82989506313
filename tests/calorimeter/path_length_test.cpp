// The path-length correction of an e+- step (path_length.hpp): advance and true path are
// each other's inverse, the advance is shorter than the path and bounded by the transport
// mean free path, and lambda1 is the engine's Highland scattering per unit path.
#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/calorimeter/path_length.hpp"
#include "detgrad/physics/multiple_scattering.hpp"

namespace detgrad::calorimeter {
namespace {

TEST(PathLength, AdvanceAndTruePathAreInverse) {
  const double lambda1 = 2e-4;  // m
  for (double x : {1e-7, 5e-5, 1e-3, 0.1, 0.5, 1.0, 3.0}) {
    const double t = x * lambda1;
    const double z = geometric_advance(t, lambda1);
    EXPECT_LT(z, t);
    EXPECT_LT(z, lambda1);
    EXPECT_NEAR(true_path_for_advance(z, lambda1), t, 1e-12 * t) << "t / lambda1 = " << x;
  }
}

TEST(PathLength, ShortStepsAreStraightAndLongOnesSaturate) {
  const double lambda1 = 1e-3;
  // z = t (1 - x / 2 + x^2 / 6 - ...), x = t / lambda1.
  EXPECT_NEAR(geometric_advance(1e-9, lambda1), 1e-9 * (1.0 - 0.5e-6 + 1e-12 / 6.0), 1e-24);
  EXPECT_NEAR(geometric_advance(40.0 * lambda1, lambda1), lambda1, 1e-15);
  // A face beyond one transport mean free path is never reached on average.
  EXPECT_LT(true_path_for_advance(lambda1, lambda1), 0.0);
  EXPECT_LT(true_path_for_advance(2.0 * lambda1, lambda1), 0.0);
}

TEST(PathLength, TransportMeanFreePathIsTheHighlandVariancePerPath) {
  // 1 MeV electron in lead (X0 = 5.612 mm): beta p from E = T + m.
  const double me = 0.51099895e-3, kinetic = 1e-3, x0 = 5.612e-3;
  const double beta_p = kinetic * (kinetic + 2 * me) / (kinetic + me);
  const double run_factor = highland_log_factor(1e-4 / x0, 0.94);
  const double lambda1 = transport_mean_free_path(beta_p, x0, run_factor);
  const double ds = 1e-6;
  EXPECT_NEAR(ds / highland_step_variance(beta_p, beta_p, ds, x0, run_factor), lambda1, 1e-12 * lambda1);
  EXPECT_GT(lambda1, 1e-5);  // tens of um: slow electrons in lead turn within a fraction of their range
  EXPECT_LT(lambda1, 2e-4);
  EXPECT_EQ(transport_mean_free_path(beta_p, x0, 0.0), 1e30);  // no scattering: straight
}

}  // namespace
}  // namespace detgrad::calorimeter
