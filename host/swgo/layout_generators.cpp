#include "swgo/layout_generators.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "detgrad/core/random.hpp"

namespace detgrad::swgo {
namespace {

Layout hexagonal(int n, double spacing, double cx, double cy) {
  // Lattice points i a + j b with a = (1, 0), b = (1/2, sqrt(3)/2), ordered by distance from
  // the centre, then by angle, so that each ring is filled the same way every time.
  struct Point {
    double x, y, r2, angle;
  };
  std::vector<Point> points;
  int k = 1;
  while (3 * k * (k + 1) + 1 < n) ++k;
  const double h = std::sqrt(3.0) / 2.0;
  for (int i = -k; i <= k; ++i)
    for (int j = -k; j <= k; ++j) {
      if (std::abs(i + j) > k) continue;
      const double x = (i + 0.5 * j) * spacing, y = h * j * spacing;
      points.push_back({x, y, std::round((x * x + y * y) / (spacing * spacing) * 1e6), std::atan2(y, x)});
    }
  std::sort(points.begin(), points.end(),
            [](const Point& a, const Point& b) { return a.r2 != b.r2 ? a.r2 < b.r2 : a.angle < b.angle; });
  Layout l;
  for (int i = 0; i < n; ++i) l.add(cx + points[std::size_t(i)].x, cy + points[std::size_t(i)].y);
  return l;
}

Layout rings(int n, double spacing, double cx, double cy) {
  Layout l;
  l.add(cx, cy);
  for (int k = 1; int(l.size()) < n; ++k) {
    const int full = int(std::floor(2.0 * M_PI * k));
    const int m = std::min(full, n - int(l.size()));
    for (int i = 0; i < m; ++i) {
      const double a = 2.0 * M_PI * i / m + (k % 2 ? 0.0 : M_PI / m);
      l.add(cx + k * spacing * std::cos(a), cy + k * spacing * std::sin(a));
    }
  }
  return l;
}

// Units uniform in annuli [r_min, r_max] (areas weighted), least distance kept by rejection.
void scatter(Layout& l, int n, double r_min, double r_max, const LayoutGenerator& g, std::uint64_t& draw) {
  const std::uint64_t max_draws = draw + 1000ull * std::uint64_t(n) + 10000ull;
  const double least2 = g.least_distance_m * g.least_distance_m;
  const std::size_t target = l.size() + std::size_t(n);
  while (l.size() < target) {
    if (draw >= max_draws)
      throw std::invalid_argument(std::string(layout_shape_name(g.shape)) + ": cannot place " + std::to_string(n) +
                                  " units at least " + std::to_string(g.least_distance_m) + " m apart between " +
                                  std::to_string(r_min) + " and " + std::to_string(r_max) + " m");
    EventRandom rng(g.seed, 0, RandomStream::task, draw++);
    const double u = rng.uniform<double>(), v = rng.uniform<double>();
    const double r = std::sqrt(r_min * r_min + u * (r_max * r_max - r_min * r_min));
    double s, c;
    sincos_turns(v, s, c);
    const double x = g.centre_x + r * c, y = g.centre_y + r * s;
    bool ok = true;
    for (std::size_t i = 0; i < l.size() && ok; ++i) {
      const double dx = l.x[i] - x, dy = l.y[i] - y;
      ok = dx * dx + dy * dy >= least2;
    }
    if (ok) l.add(x, y);
  }
}

}  // namespace

const char* layout_shape_name(LayoutShape shape) {
  switch (shape) {
    case LayoutShape::hexagonal: return "hexagonal";
    case LayoutShape::rings: return "rings";
    case LayoutShape::packed_ball: return "packed_ball";
    case LayoutShape::random_ball: return "random_ball";
    case LayoutShape::two_annuli: return "two_annuli";
  }
  return "?";
}

Layout generate_layout(const LayoutGenerator& g) {
  if (g.units < 1) throw std::invalid_argument("a layout needs at least one unit");
  switch (g.shape) {
    case LayoutShape::hexagonal: return hexagonal(g.units, g.spacing_m, g.centre_x, g.centre_y);
    // A hair above the least distance, so that rounding never puts neighbours below it.
    case LayoutShape::packed_ball:
      return hexagonal(g.units, g.least_distance_m * (1.0 + 1e-9), g.centre_x, g.centre_y);
    case LayoutShape::rings: return rings(g.units, g.spacing_m, g.centre_x, g.centre_y);
    case LayoutShape::random_ball: {
      Layout l;
      std::uint64_t draw = 0;
      scatter(l, g.units, 0.0, g.radius_m, g, draw);
      return l;
    }
    case LayoutShape::two_annuli: {
      Layout l;
      std::uint64_t draw = 0;
      const int inner = int(std::lround(g.inner_fraction * g.units));
      scatter(l, inner, g.inner_min_m, g.inner_max_m, g, draw);
      scatter(l, g.units - inner, g.outer_min_m, g.outer_max_m, g, draw);
      return l;
    }
  }
  throw std::invalid_argument("unknown layout shape");
}

}  // namespace detgrad::swgo
