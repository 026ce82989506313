// The optimiser's view of the SWGO task: parameters, loss and gradient sign, projection.
#include "swgo/swgo_optimization.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

SwgoConfig config() {
  SwgoConfig c;
  c.unit = UnitKind::macro_unit;
  c.core_slack_m = 300.0;
  c.site = {{-200, -200}, {200, -200}, {200, 200}, {-200, 200}};
  return c;
}

Layout grid() {
  Layout l;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) l.add(-90.0 + 60.0 * i, -90.0 + 60.0 * j);
  return l;
}

TEST(SwgoOptimization, ParametersLossAndGradient) {
  const SwgoOptimization task(config(), test::swgo_tables(), grid());
  const auto specs = task.design().parameters;
  ASSERT_EQ(specs.size(), 32u);
  EXPECT_EQ(specs[5].name, "unit[2].y");
  EXPECT_EQ(specs[5].group, "unit_xy");
  const auto x = task.initial();
  const auto e = task.evaluate(x, 0, 100);
  const FisherUtility u = task.utility(layout_of(x), grid(), 0, 100, true);
  EXPECT_DOUBLE_EQ(e.loss, -u.utility);
  ASSERT_EQ(e.gradient.size(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_DOUBLE_EQ(e.gradient[i], -u.gradient[i]);
}

TEST(SwgoOptimization, ProjectionKeepsTheLeastDistanceAndTheSite) {
  const SwgoOptimization task(config(), test::swgo_tables(), grid());
  std::vector<double> x = task.initial();
  x[0] = x[2] + 3.0;  // unit 0 onto unit 1 (22.1 m least distance)
  x[1] = x[3];
  x[30] = 500.0;      // unit 15 off the site
  task.project(x);
  const Layout l = layout_of(x);
  EXPECT_FALSE(find_close_pair(l, kMacroUnitLeastDistance_m * (1 - 1e-9)).has_value());
  for (std::size_t i = 0; i < l.size(); ++i) EXPECT_TRUE(inside_site(config().site, l.x[i], l.y[i])) << i;
  // A layout that satisfies both is left as it is.
  std::vector<double> y = task.initial();
  task.project(y);
  EXPECT_EQ(y, task.initial());
}

}  // namespace
}  // namespace detgrad::swgo
