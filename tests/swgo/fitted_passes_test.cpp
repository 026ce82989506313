#include "swgo/fitted_passes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "swgo/core_disc.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

// 19 macro-units on a 40 m hexagon; the data recorded at `data` (the layout of a step's start).
struct Fixture {
  Layout layout, data;
  ShowerSource<double> source;
  FitSetup<double> setup() const {
    FitSetup<double> s;
    s.model.tables = test::swgo_tables();
    s.model.source = source;
    s.model.array = {layout.x.data(), layout.y.data(), int(layout.size()), kMacroUnitArea_m2, kTanksPerMacroUnit};
    s.data_x = data.x.data();
    s.data_y = data.y.data();
    return s;
  }
  FisherSetup<double> expected_setup() const { return setup().model; }
};

Fixture fixture(double slack) {
  Fixture f;
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 19;
  g.spacing_m = 40.0;
  f.layout = generate_layout(g);
  f.data = f.layout;
  f.source = make_shower_source(29, f.layout.x, f.layout.y, slack);
  return f;
}

TEST(FittedUtility, PolishedFitsAreMaximaToRounding) {
  const Fixture f = fixture(300.0);
  const FitSetup<double> s = f.setup();
  std::vector<UnitObservation<double>> obs(f.layout.size());
  int fitted = 0;
  for (std::uint64_t e = 0; e < 40; ++e) {
    const Shower<double> sh = s.model.source(0, e);
    const FittedShower<double> r = fitted_shower(s, 0, e, sh, obs.data(), true);
    for (int h = 0; h < kPrimaries; ++h) {
      if (!r.converged[h]) continue;
      ++fitted;
      const Jet<double, P> j = likelihood_jet(s.model.tables, Primary(h), r.fit[h].a, obs.data(), int(obs.size()),
                                              kMacroUnitArea_m2, s.time_errors);
      // g against the curvature: the Newton step left, relative to each parameter's error.
      for (int p = 0; p < P; ++p) {
        double step = 0;
        for (int c = 0; c < P; ++c) step += r.fit[h].cov[p][c] * j.g[c];
        EXPECT_LT(std::fabs(step), 1e-9 * std::sqrt(r.fit[h].cov[p][p])) << "shower " << e << " hypothesis " << h;
      }
    }
  }
  EXPECT_GE(fitted, 40);
}

// The gradient with respect to every unit coordinate against central finite differences, in
// double: same showers, same data (recorded at the unchanged data layout), the fits redone at
// every probed layout. The term through the fit must matter: without it the check fails.
// Steps of 1 and 0.5 cm combined by Richardson extrapolation: the fits of showers far outside
// the array are ill-conditioned and their rounding, about 1e-11 of U, moves differences of
// 1 mm steps by 1e-4; centimetre steps keep it below 1e-5 (the layout's scale is metres).
void check_gradient(double slack, std::uint64_t showers, const UtilityCoefficients& c) {
  Fixture f = fixture(slack);
  const bool errors = c.energy != 0.0 || c.pointing != 0.0;
  const FisherUtility u = fitted_utility(f.setup(), 0, 0, showers, c, true);
  const FisherUtility fixed_fit = fitted_utility(f.setup(), 0, 0, showers, c, true, false);
  std::printf("U_GF %.4f (f %.3f +- %.3f) U_IR %.4f U_PR %.4f, %g gamma showers, sum w %.3f, %g left out\n",
              u.gamma_fraction_term, u.fraction, u.fraction_sigma, u.energy_term, u.pointing_term, u.accumulators[3],
              u.accumulators[0], u.accumulators[5]);
  ASSERT_GT(u.accumulators[0], 1.0);
  double gmax = 0, through_fit = 0, norm = 0;
  for (std::size_t i = 0; i < u.gradient.size(); ++i) {
    gmax = std::max(gmax, std::fabs(u.gradient[i]));
    through_fit += (u.gradient[i] - fixed_fit.gradient[i]) * (u.gradient[i] - fixed_fit.gradient[i]);
    norm += u.gradient[i] * u.gradient[i];
  }
  ASSERT_GT(gmax, 0.0);
  std::printf("|gradient through the fit| / |gradient| = %.3f\n", std::sqrt(through_fit / norm));
  if (errors) {
    EXPECT_GT(std::sqrt(through_fit / norm), 0.01);
  }
  int checked = 0, fixed_fit_fails = 0;
  double worst = 0;
  for (std::size_t i = 0; i < u.gradient.size(); ++i) {
    std::vector<double>& v = (i % 2 == 0) ? f.layout.x : f.layout.y;
    const std::size_t unit = i / 2;
    const double keep = v[unit];
    auto central = [&](double h) {
      v[unit] = keep + h;
      const double up = fitted_utility(f.setup(), 0, 0, showers, c, false).utility;
      v[unit] = keep - h;
      const double down = fitted_utility(f.setup(), 0, 0, showers, c, false).utility;
      v[unit] = keep;
      return (up - down) / (2 * h);
    };
    const double fd = (4 * central(0.5e-2) - central(1e-2)) / 3;  // Richardson: error O(h^4)
    if (std::fabs(fd) < 1e-3 * gmax) continue;  // negligible gradient
    EXPECT_NEAR(u.gradient[i], fd, 1e-4 * std::fabs(fd)) << "coordinate " << i;
    worst = std::max(worst, std::fabs(u.gradient[i] - fd) / std::fabs(fd));
    fixed_fit_fails += std::fabs(fixed_fit.gradient[i] - fd) > 1e-4 * std::fabs(fd);
    ++checked;
  }
  std::printf("%d coordinates checked, worst relative difference %.2e; without the term through the fit %d fail\n",
              checked, worst, fixed_fit_fails);
  EXPECT_GE(checked, 30);
  if (errors) {
    EXPECT_GE(fixed_fit_fails, checked / 2);
  }
}

UtilityCoefficients errors_only() { return {0.0, 1.0, 1.0}; }
UtilityCoefficients separation_only() { return {1.0, 0.0, 0.0}; }

TEST(FittedUtility, GradientThroughTheFitsMatchesFiniteDifferences) { check_gradient(300.0, 40, errors_only()); }
TEST(FittedUtility, GradientThroughTheSmoothTriggerMatchesFiniteDifferences) {
  check_gradient(1500.0, 80, errors_only());
}
TEST(FittedUtility, GammaFractionGradientMatchesFiniteDifferences) { check_gradient(300.0, 60, separation_only()); }
TEST(FittedUtility, WholeUtilityGradientMatchesFiniteDifferences) { check_gradient(1500.0, 80, UtilityCoefficients{}); }

// At the data layout the fitted errors estimate what the expected information gives: the two
// estimators' utility terms agree within the spread of the fitted errors (same showers; 400
// showers differed by 9 % in U_IR, 3000 by 0.1 %: 5 % is about one and a half times the
// spread expected at 3000).
TEST(FittedUtility, AgreesWithTheExpectedErrors) {
  const Fixture f = fixture(300.0);
  const UtilityCoefficients c = errors_only();
  const FisherUtility fitted = fitted_utility(f.setup(), 0, 0, 3000, c, false);
  const FisherUtility expected = fisher_utility(f.expected_setup(), 0, 0, 3000, c, false);
  std::printf("fitted: U_IR %.3f U_PR %.3f (%g left out); expected: U_IR %.3f U_PR %.3f\n", fitted.energy_term,
              fitted.pointing_term, fitted.accumulators[5], expected.energy_term, expected.pointing_term);
  EXPECT_NEAR(fitted.energy_term / expected.energy_term, 1.0, 0.05);
  EXPECT_NEAR(fitted.pointing_term / expected.pointing_term, 1.0, 0.05);
  EXPECT_LE(fitted.accumulators[5], 0.01 * fitted.accumulators[3]);
}

}  // namespace
}  // namespace detgrad::swgo
