#include "swgo/layout_generators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "detgrad/swgo/constants.hpp"
#include "swgo/layout_constraints.hpp"

namespace detgrad::swgo {
namespace {

double radius(const Layout& l, std::size_t i, double cx = 0, double cy = 0) { return std::hypot(l.x[i] - cx, l.y[i] - cy); }

TEST(LayoutGenerators, HexagonalFillsRingsOfTheLattice) {
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 19;  // 1 + 6 + 12: two full hexagonal rings
  g.spacing_m = 10.0;
  g.centre_x = 5.0;
  const Layout l = generate_layout(g);
  ASSERT_EQ(l.size(), 19u);
  EXPECT_NEAR(radius(l, 0, 5, 0), 0.0, 1e-12);
  for (std::size_t i = 1; i < 7; ++i) EXPECT_NEAR(radius(l, i, 5, 0), 10.0, 1e-9);
  const auto p = find_close_pair(l, 10.0 - 1e-9);
  EXPECT_FALSE(p.has_value());
  EXPECT_TRUE(find_close_pair(l, 10.0 + 1e-9).has_value());
}

TEST(LayoutGenerators, PackedBallIsHexagonalAtTheLeastDistance) {
  LayoutGenerator g;
  g.shape = LayoutShape::packed_ball;
  g.units = 126;
  g.least_distance_m = kMacroUnitLeastDistance_m;
  const Layout l = generate_layout(g);
  ASSERT_EQ(l.size(), 126u);
  EXPECT_FALSE(find_close_pair(l, g.least_distance_m).has_value());
  EXPECT_TRUE(find_close_pair(l, g.least_distance_m * (1 + 1e-8)).has_value());
  double r_max = 0;
  for (std::size_t i = 0; i < l.size(); ++i) r_max = std::max(r_max, radius(l, i));
  // 126 hexagonal cells of area (sqrt 3 / 2) d^2 fill a disc of radius about 6.2 d.
  EXPECT_LT(r_max, 6.6 * g.least_distance_m);
}

TEST(LayoutGenerators, RingsPlaceFloorTwoPiKUnitsOnRingK) {
  LayoutGenerator g;
  g.shape = LayoutShape::rings;
  g.units = 1 + 6 + 12 + 5;
  g.spacing_m = 20.0;
  const Layout l = generate_layout(g);
  ASSERT_EQ(l.size(), 24u);
  for (std::size_t i = 1; i < 7; ++i) EXPECT_NEAR(radius(l, i), 20.0, 1e-9);
  for (std::size_t i = 7; i < 19; ++i) EXPECT_NEAR(radius(l, i), 40.0, 1e-9);
  for (std::size_t i = 19; i < 24; ++i) EXPECT_NEAR(radius(l, i), 60.0, 1e-9);
}

TEST(LayoutGenerators, RandomShapesKeepTheLeastDistanceAndTheirAnnuli) {
  LayoutGenerator g;
  g.shape = LayoutShape::random_ball;
  g.units = 126;
  g.least_distance_m = kMacroUnitLeastDistance_m;
  g.radius_m = 600.0;
  g.seed = 4;
  const Layout ball = generate_layout(g);
  ASSERT_EQ(ball.size(), 126u);
  EXPECT_FALSE(find_close_pair(ball, g.least_distance_m).has_value());
  for (std::size_t i = 0; i < ball.size(); ++i) EXPECT_LE(radius(ball, i), 600.0);
  EXPECT_EQ(generate_layout(g).x, ball.x);  // deterministic
  g.seed = 5;
  EXPECT_NE(generate_layout(g).x, ball.x);

  g.shape = LayoutShape::two_annuli;
  g.inner_min_m = 0;
  g.inner_max_m = 150;
  g.outer_min_m = 400;
  g.outer_max_m = 500;
  g.inner_fraction = 0.4;
  const Layout annuli = generate_layout(g);
  ASSERT_EQ(annuli.size(), 126u);
  EXPECT_FALSE(find_close_pair(annuli, g.least_distance_m).has_value());
  int inner = 0;
  for (std::size_t i = 0; i < annuli.size(); ++i) {
    const double r = radius(annuli, i);
    EXPECT_TRUE(r <= 150.0 || (r >= 400.0 && r <= 500.0)) << r;
    inner += r <= 150.0;
  }
  EXPECT_EQ(inner, 50);  // round(0.4 x 126)

  g.shape = LayoutShape::random_ball;
  g.radius_m = 50.0;  // 126 units 22.1 m apart do not fit
  EXPECT_THROW(generate_layout(g), std::invalid_argument);
}

}  // namespace
}  // namespace detgrad::swgo
