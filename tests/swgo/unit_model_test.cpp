#include "detgrad/swgo/unit_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/swgo/unit_response.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

using J = Jet<double, 7>;

TEST(UnitModel, RealInstanceEqualsTheUnitResponse) {
  for (Primary p : {Primary::gamma, Primary::proton}) {
    const double a[5] = {15.0, -8.0, 0.5, 2.2, std::log(0.8)};
    const auto terms = make_shower_terms(test::swgo_tables(), p, a);
    const auto image = make_shower_image(test::swgo_tables(), p, 0.8, 0.5, 2.2, 15.0, -8.0, kTankArea_m2);
    for (const auto& u : {std::pair{100.0, 30.0}, std::pair{15.5, -7.0}, std::pair{-300.0, 200.0}}) {
      const auto m = unit_model(terms, u.first, u.second, kTankArea_m2);
      const auto e = unit_expectation(image, u.first, u.second);
      for (int k = 0; k < 2; ++k) EXPECT_NEAR(m.lambda[k], e.lambda[k], 1e-11 * e.lambda[k]);
      EXPECT_NEAR(m.time_ns, e.time_ns, 1e-10);
    }
  }
}

// Derivatives in (x0, y0, theta, phi, ln E, xd, yd) against finite differences of the reals.
TEST(UnitModel, JetDerivativesMatchFiniteDifferences) {
  const double z0[7] = {15.0, -8.0, 0.5, 2.2, std::log(0.8), 90.0, 40.0};
  const auto eval = [](const double* z, int k) {
    const double a[5] = {z[0], z[1], z[2], z[3], z[4]};
    const auto m = unit_model(make_shower_terms(test::swgo_tables(), Primary::proton, a), z[5], z[6], kTankArea_m2);
    return k < 2 ? std::log(m.lambda[k]) : m.time_ns;
  };
  const auto jet_at = [](const double* z, int k) {
    J a[5];
    for (int i = 0; i < 5; ++i) a[i] = J::variable(z[i], i);
    const auto m = unit_model(make_shower_terms(test::swgo_tables(), Primary::proton, a), J::variable(z[5], 5),
                              J::variable(z[6], 6), kTankArea_m2);
    return k < 2 ? log(m.lambda[k]) : m.time_ns;
  };
  const double h[7] = {1e-3, 1e-3, 1e-5, 1e-5, 1e-5, 1e-3, 1e-3};
  for (int k = 0; k < 3; ++k) {
    const J r = jet_at(z0, k);
    EXPECT_NEAR(r.v, eval(z0, k), 1e-12 * std::fabs(r.v) + 1e-12);
    for (int i = 0; i < 7; ++i) {
      double a[7], b[7];
      for (int j = 0; j < 7; ++j) a[j] = b[j] = z0[j];
      a[i] += h[i];
      b[i] -= h[i];
      const double fd = (eval(a, k) - eval(b, k)) / (2 * h[i]);
      EXPECT_NEAR(r.g[i], fd, 1e-6 * std::fabs(fd) + 1e-9) << k << " " << i;
      const J ja = jet_at(a, k), jb = jet_at(b, k);
      for (int j = 0; j < 7; ++j) {
        const double fdh = (ja.g[j] - jb.g[j]) / (2 * h[i]);
        EXPECT_NEAR(r.hess(i, j), fdh, 1e-5 * std::fabs(fdh) + 1e-8) << k << " " << i << j;
      }
    }
  }
}

}  // namespace
}  // namespace detgrad::swgo
