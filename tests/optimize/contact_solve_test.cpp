// The linearised solve of the least-distance and boundary constraints (contact_solve.hpp):
// a crowd pressed many rows deep against a site's edge, which the pairwise sweeps alone do not
// separate in their 1000 sweeps, is separated in a few rounds and moved about as far as the
// sweeps move it when they are given enough; valid points stay untouched; deterministic.
#include "optimize/contact_solve.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "optimize/constraints.hpp"

namespace detgrad::optimize {
namespace {

constexpr double kRowStep = 0.8660254037844386;  // sqrt(3) / 2: rows of a hexagonal packing

// A square site of side 2 half_width; `rows` rows of a hexagonal packing of spacing 1 (the
// least distance) along its bottom edge, a quarter from its sides, every point then moved `press` towards that edge, as an
// optimiser's step does that pulls the points outwards.
struct Crowd {
  Polygon site;
  std::vector<Point2> points;
};
Crowd crowd_against_edge(int rows, double half_width, double press) {
  Crowd c{Polygon({{-half_width, -half_width}, {half_width, -half_width}, {half_width, half_width}, {-half_width, half_width}}),
          {}};
  for (int r = 0; r < rows; ++r)
    for (double x = -half_width + 0.25 + 0.5 * (r % 2); x < half_width; x += 1.0)
      c.points.push_back({x, -half_width + r * kRowStep - press});
  return c;
}

double rms_move(const std::vector<Point2>& from, const std::vector<Point2>& to) {
  double sum = 0.0;
  for (std::size_t i = 0; i < from.size(); ++i) sum += std::pow(to[i].x - from[i].x, 2) + std::pow(to[i].y - from[i].y, 2);
  return std::sqrt(sum / double(from.size()));
}

bool same_bits(const std::vector<Point2>& a, const std::vector<Point2>& b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].x != b[i].x || a[i].y != b[i].y) return false;
  return a.size() == b.size();
}

TEST(ContactSolve, SeparatesACrowdPressedAgainstTheEdgeInAFewRounds) {
  const Crowd crowd = crowd_against_edge(25, 16.0, 0.26);
  ASSERT_EQ(crowd.points.size(), 800u);

  // The pairwise sweeps alone: not done in 1000 sweeps; done in many more.
  InsideAndApartOptions sweeps_alone;
  sweeps_alone.apart.contacts.rounds = 0;
  std::vector<Point2> swept = crowd.points;
  EXPECT_FALSE(keep_points_inside_and_apart(swept, crowd.site, 1.0, sweeps_alone).apart);
  sweeps_alone.apart.max_sweeps = 100000;
  swept = crowd.points;
  const InsideAndApartResult long_sweeps = keep_points_inside_and_apart(swept, crowd.site, 1.0, sweeps_alone);
  ASSERT_TRUE(long_sweeps.apart);

  std::vector<Point2> solved = crowd.points;
  const InsideAndApartResult r = keep_points_inside_and_apart(solved, crowd.site, 1.0);
  std::printf("[contacts] %zu points 25 rows deep: sweeps alone %d sweeps, rms move %.4f; linearised %d rounds + %d "
              "sweeps, rms move %.4f\n",
              crowd.points.size(), long_sweeps.sweeps, rms_move(crowd.points, swept), r.contact_rounds, r.sweeps,
              rms_move(crowd.points, solved));
  EXPECT_TRUE(r.apart);
  EXPECT_TRUE(r.inside);
  EXPECT_TRUE(points_apart(solved, 1.0));
  for (const Point2& p : solved) EXPECT_TRUE(point_inside(crowd.site, p, 0.0));
  EXPECT_GE(r.contact_rounds, 1);
  EXPECT_LE(r.contact_rounds, 16);
  EXPECT_LE(r.sweeps, 3);
  // About as far as the sweeps move the points: the crowd goes back up by about `press`.
  EXPECT_NEAR(rms_move(crowd.points, solved), rms_move(crowd.points, swept), 0.1 * rms_move(crowd.points, swept));

  // Deterministic.
  std::vector<Point2> again = crowd.points;
  keep_points_inside_and_apart(again, crowd.site, 1.0);
  EXPECT_TRUE(same_bits(solved, again));
}

TEST(ContactSolve, LeavesValidPointsUntouched) {
  const Crowd crowd = crowd_against_edge(6, 5.0, 0.0);
  std::vector<Point2> p = crowd.points;
  for (Point2& q : p) q = {1.001 * q.x, -5.0 + 1.001 * (q.y + 5.0)};  // every neighbour just over 1 apart
  ASSERT_TRUE(points_apart(p, 1.0));
  const std::vector<Point2> start = p;
  EXPECT_EQ(solve_contacts(p, 1.0, 1.0001, &crowd.site, {}, {}), 0);
  EXPECT_TRUE(same_bits(p, start));
  EXPECT_EQ(solve_contacts(p, 1.0, 1.0001, nullptr, {}, {}), 0);
  EXPECT_TRUE(same_bits(p, start));
}

TEST(ContactSolve, MeetsPairsWithoutASite) {
  // A row of points 0.9 apart: pairs pushed to 1 (1 + 1e-4), ends free to move.
  std::vector<Point2> p;
  for (int i = 0; i < 40; ++i) p.push_back({0.9 * i, 0.0});
  const int rounds = solve_contacts(p, 1.0, 1.0001, nullptr, {}, {});
  EXPECT_GE(rounds, 1);
  for (std::size_t i = 1; i < p.size(); ++i) EXPECT_GE(std::hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y), 1.0);
  // About the smallest move: the row spread about its middle, point k moved (k - 19.5) 0.1001.
  double smallest = 0.0, moved = 0.0;
  for (int k = 0; k < 40; ++k) {
    smallest += std::pow((k - 19.5) * 0.1001, 2);
    moved += std::pow(p[k].x - 0.9 * k, 2) + std::pow(p[k].y, 2);
  }
  std::printf("[contacts] row of 40: rms move %.5f, smallest %.5f\n", std::sqrt(moved / 40), std::sqrt(smallest / 40));
  EXPECT_LT(std::sqrt(moved / 40), 1.05 * std::sqrt(smallest / 40));
}

}  // namespace
}  // namespace detgrad::optimize
