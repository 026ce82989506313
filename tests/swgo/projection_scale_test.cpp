// The least-distance projection's sweeps (optimize/constraints.hpp, keep_points_apart) on the 6589
// tanks of A1 moved at random, against the plain sweep it replaced (written out below: every
// sweep a new cell list, every candidate pair checked): the same points, bit for bit, the same
// sweeps and pushes, on the cell array that A1 takes and on the hash map that a layout spread
// over a million metres takes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include "optimize/constraints.hpp"
#include "swgo/layout_file.hpp"
#include "swgo/swgo_data.hpp"

namespace detgrad::swgo {
namespace {

using optimize::Point2;

// The sweep as it was: cells of side d from the points' lower-left corner, points sorted by
// (cell, index), for each i the j > i of the 3 x 3 cells pushed apart to d (1 + slack).
optimize::ApartResult plain_sweeps(std::vector<Point2>& p, double d, int max_sweeps = 1000, double slack = 1e-4) {
  optimize::ApartResult r{false, 0, 0};
  constexpr double kGoldenAngle = 2.399963229728653;
  const std::size_t n = p.size();
  while (r.sweeps < max_sweeps) {
    ++r.sweeps;
    double x0 = p[0].x, y0 = p[0].y;
    for (const Point2& q : p) {
      x0 = std::min(x0, q.x);
      y0 = std::min(y0, q.y);
    }
    std::vector<std::int64_t> cx(n), cy(n);
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) {
      cx[i] = std::int64_t(std::floor((p[i].x - x0) / d));
      cy[i] = std::int64_t(std::floor((p[i].y - y0) / d));
      order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return std::make_tuple(cx[a], cy[a], a) < std::make_tuple(cx[b], cy[b], b); });
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::size_t>> cells;
    for (std::size_t k : order) cells[{cx[k], cy[k]}].push_back(k);
    std::size_t pushes = 0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::int64_t dx = -1; dx <= 1; ++dx)
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
          const auto it = cells.find({cx[i] + dx, cy[i] + dy});
          if (it == cells.end()) continue;
          for (std::size_t j : it->second) {
            if (j <= i) continue;
            const double ex = p[j].x - p[i].x, ey = p[j].y - p[i].y, dist = std::hypot(ex, ey);
            if (!(dist < d)) continue;
            double ux = std::cos(kGoldenAngle * double(i)), uy = std::sin(kGoldenAngle * double(i));
            if (dist > 0.0) {
              ux = ex / dist;
              uy = ey / dist;
            }
            const double half = 0.5 * (d * (1.0 + slack) - dist);
            p[i] = {p[i].x - half * ux, p[i].y - half * uy};
            p[j] = {p[j].x + half * ux, p[j].y + half * uy};
            ++pushes;
          }
        }
    r.pushes += pushes;
    if (pushes == 0) {
      r.satisfied = true;
      break;
    }
  }
  return r;
}

std::vector<Point2> a1_moved(double sigma_m, double far_offset_m = 0.0) {
  const Layout a1 = read_layout_file((test::swgo_data_dir() / "layouts" / "A1.txt").string());
  std::mt19937_64 rng(11);
  std::normal_distribution<double> move(0.0, sigma_m);
  std::vector<Point2> p;
  for (std::size_t i = 0; i < a1.size(); ++i)
    p.push_back({a1.x[i] + move(rng) + (i % 2 ? far_offset_m : 0.0), a1.y[i] + move(rng)});
  return p;
}

void expect_same_as_plain(std::vector<Point2> p, double d, int expected_min_sweeps) {
  std::vector<Point2> q = p;
  optimize::ApartOptions sweeps_alone;
  sweeps_alone.contacts.rounds = 0;  // the pairwise sweeps compared here (the linearised solve first: constraints_test)
  const optimize::ApartResult fast = optimize::keep_points_apart(p, d, sweeps_alone);
  const optimize::ApartResult plain = plain_sweeps(q, d);
  EXPECT_TRUE(fast.satisfied);
  EXPECT_EQ(fast.satisfied, plain.satisfied);
  EXPECT_EQ(fast.sweeps, plain.sweeps);
  EXPECT_GE(fast.sweeps, expected_min_sweeps);
  EXPECT_EQ(fast.pushes, plain.pushes);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < p.size(); ++i) differ += p[i].x != q[i].x || p[i].y != q[i].y;
  EXPECT_EQ(differ, 0u);
}

TEST(ProjectionScale, A1MovedIsProjectedAsByThePlainSweep) {
  expect_same_as_plain(a1_moved(0.0), 3.82, 1);   // nothing to push: one sweep
  expect_same_as_plain(a1_moved(0.3), 3.82, 10);  // 16 sweeps
  expect_same_as_plain(a1_moved(0.6), 4.0, 30);
}

// Every other tank a million metres east: too many cells for the array, the hash map's path.
TEST(ProjectionScale, SpreadLayoutIsProjectedAsByThePlainSweep) {
  expect_same_as_plain(a1_moved(0.5, 1e6), 3.82, 2);
}

}  // namespace
}  // namespace detgrad::swgo
