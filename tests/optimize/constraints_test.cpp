// Constraint projections: each holds afterwards, leaves valid values untouched, is
// deterministic; the ordered sweep is the one the tomography task used; the point spacing
// scales to 6589 points.
#include "optimize/constraints.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace detgrad::optimize {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.14159265358979323846;

bool same_bits(const std::vector<Point2>& a, const std::vector<Point2>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].x != b[i].x || a[i].y != b[i].y) return false;
  return true;
}

double least_distance_brute_force(const std::vector<Point2>& p) {
  double least = kInf;
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = i + 1; j < p.size(); ++j) least = std::min(least, std::hypot(p[i].x - p[j].x, p[i].y - p[j].y));
  return least;
}

std::vector<Point2> random_points(std::size_t n, double lo, double hi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<Point2> p(n);
  for (Point2& q : p) q = {u(rng), u(rng)};
  return p;
}

// ---- Ordered coordinates ----

// The sweep TomographyOptimization::project made before it used the helper (panels z at stride 7).
void reference_sweep(std::vector<double>& x, int first, int end, double gap, double low) {
  auto z = [&](int i) -> double& { return x[std::size_t(i) * 7]; };
  for (int i = first + 1; i < end; ++i) z(i) = std::min(z(i), z(i - 1) - gap);
  z(end - 1) = std::max(z(end - 1), low);
  for (int i = end - 2; i >= first; --i) z(i) = std::max(z(i), z(i + 1) + gap);
}

TEST(OrderedWithGaps, IsBitForBitTheTomographySweep) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(-1.0, 2.0);
  for (int trial = 0; trial < 200; ++trial) {
    const int above = 2 + trial % 4, below = 2 + (trial / 4) % 4, n = above + below;
    std::vector<double> x(std::size_t(n) * 7);
    for (double& v : x) v = u(rng);
    std::vector<double> expected = x;
    reference_sweep(expected, 0, above, 0.1, 1.0);
    reference_sweep(expected, above, n, 0.1, -1.0);
    keep_ordered_with_gaps(x, 0, 7, std::size_t(above), Ordering::decreasing, 0.1, 1.0, kInf);
    keep_ordered_with_gaps(x, std::size_t(above) * 7, 7, std::size_t(below), Ordering::decreasing, 0.1, -1.0, kInf);
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_EQ(x[i], expected[i]) << "trial " << trial << " index " << i;
  }
}

TEST(OrderedWithGaps, HoldsAfterwardsAndLeavesValidValuesUntouched) {
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const Ordering order : {Ordering::decreasing, Ordering::increasing}) {
    for (int trial = 0; trial < 100; ++trial) {
      std::vector<double> x(12);
      for (double& v : x) v = u(rng);
      const std::vector<double> before = x;
      // Coordinates 1, 4, 7, 10 (stride 3): 3 gaps of 0.1 within [0, 1] fit.
      EXPECT_TRUE(keep_ordered_with_gaps(x, 1, 3, 4, order, 0.1, 0.0, 1.0));
      for (int k = 1; k < 4; ++k) {
        const double prev = x[1 + 3 * (k - 1)], cur = x[1 + 3 * k];
        if (order == Ordering::decreasing) {
          EXPECT_GE(prev, cur + 0.1);
        } else {
          EXPECT_LE(prev, cur - 0.1);
        }
      }
      for (int k = 0; k < 4; ++k) {
        EXPECT_GE(x[1 + 3 * k], 0.0);
        EXPECT_LE(x[1 + 3 * k], 1.0);
      }
      for (std::size_t i = 0; i < x.size(); ++i)
        if (i % 3 != 1) {
          EXPECT_EQ(x[i], before[i]);  // other parameters untouched
        }
      // Now valid: a second projection changes nothing.
      const std::vector<double> valid = x;
      EXPECT_TRUE(keep_ordered_with_gaps(x, 1, 3, 4, order, 0.1, 0.0, 1.0));
      EXPECT_EQ(x, valid);
    }
  }
}

TEST(OrderedWithGaps, ReportsARangeTooShortForTheGaps) {
  std::vector<double> x = {0.9, 0.5, 0.4, 0.3};
  EXPECT_FALSE(keep_ordered_with_gaps(x, 0, 1, 4, Ordering::decreasing, 0.4, 0.0, 1.0));
  // Order, gaps and the low bound hold; the top went over the high bound.
  EXPECT_EQ(x[3], 0.0);
  EXPECT_GE(x[2], x[3] + 0.4);
  EXPECT_GE(x[1], x[2] + 0.4);
  EXPECT_GE(x[0], x[1] + 0.4);
  EXPECT_GT(x[0], 1.0);
}

// ---- Points inside a polygon ----

// An L-shaped (non-convex) site, counter-clockwise: [0, 2] x [0, 1] plus [0, 1] x [1, 2].
Polygon l_shape(bool clockwise = false) {
  std::vector<Point2> v = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  if (clockwise) std::reverse(v.begin(), v.end());
  return Polygon(v);
}

TEST(PointsInside, OutsidePointsGoToTheNearestBoundaryPoint) {
  for (bool cw : {false, true}) {
    const Polygon site = l_shape(cw);
    std::vector<Point2> p = {{3.0, 0.5}, {1.6, 1.5}, {-1.0, -1.0}, {0.5, 2.5}, {0.5, 0.5}, {0.8, 1.9}};
    const InsideResult r = keep_points_inside(p, site);
    EXPECT_TRUE(r.satisfied);
    EXPECT_EQ(r.moved, 4u);
    EXPECT_DOUBLE_EQ(p[0].x, 2.0);  // onto the right edge
    EXPECT_DOUBLE_EQ(p[0].y, 0.5);
    EXPECT_DOUBLE_EQ(p[1].x, 1.6);  // in the notch: onto the nearer inner edge, y = 1
    EXPECT_DOUBLE_EQ(p[1].y, 1.0);
    EXPECT_DOUBLE_EQ(p[2].x, 0.0);  // onto the corner
    EXPECT_DOUBLE_EQ(p[2].y, 0.0);
    EXPECT_DOUBLE_EQ(p[3].x, 0.5);
    EXPECT_DOUBLE_EQ(p[3].y, 2.0);
    EXPECT_EQ(p[4].x, 0.5);  // inside: untouched
    EXPECT_EQ(p[5].x, 0.8);
    EXPECT_EQ(p[5].y, 1.9);
  }
}

TEST(PointsInside, MarginHoldsAtEdgesCornersAndInTheNotch) {
  const Polygon site = l_shape();
  const double margin = 0.1;
  std::vector<Point2> p = random_points(2000, -1.0, 3.0, 3);
  std::vector<Point2> valid;
  for (const Point2& q : p)
    if (point_inside(site, q, margin)) valid.push_back(q);
  ASSERT_GT(valid.size(), 100u);
  const std::vector<Point2> valid_before = valid;
  const InsideResult r = keep_points_inside(p, site, InsideOptions{margin, 64});
  EXPECT_TRUE(r.satisfied);
  for (const Point2& q : p) {
    EXPECT_TRUE(site.contains(q)) << q.x << " " << q.y;
    EXPECT_GE(site.nearest_boundary_point(q).distance, margin - site.tolerance()) << q.x << " " << q.y;
  }
  // Valid points do not move.
  EXPECT_EQ(keep_points_inside(valid, site, InsideOptions{margin, 64}).moved, 0u);
  EXPECT_TRUE(same_bits(valid, valid_before));
  // A point straight out of an edge lands exactly the margin inside it.
  std::vector<Point2> one = {{2.5, 0.5}};
  keep_points_inside(one, site, InsideOptions{margin, 64});
  EXPECT_NEAR(one[0].x, 1.9, 1e-15);
  EXPECT_EQ(one[0].y, 0.5);
}

TEST(PointsInside, BadPolygonsAreRefused) {
  EXPECT_THROW(Polygon({{0, 0}, {1, 0}}), std::invalid_argument);
  EXPECT_THROW(Polygon({{0, 0}, {1, 0}, {2, 0}}), std::invalid_argument);
  EXPECT_THROW(Polygon({{0, 0}, {1, 0}, {0, NAN}}), std::invalid_argument);
}

// ---- Points apart ----

TEST(PointsApart, HoldAfterwardsByBruteForce) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    std::vector<Point2> p = random_points(400, 0.0, 20.0, seed);
    ASSERT_LT(least_distance_brute_force(p), 1.0);
    const ApartResult r = keep_points_apart(p, 1.0);
    EXPECT_TRUE(r.satisfied);
    EXPECT_GE(r.contact_rounds, 1);  // the linearised solve moved them (contact_solve_test)
    EXPECT_GE(least_distance_brute_force(p), 1.0);
    EXPECT_TRUE(points_apart(p, 1.0));
  }
}

TEST(PointsApart, ValidPointsDoNotMoveAndFarOnesStayPut) {
  // A square grid of side 1.5 (valid for d = 1) ...
  std::vector<Point2> grid;
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 20; ++j) grid.push_back({1.5 * i, 1.5 * j});
  std::vector<Point2> p = grid;
  const ApartResult r = keep_points_apart(p, 1.0);
  EXPECT_TRUE(r.satisfied);
  EXPECT_EQ(r.sweeps, 1);
  EXPECT_EQ(r.pushes, 0u);
  EXPECT_TRUE(same_bits(p, grid));
  // ... and a cluster of 10 points far from it: the grid stays as it was.
  std::vector<Point2> with_cluster = grid;
  for (int k = 0; k < 10; ++k) with_cluster.push_back({100.0 + 0.01 * k, 100.0});
  EXPECT_TRUE(keep_points_apart(with_cluster, 1.0).satisfied);
  EXPECT_TRUE(same_bits(std::vector<Point2>(with_cluster.begin(), with_cluster.begin() + 400), grid));
  EXPECT_GE(least_distance_brute_force(with_cluster), 1.0);
}

TEST(PointsApart, CoincidentPointsSeparate) {
  std::vector<Point2> p(5, Point2{2.0, 3.0});
  EXPECT_TRUE(keep_points_apart(p, 0.5).satisfied);
  EXPECT_GE(least_distance_brute_force(p), 0.5);
}

TEST(PointsApart, IsDeterministic) {
  std::vector<Point2> a = random_points(1000, 0.0, 40.0, 9), b = a;
  const ApartResult ra = keep_points_apart(a, 1.0), rb = keep_points_apart(b, 1.0);
  EXPECT_TRUE(same_bits(a, b));
  EXPECT_EQ(ra.sweeps, rb.sweeps);
  EXPECT_EQ(ra.pushes, rb.pushes);
}

TEST(PointsApart, RefusesANonPositiveDistance) {
  std::vector<Point2> p = {{0, 0}, {1, 1}};
  EXPECT_THROW(keep_points_apart(p, 0.0), std::invalid_argument);
  EXPECT_THROW(points_apart(p, -1.0), std::invalid_argument);
}

// ---- Both, at the size of a large array ----

// A hexagonal site of circumradius R centred at the origin.
Polygon hexagon(double r) {
  std::vector<Point2> v;
  for (int k = 0; k < 6; ++k) v.push_back({r * std::cos(k * kPi / 3), r * std::sin(k * kPi / 3)});
  return Polygon(v);
}

// An array after an optimisation step: 6589 points of a hexagonal lattice of pitch 1.2 from
// the bottom of a hexagonal site (lattice points at least 0.3 inside), each moved by a normal
// step of 0.2 in x and y, so that some pairs are closer than d = 1 and some points are not
// the margin 0.5 inside.
std::vector<Point2> stepped_lattice(const Polygon& site, std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, 0.2);
  std::vector<Point2> p;
  for (int j = -70; j <= 70; ++j)
    for (int i = -70; i <= 70; ++i) {
      const Point2 q{1.2 * (i + 0.5 * j), 1.2 * 0.8660254037844386 * j};
      if (p.size() < n && point_inside(site, q, 0.3)) p.push_back({q.x + step(rng), q.y + step(rng)});
    }
  return p;
}

TEST(PointsInsideAndApart, SixThousandFiveHundredEightyNinePointsQuickly) {
  const std::size_t n = 6589;
  const Polygon site = hexagon(71.3);
  std::vector<Point2> p = stepped_lattice(site, n, 11);
  ASSERT_EQ(p.size(), n);
  ASSERT_FALSE(points_apart(p, 1.0));
  std::size_t outside = 0;
  for (const Point2& q : p) outside += point_inside(site, q, 0.5) ? 0 : 1;
  ASSERT_GT(outside, 0u);
  const std::vector<Point2> start = p;
  const InsideAndApartOptions options{{0.5, 64}, {}};
  const auto t0 = std::chrono::steady_clock::now();
  const InsideAndApartResult r = keep_points_inside_and_apart(p, site, 1.0, options);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[constraints] %zu points (%zu not 0.5 inside) inside a hexagon and 1 apart: %.1f ms, %d sweeps\n", n, outside,
              ms, r.sweeps);
  EXPECT_TRUE(r.inside);
  EXPECT_TRUE(r.apart);
  EXPECT_TRUE(points_apart(p, 1.0));
  for (const Point2& q : p) ASSERT_TRUE(point_inside(site, q, 0.5));
  // Deterministic.
  std::vector<Point2> again = start;
  const InsideAndApartResult r2 = keep_points_inside_and_apart(again, site, 1.0, options);
  EXPECT_TRUE(same_bits(p, again));
  EXPECT_EQ(r.sweeps, r2.sweeps);
  // Valid already: one sweep, nothing moves.
  const std::vector<Point2> valid = p;
  EXPECT_EQ(keep_points_inside_and_apart(p, site, 1.0, options).sweeps, 1);
  EXPECT_TRUE(same_bits(p, valid));

  // The spacing alone, of 6589 points scattered uniformly (0.5 per unit area).
  std::vector<Point2> scattered = random_points(n, 0.0, 115.0, 12);
  const auto t1 = std::chrono::steady_clock::now();
  const ApartResult a = keep_points_apart(scattered, 1.0);
  const double ms_apart = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  std::printf("[constraints] %zu scattered points 1 apart: %.1f ms, %d sweeps, %zu pushes\n", n, ms_apart, a.sweeps,
              a.pushes);
  EXPECT_TRUE(a.satisfied);
  EXPECT_TRUE(points_apart(scattered, 1.0));
}

TEST(PointsInsideAndApart, ReportsASiteTooSmall) {
  // 100 points 1 apart cannot fit a hexagon of area 2.6 (about 3 fit).
  std::vector<Point2> p = random_points(100, -1.0, 1.0, 4);
  const InsideAndApartResult r = keep_points_inside_and_apart(p, hexagon(1.0), 1.0, InsideAndApartOptions{{}, {50, 1e-4}});
  EXPECT_TRUE(r.inside);
  EXPECT_FALSE(r.apart);
  EXPECT_EQ(r.sweeps, 50);
  for (const Point2& q : p) EXPECT_TRUE(point_inside(hexagon(1.0), q, 0.0));
}

TEST(PointLayout, GatherAndScatterRoundTrip) {
  std::vector<double> x = {9, 1, 2, 7, 3, 4, 7, 5, 6, 7};
  const PointLayout layout{1, 3, 1, 3};
  std::vector<Point2> p = gather_points(x, layout);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1].x, 3);
  EXPECT_EQ(p[1].y, 4);
  p[2] = {-5, -6};
  scatter_points(p, layout, x);
  EXPECT_EQ(x, (std::vector<double>{9, 1, 2, 7, 3, 4, 7, -5, -6, 7}));
}

}  // namespace
}  // namespace detgrad::optimize
