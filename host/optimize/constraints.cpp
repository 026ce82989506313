#include "optimize/constraints.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>

#include "optimize/cell_list.hpp"
#include "optimize/contact_solve.hpp"

namespace detgrad::optimize {

std::vector<Point2> gather_points(const std::vector<double>& x, const PointLayout& layout) {
  std::vector<Point2> points(layout.count);
  for (std::size_t k = 0; k < layout.count; ++k) {
    const std::size_t i = layout.first + k * layout.stride;
    points[k] = {x.at(i), x.at(i + layout.y_offset)};
  }
  return points;
}

void scatter_points(const std::vector<Point2>& points, const PointLayout& layout, std::vector<double>& x) {
  for (std::size_t k = 0; k < layout.count; ++k) {
    const std::size_t i = layout.first + k * layout.stride;
    x.at(i) = points[k].x;
    x.at(i + layout.y_offset) = points[k].y;
  }
}

// ---- Ordered coordinates with least gaps ------------------------------------------------

bool keep_ordered_with_gaps(std::vector<double>& x, std::size_t first, std::size_t stride, std::size_t count,
                            Ordering ordering, double gap, double low, double high) {
  if (count == 0) return true;
  auto c = [&](std::size_t k) -> double& { return x.at(first + k * stride); };
  const std::size_t last = count - 1;
  bool holds = true;
  if (ordering == Ordering::decreasing) {
    c(0) = std::min(c(0), high);
    for (std::size_t k = 1; k < count; ++k) c(k) = std::min(c(k), c(k - 1) - gap);
    c(last) = std::max(c(last), low);
    for (std::size_t k = last; k-- > 0;) c(k) = std::max(c(k), c(k + 1) + gap);
    for (std::size_t k = 1; k < count; ++k) holds = holds && c(k - 1) >= c(k) + gap;
    return holds && c(last) >= low && c(0) <= high;
  }
  c(0) = std::max(c(0), low);
  for (std::size_t k = 1; k < count; ++k) c(k) = std::max(c(k), c(k - 1) + gap);
  c(last) = std::min(c(last), high);
  for (std::size_t k = last; k-- > 0;) c(k) = std::min(c(k), c(k + 1) - gap);
  for (std::size_t k = 1; k < count; ++k) holds = holds && c(k - 1) <= c(k) - gap;
  return holds && c(last) <= high && c(0) >= low;
}

// ---- Points inside a polygon --------------------------------------------------------------

Polygon::Polygon(std::vector<Point2> vertices) : vertices_(std::move(vertices)) {
  if (vertices_.size() < 3) throw std::invalid_argument("a polygon needs at least 3 vertices");
  double twice_area = 0.0, lo_x = vertices_[0].x, hi_x = lo_x, lo_y = vertices_[0].y, hi_y = lo_y;
  for (std::size_t i = 0; i < vertices_.size(); ++i) {
    const Point2 a = vertices_[i], b = vertices_[(i + 1) % vertices_.size()];
    if (!std::isfinite(a.x) || !std::isfinite(a.y)) throw std::invalid_argument("a polygon vertex is not finite");
    twice_area += a.x * b.y - b.x * a.y;
    lo_x = std::min(lo_x, a.x);
    hi_x = std::max(hi_x, a.x);
    lo_y = std::min(lo_y, a.y);
    hi_y = std::max(hi_y, a.y);
  }
  if (!(twice_area != 0.0)) throw std::invalid_argument("the polygon has zero area");
  orientation_ = twice_area > 0.0 ? 1.0 : -1.0;
  tolerance_ = 1e-12 * std::hypot(hi_x - lo_x, hi_y - lo_y);
}

bool Polygon::contains(Point2 p) const {
  bool inside = false;
  const std::size_t n = vertices_.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point2 a = vertices_[i], b = vertices_[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)) inside = !inside;
  }
  return inside;
}

Polygon::Nearest Polygon::nearest_boundary_point(Point2 p) const {
  Nearest best{vertices_[0], INFINITY, {0.0, 0.0}};
  const std::size_t n = vertices_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point2 a = vertices_[i], b = vertices_[(i + 1) % n];
    const double ex = b.x - a.x, ey = b.y - a.y, length2 = ex * ex + ey * ey;
    if (!(length2 > 0.0)) continue;  // a repeated vertex
    const double t = std::clamp(((p.x - a.x) * ex + (p.y - a.y) * ey) / length2, 0.0, 1.0);
    const Point2 q{a.x + t * ex, a.y + t * ey};
    const double d = std::hypot(p.x - q.x, p.y - q.y);
    if (d < best.distance) {
      const double length = std::sqrt(length2);
      // Left of the edge is inside for a counter-clockwise polygon.
      best = {q, d, {-orientation_ * ey / length, orientation_ * ex / length}};
    }
  }
  return best;
}

bool point_inside(const Polygon& polygon, Point2 p, double margin) {
  const double d = polygon.nearest_boundary_point(p).distance, tol = polygon.tolerance();
  if (polygon.contains(p)) return d >= margin - tol;
  return d <= tol && margin <= tol;  // on the boundary, up to rounding
}

// ---- Points at least a distance apart --------------------------------------------------

namespace {

void check_distance(double min_distance) {
  if (!(min_distance > 0.0) || !std::isfinite(min_distance))
    throw std::invalid_argument("the least distance between points must be positive and finite");
}

}  // namespace

bool points_apart(const std::vector<Point2>& points, double min_distance) {
  check_distance(min_distance);
  const CellList cells(points, min_distance);
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool apart = true;
    cells.for_each_candidate(i, [&](std::size_t j) {
      if (std::hypot(points[j].x - points[i].x, points[j].y - points[i].y) < min_distance) apart = false;
    });
    if (!apart) return false;
  }
  return true;
}

namespace {

// The sweeps of keep_points_apart; after_move(point) is applied to each point of a pair
// right after the pair was pushed (keep_points_inside_and_apart puts it back inside).
// Each sweep works on the cell list of the points at its start. Two savings leave every
// result bit unchanged: the list (and its candidate pairs) is rebuilt only when some point
// changed cell (or the origin moved), and where it was kept, a pair of which neither point
// moved since the pair's check in the last sweep is skipped (it was at least the distance
// apart then, or it would have been pushed, and it still is).
template <class AfterMove>
ApartResult push_apart(std::vector<Point2>& points, double min_distance, const ApartOptions& options,
                       AfterMove&& after_move) {
  check_distance(min_distance);
  ApartResult result{false, 0, 0, 0};
  const double target = min_distance * (1.0 + options.slack);
  // The golden angle (rad): directions for coincident points, different for each i.
  constexpr double kGoldenAngle = 2.399963229728653;
  std::optional<CellList> cells;
  std::vector<std::size_t> start, partner;
  // moved[k]: point k moved in the last sweep (bit 0) or in this one (bit 1).
  std::vector<unsigned char> moved(points.size(), 0);
  while (result.sweeps < options.max_sweeps) {
    ++result.sweeps;
    std::size_t pushes = 0;
    bool every_pair = false;
    if (!cells || !cells->matches(points)) {
      cells.emplace(points, min_distance);
      cells->candidate_pairs(start, partner);
      every_pair = true;
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
      for (std::size_t k = start[i]; k < start[i + 1]; ++k) {
        const std::size_t j = partner[k];
        if (!every_pair && moved[i] == 0 && moved[j] == 0) continue;
        Point2& a = points[i];
        Point2& b = points[j];
        const double dx = b.x - a.x, dy = b.y - a.y, d = std::hypot(dx, dy);
        if (!(d < min_distance)) continue;
        double ux = std::cos(kGoldenAngle * double(i)), uy = std::sin(kGoldenAngle * double(i));
        if (d > 0.0) {
          ux = dx / d;
          uy = dy / d;
        }
        const double half = 0.5 * (target - d);
        a = {a.x - half * ux, a.y - half * uy};
        b = {b.x + half * ux, b.y + half * uy};
        after_move(a);
        after_move(b);
        moved[i] |= 2;
        moved[j] |= 2;
        ++pushes;
      }
    }
    for (unsigned char& m : moved) m = (m >> 1) & 1;
    result.pushes += pushes;
    if (pushes == 0) {
      result.satisfied = true;
      return result;
    }
  }
  result.satisfied = points_apart(points, min_distance);
  return result;
}

// Moves p inside (keep_points_inside's steps); returns whether it moved.
bool move_inside(Point2& p, const Polygon& polygon, const InsideOptions& options) {
  bool moved = false;
  for (int it = 0; it < options.max_iterations && !point_inside(polygon, p, options.margin); ++it) {
    const Polygon::Nearest b = polygon.nearest_boundary_point(p);
    // Inwards: from an outside point towards the boundary point, from an inside one away
    // from it; the edge's normal where the point is on the boundary.
    const double sign = polygon.contains(p) ? -1.0 : 1.0;
    Point2 u = b.inward_normal;
    if (b.distance > 0.0) u = {sign * (b.point.x - p.x) / b.distance, sign * (b.point.y - p.y) / b.distance};
    p = {b.point.x + options.margin * u.x, b.point.y + options.margin * u.y};
    moved = true;
  }
  return moved;
}

}  // namespace

InsideResult keep_points_inside(std::vector<Point2>& points, const Polygon& polygon, const InsideOptions& options) {
  InsideResult result{true, 0};
  for (Point2& p : points) {
    if (move_inside(p, polygon, options)) ++result.moved;
    result.satisfied = result.satisfied && point_inside(polygon, p, options.margin);
  }
  return result;
}

ApartResult keep_points_apart(std::vector<Point2>& points, double min_distance, const ApartOptions& options) {
  check_distance(min_distance);
  const int rounds = solve_contacts(points, min_distance, min_distance * (1.0 + options.slack), nullptr, {},
                                    options.contacts);
  ApartResult result = push_apart(points, min_distance, options, [](Point2&) {});
  result.contact_rounds = rounds;
  return result;
}

// ---- Both ----------------------------------------------------------------------------

InsideAndApartResult keep_points_inside_and_apart(std::vector<Point2>& points, const Polygon& polygon,
                                                  double min_distance, const InsideAndApartOptions& options) {
  check_distance(min_distance);
  keep_points_inside(points, polygon, options.inside);
  const int rounds = solve_contacts(points, min_distance, min_distance * (1.0 + options.apart.slack), &polygon,
                                    options.inside, options.apart.contacts);
  const ApartResult apart = push_apart(points, min_distance, options.apart,
                                       [&](Point2& p) { move_inside(p, polygon, options.inside); });
  bool inside = true;
  for (const Point2& p : points) inside = inside && point_inside(polygon, p, options.inside.margin);
  return {inside, apart.satisfied, apart.sweeps, rounds};
}

}  // namespace detgrad::optimize
