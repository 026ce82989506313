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

// The first pair without the list: the same as the list's first; a least distance beyond the
// array's size (every one of 6000 x 5999 / 2 pairs close, 4.3e8 bytes as a list) gives (0, 1).
TEST(LayoutConstraints, FirstClosePairWithoutTheList) {
  const Layout l = random_layout(400, 100.0, 7);
  for (double least : {0.5, 1.0, 4.42, 10.0, 1e3}) {
    const auto pairs = close_pairs(l, least);
    const auto first = find_close_pair(l, least);
    ASSERT_EQ(first.has_value(), !pairs.empty()) << least;
    if (!first) continue;
    EXPECT_EQ(first->i, pairs.front().i) << least;
    EXPECT_EQ(first->j, pairs.front().j) << least;
    EXPECT_EQ(first->distance, pairs.front().distance) << least;
  }
  const auto everything = find_close_pair(random_layout(6000, 1000.0, 9), 1e308);
  ASSERT_TRUE(everything.has_value());
  EXPECT_EQ(everything->i, 0u);
  EXPECT_EQ(everything->j, 1u);
}

// Found by fuzzing the study reader under UndefinedBehaviorSanitizer: the cell key shifted
// negative cell indices (every layout with x < 0), and coordinates beyond 2^63 cells were
// converted to integers out of range. Pairs are still found there.
TEST(LayoutConstraints, NegativeAndHugeCoordinates) {
  Layout l;
  l.add(-10.0, -10.0);
  l.add(-12.0, -10.0);
  l.add(1e300, -1e300);
  l.add(1e300, -1e300);
  l.add(-1e300, 5.0);
  const auto pairs = close_pairs(l, 4.42);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].i, 0u);
  EXPECT_EQ(pairs[0].j, 1u);
  EXPECT_DOUBLE_EQ(pairs[0].distance, 2.0);
  EXPECT_EQ(pairs[1].i, 2u);
  EXPECT_EQ(pairs[1].j, 3u);
  EXPECT_EQ(pairs[1].distance, 0.0);
  EXPECT_EQ(close_pairs(random_layout(300, 1e25, 5), 1e-3).size(), 0u);
}

const Polygon kPampaLaBola = {{-3499, 2000}, {1800, 2000}, {1800, -3508}};  // docs/swgo.md

TEST(LayoutConstraints, InsideTheSite) {
  EXPECT_TRUE(inside_site(kPampaLaBola, 0, 0));
  EXPECT_TRUE(inside_site(kPampaLaBola, 1800, 0));  // on an edge
  EXPECT_FALSE(inside_site(kPampaLaBola, -3000, -3000));
  EXPECT_FALSE(inside_site(kPampaLaBola, 1900, 0));
  // The shared polygon's nearest point, to its stated rounding allowance (1e-12 of the
  // site's 7.8 km diagonal; measured 2.3e-13 m off along the 5.5 km edge).
  const optimize::Polygon site = site_polygon(kPampaLaBola);
  const auto p = site.nearest_boundary_point({2000, 100}).point;
  EXPECT_DOUBLE_EQ(p.x, 1800);
  EXPECT_NEAR(p.y, 100, site.tolerance());
}

}  // namespace
}  // namespace detgrad::swgo
