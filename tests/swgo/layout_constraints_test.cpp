#include "swgo/layout_constraints.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "detgrad/core/random.hpp"

namespace detgrad::swgo {
namespace {

// Every pair by brute force.
std::size_t brute_close(const Layout& l, double least) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < l.size(); ++i)
    for (std::size_t j = i + 1; j < l.size(); ++j) n += std::hypot(l.x[i] - l.x[j], l.y[i] - l.y[j]) < least;
  return n;
}

Layout random_layout(int n, double half_width, std::uint64_t seed) {
  Layout l;
  for (int i = 0; i < n; ++i) {
    EventRandom r(seed, 0, RandomStream::task, std::uint64_t(i));
    l.add(half_width * (2 * r.uniform<double>() - 1), half_width * (2 * r.uniform<double>() - 1));
  }
  return l;
}

TEST(LayoutConstraints, ClosePairsAgreeWithBruteForce) {
  const Layout l = random_layout(400, 100.0, 3);
  for (double least : {1.0, 4.42, 10.0}) {
    const auto pairs = close_pairs(l, least);
    EXPECT_EQ(pairs.size(), brute_close(l, least)) << least;
    for (const auto& p : pairs) EXPECT_LT(p.distance, least);
  }
  Layout two;
  two.add(0, 0);
  two.add(3, 4);
  EXPECT_FALSE(find_close_pair(two, 5.0).has_value());
  const auto p = find_close_pair(two, 5.0001);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->i, 0u);
  EXPECT_EQ(p->j, 1u);
  EXPECT_DOUBLE_EQ(p->distance, 5.0);
}

const Polygon kPampaLaBola = {{-3499, 2000}, {1800, 2000}, {1800, -3508}};  // docs/swgo.md

TEST(LayoutConstraints, InsidePolygon) {
  EXPECT_TRUE(inside_polygon(kPampaLaBola, 0, 0));
  EXPECT_TRUE(inside_polygon(kPampaLaBola, 1800, 0));  // on an edge
  EXPECT_FALSE(inside_polygon(kPampaLaBola, -3000, -3000));
  EXPECT_FALSE(inside_polygon(kPampaLaBola, 1900, 0));
  const auto p = nearest_boundary_point(kPampaLaBola, 2000, 100);
  EXPECT_DOUBLE_EQ(p[0], 1800);
  EXPECT_DOUBLE_EQ(p[1], 100);
}

TEST(LayoutConstraints, ProjectionSeparatesUnitsAndKeepsThemOnSite) {
  Layout l = random_layout(300, 60.0, 5);
  l.add(l.x[0], l.y[0]);  // a coincident pair
  l.add(5000, 5000);      // off site
  const double least = 4.42;
  ASSERT_GT(brute_close(l, least), 0u);
  Layout again = l;
  const auto r = project_layout(l, least, kPampaLaBola);
  EXPECT_TRUE(r.satisfied);
  EXPECT_EQ(brute_close(l, least), 0u);
  for (std::size_t i = 0; i < l.size(); ++i) EXPECT_TRUE(inside_polygon(kPampaLaBola, l.x[i], l.y[i])) << i;
  project_layout(again, least, kPampaLaBola);
  EXPECT_EQ(again.x, l.x);  // deterministic
  // A layout that satisfies the constraints is not moved.
  const Layout before = l;
  const auto r2 = project_layout(l, least, kPampaLaBola);
  EXPECT_EQ(r2.sweeps, 0);
  EXPECT_EQ(l.x, before.x);
  EXPECT_EQ(l.y, before.y);
}

}  // namespace
}  // namespace detgrad::swgo
