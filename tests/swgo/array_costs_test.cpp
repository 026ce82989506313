// The optional array costs: the convex hull and its area on shapes whose answer is known,
// the hull area's, the cable length's and the hinged costs' adjoints against central finite
// differences on random layouts, and the hull of the 6589-tank layout A1.
#include "swgo/array_costs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "swgo/layout.hpp"
#include "swgo/layout_file.hpp"
#include "swgo/swgo_data.hpp"

namespace detgrad::swgo {
namespace {

constexpr double kPi = 3.14159265358979323846;

// n points uniform in a disc of radius r around (cx, cy), fixed seed.
Layout random_disc(int n, double r, double cx, double cy, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Layout l;
  for (int i = 0; i < n; ++i) {
    const double rho = r * std::sqrt(u(gen)), phi = 2 * kPi * u(gen);
    l.add(cx + rho * std::cos(phi), cy + rho * std::sin(phi));
  }
  return l;
}

TEST(ArrayCosts, SquareHull) {
  Layout l;
  l.add(0.3, 0.4);   // interior
  l.add(0, 0);
  l.add(2, 0);
  l.add(1, 0);       // on the bottom edge
  l.add(2, 2);
  l.add(0, 2);
  l.add(1.0, 1.9);   // interior
  l.add(2, 2);       // a duplicate of a corner: not a vertex
  const std::vector<int> h = convex_hull(l.x.data(), l.y.data(), int(l.size()));
  EXPECT_EQ(h, (std::vector<int>{1, 2, 4, 5}));  // counter-clockwise from the lowest (x, y)
  EXPECT_DOUBLE_EQ(hull_area(l.x.data(), l.y.data(), int(l.size())), 4.0);
  l.x.pop_back();
  l.y.pop_back();
  // The central-difference derivatives, worked out by hand: interior units 0; the unit on the
  // bottom edge adds a triangle of base 2 moving out, nothing moving in: dA/dy = -(2 / 2) / 2;
  // the corner (0, 0) in y: +1 moving out, -1/2 moving in (the edge unit becomes a vertex).
  std::vector<double> dx(l.size(), 0.0), dy(l.size(), 0.0);
  hull_area_adjoint(l.x.data(), l.y.data(), int(l.size()), 1.0, dx.data(), dy.data());
  for (int i : {0, 6}) {
    EXPECT_EQ(dx[i], 0.0) << i;
    EXPECT_EQ(dy[i], 0.0) << i;
  }
  EXPECT_DOUBLE_EQ(dx[3], 0.0);
  EXPECT_DOUBLE_EQ(dy[3], -0.5);
  EXPECT_DOUBLE_EQ(dx[1], -1.0);
  EXPECT_DOUBLE_EQ(dy[1], -0.75);
  EXPECT_DOUBLE_EQ(dx[2], 1.0);
  EXPECT_DOUBLE_EQ(dy[2], -0.75);
  EXPECT_DOUBLE_EQ(dx[4], 1.0);  // the corners without a unit on their edges: shoelace
  EXPECT_DOUBLE_EQ(dy[4], 1.0);
  EXPECT_DOUBLE_EQ(dx[5], -1.0);
  EXPECT_DOUBLE_EQ(dy[5], 1.0);
}

TEST(ArrayCosts, PointsOnACircle) {
  // A regular n-gon of radius R: area n R^2 sin(2 pi / n) / 2, every point a vertex; a unit at
  // the centre changes nothing.
  const double R = 1200.0;
  for (int n : {3, 7, 64, 1000}) {
    Layout l;
    l.add(0, 0);
    for (int k = 0; k < n; ++k) l.add(R * std::cos(2 * kPi * k / n + 0.1), R * std::sin(2 * kPi * k / n + 0.1));
    EXPECT_EQ(convex_hull(l.x.data(), l.y.data(), int(l.size())).size(), std::size_t(n)) << n;
    const double exact = 0.5 * n * R * R * std::sin(2 * kPi / n);
    EXPECT_NEAR(hull_area(l.x.data(), l.y.data(), int(l.size())), exact, 1e-12 * exact) << n;
  }
  // Many points: the reference's threshold disc, pi (1.2 km)^2, within the polygon's deficit.
  Layout l;
  for (int k = 0; k < 4000; ++k) l.add(R * std::cos(2 * kPi * k / 4000), R * std::sin(2 * kPi * k / 4000));
  EXPECT_NEAR(hull_area(l.x.data(), l.y.data(), int(l.size())) / 1e6, kAreaThreshold_km2, 1e-5);
}

TEST(ArrayCosts, DegenerateHullsHaveNoArea) {
  Layout line;
  for (int i = 0; i < 10; ++i) line.add(5.0 + 3.0 * i, -2.0 + 1.5 * i);  // collinear
  EXPECT_EQ(convex_hull(line.x.data(), line.y.data(), int(line.size())), (std::vector<int>{0, 9}));
  EXPECT_EQ(hull_area(line.x.data(), line.y.data(), int(line.size())), 0.0);
  std::vector<double> dx(line.size(), 0.0), dy(line.size(), 0.0);
  hull_area_adjoint(line.x.data(), line.y.data(), int(line.size()), 1.0, dx.data(), dy.data());
  for (std::size_t i = 0; i < line.size(); ++i) EXPECT_EQ(dx[i] * dx[i] + dy[i] * dy[i], 0.0) << i;
  Layout same;
  for (int i = 0; i < 4; ++i) same.add(7.0, 7.0);
  EXPECT_EQ(hull_area(same.x.data(), same.y.data(), 4), 0.0);
  EXPECT_EQ(hull_area(same.x.data(), same.y.data(), 2), 0.0);
  EXPECT_EQ(hull_area(same.x.data(), same.y.data(), 0), 0.0);
}

// Central differences of f in every coordinate of l against the adjoint's (gx, gy):
// |adjoint - fd| <= tolerance max(|fd|, floor).
template <class F>
void expect_gradient(Layout l, const std::vector<double>& gx, const std::vector<double>& gy, F f, double h,
                     double tolerance, const char* what, double floor = 1e-12) {
  double worst = 0.0;
  int judged = 0;
  for (std::size_t u = 0; u < l.size(); ++u) {
    for (int axis = 0; axis < 2; ++axis) {
      double& v = axis == 0 ? l.x[u] : l.y[u];
      const double v0 = v;
      v = v0 + h;
      const double up = f(l);
      v = v0 - h;
      const double down = f(l);
      v = v0;
      const double fd = (up - down) / (2 * h);
      const double adjoint = axis == 0 ? gx[u] : gy[u];
      const double scale = std::max(std::abs(fd), floor);
      if (fd == 0.0 && adjoint == 0.0) continue;
      ++judged;
      worst = std::max(worst, std::abs(adjoint - fd) / scale);
      EXPECT_NEAR(adjoint, fd, tolerance * scale) << what << ": unit " << u << (axis == 0 ? " x" : " y");
    }
  }
  std::printf("%s: %d coordinates judged, worst relative error %.2e\n", what, judged, worst);
  EXPECT_GT(judged, 0) << what;
}

TEST(ArrayCosts, AdjointsMatchCentralDifferences) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const Layout l = random_disc(60, 900.0, 150.0, -80.0, seed);
    const int n = int(l.size());
    std::vector<double> gx(l.size(), 0.0), gy(l.size(), 0.0);
    hull_area_adjoint(l.x.data(), l.y.data(), n, 1.0, gx.data(), gy.data());
    expect_gradient(l, gx, gy, [n](const Layout& p) { return hull_area(p.x.data(), p.y.data(), n); }, 1e-3, 1e-7,
                    "hull area");
    const std::array<double, 2> station{40.0, 25.0};
    std::fill(gx.begin(), gx.end(), 0.0);
    std::fill(gy.begin(), gy.end(), 0.0);
    cable_length_adjoint(l.x.data(), l.y.data(), n, station, 1.0, gx.data(), gy.data());
    expect_gradient(l, gx, gy, [n, station](const Layout& p) { return cable_length(p.x.data(), p.y.data(), n, station); },
                    1e-3, 1e-6, "cable length");

    // Both costs on, above their thresholds (hull ~ 2.5 km^2 > 1 km^2, cable ~ 36 km > 60 x 300 m).
    ArrayCostCoefficients c;
    c.area_cost = 3.0;
    c.area_threshold_km2 = 1.0;
    c.cable_cost = 0.7;
    c.cable_allowance_m = 300.0;
    c.station_xy_m = station;
    const ArrayCosts at = array_costs(l.x.data(), l.y.data(), n, c);
    ASSERT_GT(at.hull_area_m2, 1.2e6);
    ASSERT_GT(at.cable_length_m, 1.2 * n * 300.0);
    EXPECT_NEAR(at.area, 3.0 * (at.hull_area_m2 / 1e6 - 1.0), 1e-12);
    EXPECT_NEAR(at.cable, 0.7 * (at.cable_length_m - n * 300.0) / 1e3, 1e-12);
    std::fill(gx.begin(), gx.end(), 0.0);
    std::fill(gy.begin(), gy.end(), 0.0);
    array_costs_adjoint(l.x.data(), l.y.data(), n, c, 2.0, gx.data(), gy.data());
    expect_gradient(l, gx, gy, [n, c](const Layout& p) { return 2.0 * array_costs(p.x.data(), p.y.data(), n, c).total(); },
                    1e-3, 1e-6, "2 (C_area + C_cable)");
  }
}

TEST(ArrayCosts, LatticeHullsMatchCentralDifferences) {
  // Hexagonal lattices, straight and turned by 0.3 rad (collinear only to rounding): many units
  // on the hull's edges, where the area has a kink; the adjoint gives the mean of the two
  // one-sided derivatives, as a central difference does.
  for (double turn : {0.0, 0.3}) {
    Layout l;
    const double c = std::cos(turn), s = std::sin(turn);
    for (int i = -5; i <= 5; ++i)
      for (int j = -5; j <= 5; ++j) {
        if (std::abs(i + j) > 5) continue;
        const double px = 15.0 * (i + 0.5 * j), py = 15.0 * std::sqrt(3.0) / 2 * j;
        l.add(500.0 + c * px - s * py, 300.0 + s * px + c * py);
      }
    ASSERT_EQ(l.size(), 91u);
    const int n = int(l.size());
    // A regular hexagon of side 75 m; rounding may keep a few border units as vertices.
    EXPECT_NEAR(hull_area(l.x.data(), l.y.data(), n), 1.5 * std::sqrt(3.0) * 75.0 * 75.0, 1e-9);
    std::vector<double> gx(l.size(), 0.0), gy(l.size(), 0.0);
    hull_area_adjoint(l.x.data(), l.y.data(), n, 1.0, gx.data(), gy.data());
    int moving = 0;
    for (int u = 0; u < n; ++u) moving += gx[u] != 0.0 || gy[u] != 0.0;
    EXPECT_EQ(moving, 30);  // the border of 6 x 5 units
    // The gradients are 0 or tens of m; the area's rounding (~1e-11 m^2) over 2h sets the floor.
    for (double h : {1e-4, 1e-2})
      expect_gradient(l, gx, gy, [n](const Layout& p) { return hull_area(p.x.data(), p.y.data(), n); }, h, 1e-6,
                      turn == 0.0 ? "hull area, lattice" : "hull area, turned lattice", 1.0);
  }
}

TEST(ArrayCostsBelowTheirThresholds, AreZeroWithZeroGradient) {
  const Layout l = random_disc(40, 300.0, 0.0, 0.0, 7);  // hull < 0.3 km^2, cable < 40 x 300 m
  const int n = int(l.size());
  ArrayCostCoefficients c;  // the reference thresholds: pi 1.44 km^2, 800 m per unit
  c.area_cost = 10.0;
  c.cable_cost = 10.0;
  const ArrayCosts at = array_costs(l.x.data(), l.y.data(), n, c);
  EXPECT_GT(at.hull_area_m2, 0.1e6);
  EXPECT_GT(at.cable_length_m, 0.0);
  EXPECT_EQ(at.total(), 0.0);
  std::vector<double> gx(l.size(), 0.0), gy(l.size(), 0.0);
  array_costs_adjoint(l.x.data(), l.y.data(), n, c, 1.0, gx.data(), gy.data());
  for (int u = 0; u < n; ++u) EXPECT_EQ(gx[u] * gx[u] + gy[u] * gy[u], 0.0) << u;
  // Off (coefficients 0): the geometry is still reported, the costs are 0.
  const ArrayCosts off = array_costs(l.x.data(), l.y.data(), n, ArrayCostCoefficients{});
  EXPECT_EQ(off.hull_area_m2, at.hull_area_m2);
  EXPECT_EQ(off.total(), 0.0);
}

TEST(ArrayCosts, HullOfTheReferenceLayoutA1) {
  const Layout a1 = read_layout_file(test::swgo_data_dir() / "layouts" / "A1.txt");
  ASSERT_EQ(a1.size(), 6589u);
  const int n = int(a1.size());
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<int> h = convex_hull(a1.x.data(), a1.y.data(), n);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double area = hull_area(a1.x.data(), a1.y.data(), n);
  std::vector<double> gx(a1.size(), 0.0), gy(a1.size(), 0.0);
  const auto t1 = std::chrono::steady_clock::now();
  hull_area_adjoint(a1.x.data(), a1.y.data(), n, 1.0, gx.data(), gy.data());
  const double adjoint_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  int moving = 0;
  for (int u = 0; u < n; ++u) moving += gx[u] != 0.0 || gy[u] != 0.0;
  std::printf("A1: %d units, hull of %zu vertices (%d units with a gradient), %.4f km^2, cable to (0, 0) %.1f km; "
              "hull in %.2f ms, area adjoint in %.2f ms\n",
              n, h.size(), moving, area / 1e6, cable_length(a1.x.data(), a1.y.data(), n, {0.0, 0.0}) / 1e3,
              seconds * 1e3, adjoint_seconds * 1e3);
  EXPECT_GE(moving, int(h.size()));
  ASSERT_GE(h.size(), 3u);
  // Every unit lies on the inner side of every hull edge (or on it, to rounding).
  double extent = 0.0;
  for (int u = 0; u < n; ++u) extent = std::max({extent, std::abs(a1.x[u]), std::abs(a1.y[u])});
  for (std::size_t k = 0; k < h.size(); ++k) {
    const int a = h[k], b = h[(k + 1) % h.size()];
    for (int u = 0; u < n; ++u) {
      const double cross = (a1.x[b] - a1.x[a]) * (a1.y[u] - a1.y[a]) - (a1.y[b] - a1.y[a]) * (a1.x[u] - a1.x[a]);
      ASSERT_GE(cross, -1e-9 * extent * extent) << "unit " << u << " outside edge " << k;
    }
  }
  // The same hull whatever the order of the units.
  Layout reversed;
  for (int u = n - 1; u >= 0; --u) reversed.add(a1.x[u], a1.y[u]);
  EXPECT_NEAR(hull_area(reversed.x.data(), reversed.y.data(), n), area, 1e-12 * area);
  EXPECT_EQ(convex_hull(reversed.x.data(), reversed.y.data(), n).size(), h.size());
}

}  // namespace
}  // namespace detgrad::swgo
