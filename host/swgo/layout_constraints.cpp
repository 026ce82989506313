#include "swgo/layout_constraints.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace detgrad::swgo {
namespace {

// In unsigned arithmetic: a left shift of a negative cell index is undefined behaviour.
std::int64_t cell_key(std::int64_t cx, std::int64_t cy) {
  return std::int64_t((std::uint64_t(cx) << 32) ^ (std::uint64_t(cy) & 0xffffffffULL));
}

// The cell index of a coordinate, clamped to +-2^52 so that the conversion (undefined
// beyond 2^63) and the neighbours' +-1 stay in range; points that far out share the edge
// cell, which only makes more candidates (their distances are still compared).
std::int64_t cell_index(double coordinate, double least) {
  constexpr double kEdge = 4503599627370496.0;  // 2^52
  const double cell = std::floor(coordinate / least);
  return std::isnan(cell) ? 0 : std::int64_t(std::clamp(cell, -kEdge, kEdge));
}

}  // namespace

namespace {

// The points by grid cell of side `least`: a pair closer than `least` lies in the same or
// neighbouring cells.
struct CellGrid {
  std::unordered_map<std::int64_t, std::vector<std::size_t>> cells;
  std::vector<std::int64_t> cx, cy;

  CellGrid(const Layout& layout, double least) : cx(layout.size()), cy(layout.size()) {
    for (std::size_t i = 0; i < layout.size(); ++i) {
      cx[i] = cell_index(layout.x[i], least);
      cy[i] = cell_index(layout.y[i], least);
      cells[cell_key(cx[i], cy[i])].push_back(i);
    }
  }
  // Calls visit(j, distance) for every j > i closer than `least` to point i.
  template <typename Visit>
  void neighbours(const Layout& layout, double least, std::size_t i, Visit&& visit) const {
    const double least2 = least * least;
    for (std::int64_t dx = -1; dx <= 1; ++dx) {
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const auto it = cells.find(cell_key(cx[i] + dx, cy[i] + dy));
        if (it == cells.end()) continue;
        for (std::size_t j : it->second) {
          if (j <= i) continue;
          const double ex = layout.x[j] - layout.x[i], ey = layout.y[j] - layout.y[i];
          const double d2 = ex * ex + ey * ey;
          if (d2 < least2) visit(j, std::sqrt(d2));
        }
      }
    }
  }
};

}  // namespace

std::vector<ClosePair> close_pairs(const Layout& layout, double least) {
  std::vector<ClosePair> pairs;
  const std::size_t n = layout.size();
  if (n < 2 || !(least > 0.0)) return pairs;
  const CellGrid grid(layout, least);
  for (std::size_t i = 0; i < n; ++i)
    grid.neighbours(layout, least, i, [&](std::size_t j, double d) { pairs.push_back({i, j, d}); });
  std::sort(pairs.begin(), pairs.end(), [](const ClosePair& a, const ClosePair& b) {
    return a.i != b.i ? a.i < b.i : a.j < b.j;
  });
  return pairs;
}

// The first pair in (i, j) order without listing them all: a least distance beyond the
// array's size makes every pair close (A1: 2.2e7 pairs, over 1 GB as a list).
std::optional<ClosePair> find_close_pair(const Layout& layout, double least) {
  const std::size_t n = layout.size();
  if (n < 2 || !(least > 0.0)) return std::nullopt;
  const CellGrid grid(layout, least);
  for (std::size_t i = 0; i < n; ++i) {
    std::optional<ClosePair> first;
    grid.neighbours(layout, least, i, [&](std::size_t j, double d) {
      if (!first || j < first->j) first = ClosePair{i, j, d};
    });
    if (first) return first;
  }
  return std::nullopt;
}

optimize::Polygon site_polygon(const Polygon& site) {
  std::vector<optimize::Point2> corners;
  for (const auto& c : site) corners.push_back({c[0], c[1]});
  return optimize::Polygon(corners);
}

bool inside_site(const Polygon& site, double x, double y) {
  return optimize::point_inside(site_polygon(site), {x, y}, 0.0);
}

}  // namespace detgrad::swgo
