#pragma once
// Constraints that boxes cannot express, as projections that a task applies after every
// update (OptimizationProblem::project, optimization_problem.hpp). Each leaves values that already satisfy it
// untouched (bit for bit), is deterministic (a fixed order of operations, one thread),
// terminates (a bounded number of sweeps) and says whether the constraint holds afterwards.
//
//  - keep_ordered_with_gaps: coordinates in decreasing (or increasing) order, neighbours at
//    least a gap apart, within [low, high] (e.g. a stack of panels or stations along z).
//  - keep_points_inside: points in a polygon (convex or not), optionally at least a margin
//    inside its boundary (e.g. detector units on a site).
//  - keep_points_apart: points of a plane at least a distance apart (e.g. tanks that must
//    not overlap): a linearised solve of every close pair at once (contact_solve.hpp), then
//    pairwise push-apart over a cell list, O(n) per sweep.
//  - keep_points_inside_and_apart: both, alternating.
#include <cstddef>
#include <vector>

namespace detgrad::optimize {

struct Point2 {
  double x, y;
};

// Points stored in a flat parameter vector: point k is (x[first + k stride],
// x[first + k stride + y_offset]).
struct PointLayout {
  std::size_t first = 0, stride = 2, y_offset = 1, count = 0;
};
std::vector<Point2> gather_points(const std::vector<double>& x, const PointLayout& layout);
void scatter_points(const std::vector<Point2>& points, const PointLayout& layout, std::vector<double>& x);

// ---- Ordered coordinates with least gaps ------------------------------------------------

enum class Ordering { decreasing, increasing };

// Coordinates c_k = x[first + k stride], k = 0 .. count - 1, that must be in `ordering`
// with neighbours at least `gap` apart, within [low, high]. For decreasing order (increasing
// mirrors it):
//   c_0 = min(c_0, high);  down: c_k = min(c_k, c_{k-1} - gap);  c_last = max(c_last, low);
//   up: c_k = max(c_k, c_{k+1} + gap)  (k from the last but one to 0),
// i.e. each coordinate is pushed below its upper neighbour, then anything pushed under the
// lowest allowed value is lifted with its upper neighbours. Both the order with its gaps
// and the bounds hold at the end when the range fits the gaps ((count - 1) gap <= high -
// low); otherwise the order, the gaps and the low bound hold and the result says the high
// bound does not.
bool keep_ordered_with_gaps(std::vector<double>& x, std::size_t first, std::size_t stride, std::size_t count,
                            Ordering ordering, double gap, double low, double high);

// ---- Points inside a polygon --------------------------------------------------------------

// A simple polygon (no self-intersection), vertices in either orientation, closed
// implicitly (the last vertex connects to the first). Throws std::invalid_argument for fewer
// than 3 vertices, non-finite ones or zero area.
class Polygon {
 public:
  explicit Polygon(std::vector<Point2> vertices);
  const std::vector<Point2>& vertices() const { return vertices_; }
  // Even-odd rule (a point on the boundary may count either way: see distance_to_boundary).
  bool contains(Point2 p) const;
  // The nearest point of the boundary (the first edge's on ties), its distance, and the
  // inward unit normal of that point's edge.
  struct Nearest {
    Point2 point;
    double distance;
    Point2 inward_normal;
  };
  Nearest nearest_boundary_point(Point2 p) const;
  // Rounding allowance of the inside tests: 1e-12 of the bounding box's diagonal (m for m).
  double tolerance() const { return tolerance_; }

 private:
  std::vector<Point2> vertices_;
  double orientation_;  // +1 counter-clockwise, -1 clockwise
  double tolerance_;
};

struct InsideOptions {
  double margin = 0.0;     // least distance inside the boundary (same unit as the points)
  int max_iterations = 64;  // per point (a margin at an acute corner takes a few)
};

// Whether p lies inside the polygon at least `margin` from its boundary (within the
// polygon's tolerance).
bool point_inside(const Polygon& polygon, Point2 p, double margin);

struct InsideResult {
  bool satisfied;      // every point inside (with the margin)
  std::size_t moved;   // points that were moved
};

// A point that is not inside is moved to the nearest point of the boundary and, with a
// margin, from there the margin inwards (along the direction from the point to the boundary
// point, or the edge's inward normal), repeated while it is not inside: exact in one step
// away from corners, a few steps at a corner (alternating between the corner's edges).
InsideResult keep_points_inside(std::vector<Point2>& points, const Polygon& polygon, const InsideOptions& options = {});

// ---- Points at least a distance apart --------------------------------------------------

// The linearised solve that runs before the pairwise sweeps (contact_solve.hpp).
struct ContactSolveOptions {
  int rounds = 32;               // linearisations at most (0: none, the sweeps alone)
  int sweeps_per_round = 300;    // of the multipliers, per linearisation
  double over_relaxation = 1.9;  // of the multipliers' updates, in (0, 2)
};

struct ApartOptions {
  int max_sweeps = 1000;
  // Pairs closer than d are pushed to d (1 + slack): the overshoot absorbs the small moves
  // back that later pushes of a neighbour make (a chain of points otherwise creeps towards d
  // over many sweeps), and rounding.
  double slack = 1e-4;
  ContactSolveOptions contacts;
};

struct ApartResult {
  bool satisfied;           // every pair at least d apart
  int sweeps;               // sweeps made (the last one found nothing to do if satisfied)
  std::size_t pushes;       // pairs pushed apart, over all sweeps
  int contact_rounds;       // linearised rounds that moved points, before the sweeps
};

// First the linearised solve (options.contacts; contact_solve.hpp), then sweeps until one
// pushes nothing. Sweep: a cell list with cells of side d (so that a pair closer than d lies in the same or
// neighbouring cells), then, for each point i in index order and its neighbours j > i in
// the 3 x 3 cells (cells in a fixed order, points in index order), a pair closer than d is
// pushed apart symmetrically along the line joining it (coincident points along a direction
// fixed by i) to the distance d (1 + slack). Points move at once (Gauss-Seidel); a sweep
// that pushes nothing moved nothing, so its cell list was exact and every pair holds.
ApartResult keep_points_apart(std::vector<Point2>& points, double min_distance, const ApartOptions& options = {});

// Whether every pair is at least min_distance apart (cell list, O(n)).
bool points_apart(const std::vector<Point2>& points, double min_distance);

// ---- Both ----------------------------------------------------------------------------

struct InsideAndApartOptions {
  InsideOptions inside;
  ApartOptions apart;
};

struct InsideAndApartResult {
  bool inside;  // every point inside the polygon (with the margin)
  bool apart;   // every pair at least the distance apart
  int sweeps;
  int contact_rounds;  // linearised rounds that moved points, before the sweeps
};

// The two alternate at the finest grain: the points are put inside, the linearised solve
// takes the boundary's constraints with the pairs' (contact_solve.hpp), then keep_points_apart's
// sweeps run with each pushed point put back inside right after its push (the boundary acts
// as a wall, and the push moves the inner point of the pair on the next sweep). A sweep that
// pushes nothing leaves every point inside and every pair apart. Fails (apart false, the
// points inside) where the site is too small for the points or the sweeps run out; also
// where many points start far outside: they all land on the boundary, and where more land on
// a stretch of it than fit there, their pushes are along it and cannot move them inwards.
// (An optimiser's step moves points a little, which this handles: see the tests.)
InsideAndApartResult keep_points_inside_and_apart(std::vector<Point2>& points, const Polygon& polygon,
                                                  double min_distance, const InsideAndApartOptions& options = {});

}  // namespace detgrad::optimize
