#include "swgo/fisher_passes.hpp"

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

struct Fixture {
  Layout layout;
  double area = kTankArea_m2;
  int tanks = 1;
  ShowerSource<double> source;
  FisherSetup<double> setup() const {
    FisherSetup<double> s;
    s.tables = test::swgo_tables();
    s.source = source;
    s.array = {layout.x.data(), layout.y.data(), int(layout.size()), area, tanks};
    return s;
  }
};

Fixture fixture(int units, double spacing, double slack) {
  Fixture f;
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = units;
  g.spacing_m = spacing;
  f.layout = generate_layout(g);
  f.source = make_shower_source(23, f.layout.x, f.layout.y, slack);
  return f;
}

TEST(FisherUtility, TimeInformationIsTheExpectedWeight) {
  // E[w(N)] for N ~ Poisson(mu), w = N - 1 (N >= 2), 1 (N = 1), 0 (N = 0).
  for (double mu : {0.05, 1.0, 3.7, 20.0}) {
    double sum = 0, p = std::exp(-mu);
    for (int n = 0; n < 200; ++n) {
      if (n > 0) p *= mu / n;
      sum += p * (n >= 2 ? n - 1.0 : (n == 1 ? 1.0 : 0.0));
    }
    EXPECT_NEAR(time_information(mu), sum, 1e-12 * (1 + sum));
    const double h = 1e-6;
    EXPECT_NEAR(time_information_derivative(mu), (time_information(mu + h) - time_information(mu - h)) / (2 * h), 1e-8);
  }
}

// The gradient with respect to every unit coordinate against central finite differences
// (same showers, the source held fixed), in double. `slack` 300 m: every gamma shower
// triggers; 1500 m: some lie in the smooth trigger's band, which the gradient then crosses.
void check_gradient(double slack, std::uint64_t showers, bool expect_partial_trigger) {
  Fixture f = fixture(19, 40.0, slack);  // macro-units: 19 x 19 tanks can trigger
  f.area = kMacroUnitArea_m2;
  f.tanks = kTanksPerMacroUnit;
  const UtilityCoefficients c;
  const FisherUtility u = fisher_utility(f.setup(), 0, 0, showers, c, true);
  ASSERT_GT(u.accumulators[0], 1.0);
  int partial = 0;
  for (std::uint64_t e = 0; e < showers; ++e) {
    const auto s = f.setup().source(0, e);
    if (s.primary != Primary::gamma) continue;
    const double p = fisher_shower(f.setup(), s).trigger;
    partial += p > 0.0 && p < 1.0;
  }
  std::printf("U_IR %.4f U_PR %.4f, %g gamma showers, sum w %.3f, %d in the trigger band\n", u.energy_term,
              u.pointing_term, u.accumulators[3], u.accumulators[0], partial);
  if (expect_partial_trigger) {
    EXPECT_GT(partial, 0);
  }
  double gmax = 0;
  for (double g : u.gradient) gmax = std::max(gmax, std::fabs(g));
  ASSERT_GT(gmax, 0.0);
  int checked = 0;
  for (std::size_t i = 0; i < u.gradient.size(); ++i) {
    std::vector<double>& v = (i % 2 == 0) ? f.layout.x : f.layout.y;
    const std::size_t unit = i / 2;
    const double keep = v[unit], h = 1e-3;
    v[unit] = keep + h;
    const double up = fisher_utility(f.setup(), 0, 0, showers, c, false).utility;
    v[unit] = keep - h;
    const double down = fisher_utility(f.setup(), 0, 0, showers, c, false).utility;
    v[unit] = keep;
    const double fd = (up - down) / (2 * h);
    if (std::fabs(fd) < 1e-3 * gmax) continue;  // negligible gradient
    EXPECT_NEAR(u.gradient[i], fd, 1e-4 * std::fabs(fd)) << "coordinate " << i;
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

TEST(FisherUtility, GradientMatchesFiniteDifferences) { check_gradient(300.0, 60, false); }
TEST(FisherUtility, GradientThroughTheSmoothTriggerMatchesFiniteDifferences) { check_gradient(1500.0, 120, true); }

}  // namespace
}  // namespace detgrad::swgo
