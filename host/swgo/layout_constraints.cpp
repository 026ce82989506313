#include "swgo/layout_constraints.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace detgrad::swgo {
namespace {

std::int64_t cell_key(std::int64_t cx, std::int64_t cy) { return (cx << 32) ^ (cy & 0xffffffffLL); }

}  // namespace

std::vector<ClosePair> close_pairs(const Layout& layout, double least) {
  std::vector<ClosePair> pairs;
  const std::size_t n = layout.size();
  if (n < 2 || !(least > 0.0)) return pairs;
  std::unordered_map<std::int64_t, std::vector<std::size_t>> cells;
  std::vector<std::int64_t> cx(n), cy(n);
  for (std::size_t i = 0; i < n; ++i) {
    cx[i] = std::int64_t(std::floor(layout.x[i] / least));
    cy[i] = std::int64_t(std::floor(layout.y[i] / least));
    cells[cell_key(cx[i], cy[i])].push_back(i);
  }
  const double least2 = least * least;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::int64_t dx = -1; dx <= 1; ++dx) {
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const auto it = cells.find(cell_key(cx[i] + dx, cy[i] + dy));
        if (it == cells.end()) continue;
        for (std::size_t j : it->second) {
          if (j <= i) continue;
          const double ex = layout.x[j] - layout.x[i], ey = layout.y[j] - layout.y[i];
          const double d2 = ex * ex + ey * ey;
          if (d2 < least2) pairs.push_back({i, j, std::sqrt(d2)});
        }
      }
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const ClosePair& a, const ClosePair& b) {
    return a.i != b.i ? a.i < b.i : a.j < b.j;
  });
  return pairs;
}

std::optional<ClosePair> find_close_pair(const Layout& layout, double least) {
  const auto pairs = close_pairs(layout, least);
  if (pairs.empty()) return std::nullopt;
  return pairs.front();
}

bool inside_polygon(const Polygon& polygon, double x, double y) {
  const std::size_t n = polygon.size();
  if (n < 3) return true;
  bool inside = false;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double xi = polygon[i][0], yi = polygon[i][1], xj = polygon[j][0], yj = polygon[j][1];
    // On the edge (within 1e-9 m) counts as inside.
    const double ex = xj - xi, ey = yj - yi, len2 = ex * ex + ey * ey;
    const double s = len2 > 0 ? std::clamp(((x - xi) * ex + (y - yi) * ey) / len2, 0.0, 1.0) : 0.0;
    if (std::hypot(x - (xi + s * ex), y - (yi + s * ey)) <= 1e-9) return true;
    if ((yi > y) != (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi)) inside = !inside;
  }
  return inside;
}

std::array<double, 2> nearest_boundary_point(const Polygon& polygon, double x, double y) {
  std::array<double, 2> best{x, y};
  double best_d2 = INFINITY;
  const std::size_t n = polygon.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double xi = polygon[i][0], yi = polygon[i][1];
    const double ex = polygon[j][0] - xi, ey = polygon[j][1] - yi, len2 = ex * ex + ey * ey;
    const double s = len2 > 0 ? std::clamp(((x - xi) * ex + (y - yi) * ey) / len2, 0.0, 1.0) : 0.0;
    const double px = xi + s * ex, py = yi + s * ey;
    const double d2 = (x - px) * (x - px) + (y - py) * (y - py);
    if (d2 < best_d2) {
      best_d2 = d2;
      best = {px, py};
    }
  }
  return best;
}

ProjectionResult project_layout(Layout& layout, double least, const Polygon& polygon, int max_sweeps) {
  ProjectionResult result;
  // Pairs are pushed to slightly more than `least` so that rounding cannot leave them a hair short.
  const double target = least * (1.0 + 1e-9);
  for (result.sweeps = 0; result.sweeps < max_sweeps; ++result.sweeps) {
    bool moved = false;
    if (polygon.size() >= 3) {
      for (std::size_t i = 0; i < layout.size(); ++i) {
        if (inside_polygon(polygon, layout.x[i], layout.y[i])) continue;
        const auto p = nearest_boundary_point(polygon, layout.x[i], layout.y[i]);
        layout.x[i] = p[0];
        layout.y[i] = p[1];
        moved = true;
      }
    }
    for (const ClosePair& p : close_pairs(layout, least)) {
      const double ex = layout.x[p.j] - layout.x[p.i], ey = layout.y[p.j] - layout.y[p.i];
      const double d = std::hypot(ex, ey);
      if (d >= least) continue;  // already moved apart by an earlier pair of this sweep
      // Coincident units are separated along x.
      const double ux = d > 0.0 ? ex / d : 1.0, uy = d > 0.0 ? ey / d : 0.0;
      const double push = 0.5 * (target - d);
      layout.x[p.i] -= push * ux;
      layout.y[p.i] -= push * uy;
      layout.x[p.j] += push * ux;
      layout.y[p.j] += push * uy;
      moved = true;
    }
    if (!moved) {
      result.satisfied = true;
      return result;
    }
  }
  bool inside = true;
  for (std::size_t i = 0; i < layout.size() && polygon.size() >= 3; ++i)
    inside = inside && inside_polygon(polygon, layout.x[i], layout.y[i]);
  result.satisfied = inside && !find_close_pair(layout, least);
  return result;
}

}  // namespace detgrad::swgo
