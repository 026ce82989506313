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

optimize::Polygon site_polygon(const Polygon& site) {
  std::vector<optimize::Point2> corners;
  for (const auto& c : site) corners.push_back({c[0], c[1]});
  return optimize::Polygon(corners);
}

bool inside_site(const Polygon& site, double x, double y) {
  return optimize::point_inside(site_polygon(site), {x, y}, 0.0);
}

}  // namespace detgrad::swgo
