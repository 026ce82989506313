#include "optimize/contact_solve.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "optimize/cell_list.hpp"

namespace detgrad::optimize {

namespace {

// One linear constraint: along (nx, ny), point j's move less point i's (or, for the boundary,
// point i's move) at least `gap`; `multiplier` its weight in the move (non-negative).
struct Contact {
  std::size_t i, j;
  double nx, ny, gap, multiplier;
};
constexpr std::size_t kBoundary = std::numeric_limits<std::size_t>::max();

// Pairs closer than 1.5 d enter a round's constraints: a pair further apart than that stays
// at least d apart unless its points move by more than d / 4 each towards each other.
constexpr double kReach = 1.5;
// A round asks a pair for at most a tenth of the distance more: the linearisation holds for
// small moves, and a deep overlap is undone over several rounds along directions that follow
// the points (6589 tanks moved 3 m outwards against a site's edge: all at once, the points
// moved 6.1 m rms; a tenth per round, 3.15 m; the pairwise sweeps alone, 3.19 m).
constexpr double kLargestGapPerRound = 0.1;

// The constraints at the points' positions; returns whether any is violated now.
bool linearise(const std::vector<Point2>& points, double min_distance, double target, const Polygon* site,
               const InsideOptions& inside, std::vector<Contact>& contacts) {
  contacts.clear();
  bool violated = false;
  const double reach = kReach * min_distance, largest_gap = kLargestGapPerRound * min_distance;
  const CellList cells(points, reach);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point2 a = points[i];
    cells.for_each_candidate(i, [&](std::size_t j) {
      const double ex = points[j].x - a.x, ey = points[j].y - a.y, e = std::hypot(ex, ey);
      if (!(e < reach)) return;
      if (e < min_distance) violated = true;
      // Coincident points have no direction: the pairwise sweeps separate them.
      if (e > 0.0) contacts.push_back({i, j, ex / e, ey / e, std::min(target - e, largest_gap), 0.0});
    });
    if (site == nullptr) continue;
    if (!point_inside(*site, a, inside.margin)) violated = true;
    const Polygon::Nearest b = site->nearest_boundary_point(a);
    const double depth = site->contains(a) ? b.distance : -b.distance;
    if (depth < inside.margin + reach)
      contacts.push_back({i, kBoundary, b.inward_normal.x, b.inward_normal.y, inside.margin - depth, 0.0});
  }
  return violated;
}

// The smallest move (dx, dy) that meets the constraints: move = sum of multiplier x the
// constraint's gradient, the multipliers by projected Gauss-Seidel with over-relaxation until
// no constraint falls short by more than `tolerance`.
void solve_multipliers(std::vector<Contact>& contacts, std::size_t n, const ContactSolveOptions& options,
                       double tolerance, std::vector<double>& dx, std::vector<double>& dy) {
  dx.assign(n, 0.0);
  dy.assign(n, 0.0);
  for (int sweep = 0; sweep < options.sweeps_per_round; ++sweep) {
    double worst = 0.0;
    for (Contact& c : contacts) {
      const bool wall = c.j == kBoundary;
      const double along =
          wall ? c.nx * dx[c.i] + c.ny * dy[c.i] : c.nx * (dx[c.j] - dx[c.i]) + c.ny * (dy[c.j] - dy[c.i]);
      const double shortfall = c.gap - along;
      if (c.multiplier == 0.0 && !(shortfall > 0.0)) continue;
      worst = std::max(worst, shortfall);
      // The constraint's gradient has squared length 1 (boundary) or 2 (pair).
      const double m = std::max(0.0, c.multiplier + options.over_relaxation * shortfall / (wall ? 1.0 : 2.0));
      const double change = m - c.multiplier;
      c.multiplier = m;
      if (!wall) {
        dx[c.j] += change * c.nx;
        dy[c.j] += change * c.ny;
        dx[c.i] -= change * c.nx;
        dy[c.i] -= change * c.ny;
      } else {
        dx[c.i] += change * c.nx;
        dy[c.i] += change * c.ny;
      }
    }
    if (worst <= tolerance) return;
  }
}

}  // namespace

int solve_contacts(std::vector<Point2>& points, double min_distance, double target, const Polygon* site,
                   const InsideOptions& inside, const ContactSolveOptions& options) {
  std::vector<Contact> contacts;
  std::vector<double> dx, dy;
  // A quarter of the overshoot that the pairs are met with: what the pairwise sweeps absorb.
  const double tolerance = 0.25 * (target - min_distance);
  int rounds = 0;
  for (; rounds < options.rounds; ++rounds) {
    if (!linearise(points, min_distance, target, site, inside, contacts)) break;
    solve_multipliers(contacts, points.size(), options, tolerance, dx, dy);
    for (std::size_t i = 0; i < points.size(); ++i) points[i] = {points[i].x + dx[i], points[i].y + dy[i]};
    if (site != nullptr) keep_points_inside(points, *site, inside);
  }
  return rounds;
}

}  // namespace detgrad::optimize
