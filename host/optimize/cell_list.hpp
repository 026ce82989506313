#pragma once
// A cell list of points of a plane (cells of a given side over the points' bounding box):
// the candidate neighbours of each point, for the least-distance projections
// (constraints.cpp, contact_solve.cpp). Internal to optimize/.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "optimize/constraints.hpp"

namespace detgrad::optimize {

// Points sorted by cell (side `cell`), then index; a cell's points found by its key.
class CellList {
 public:
  CellList(const std::vector<Point2>& points, double cell) : cell_(cell), cx_(points.size()), cy_(points.size()) {
    origin(points, x0_, y0_);
    order_.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      cx_[i] = cell_of(points[i].x, x0_);
      cy_[i] = cell_of(points[i].y, y0_);
      order_[i] = i;
    }
    if (dense_grid()) return;
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return std::make_tuple(cx_[a], cy_[a], a) < std::make_tuple(cx_[b], cy_[b], b);
    });
    ranges_.reserve(points.size());
    for (std::size_t k = 0; k < order_.size();) {
      std::size_t end = k + 1;
      while (end < order_.size() && cx_[order_[end]] == cx_[order_[k]] && cy_[order_[end]] == cy_[order_[k]]) ++end;
      ranges_.emplace(key(cx_[order_[k]], cy_[order_[k]]), std::make_pair(k, end));
      k = end;
    }
  }

  // Whether a list built from `points` now would be this one: the same origin and cells.
  bool matches(const std::vector<Point2>& points) const {
    double x0, y0;
    origin(points, x0, y0);
    if (x0 != x0_ || y0 != y0_ || points.size() != cx_.size()) return false;
    for (std::size_t i = 0; i < points.size(); ++i)
      if (cell_of(points[i].x, x0_) != cx_[i] || cell_of(points[i].y, y0_) != cy_[i]) return false;
    return true;
  }

  // visit(j) for every point j > i in the 3 x 3 cells around i's cell (at construction).
  template <class Visit>
  void for_each_candidate(std::size_t i, Visit&& visit) const {
    if (dense_) {
      for (std::int64_t x = cx_[i] - 1; x <= cx_[i] + 1; ++x)
        for (std::int64_t y = cy_[i] - 1; y <= cy_[i] + 1; ++y) {
          if (x < 0 || y < 0 || x >= nx_ || y >= ny_) continue;
          const std::size_t c = std::size_t(x * ny_ + y);
          for (std::size_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k)
            if (order_[k] > i) visit(order_[k]);
        }
      return;
    }
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const auto it = ranges_.find(key(cx_[i] + dx, cy_[i] + dy));
        if (it == ranges_.end()) continue;
        for (std::size_t k = it->second.first; k < it->second.second; ++k)
          if (order_[k] > i) visit(order_[k]);
      }
  }

  // Every pair (i, j) that for_each_candidate visits, in its order (i ascending), as
  // partner[start[i] .. start[i + 1]).
  void candidate_pairs(std::vector<std::size_t>& start, std::vector<std::size_t>& partner) const {
    start.assign(cx_.size() + 1, 0);
    partner.clear();
    for (std::size_t i = 0; i < cx_.size(); ++i) {
      for_each_candidate(i, [&](std::size_t j) { partner.push_back(j); });
      start[i + 1] = partner.size();
    }
  }

 private:
  // Where the cells over the points' bounding box are few (at most 8 per point, plus 4096),
  // an array of them replaces the hash map: the points counted into their cells in index
  // order give the same (cell, index) order as the sort. Returns whether it did.
  bool dense_grid() {
    const std::size_t n = cx_.size();
    if (n == 0) return false;
    const std::int64_t mx = *std::max_element(cx_.begin(), cx_.end()), my = *std::max_element(cy_.begin(), cy_.end());
    const std::int64_t limit = std::int64_t(8 * n + 4096);
    if (mx < 0 || my < 0 || mx >= limit || my >= limit || (mx + 1) * (my + 1) > limit) return false;
    dense_ = true;
    nx_ = mx + 1;
    ny_ = my + 1;
    cell_start_.assign(std::size_t(nx_ * ny_) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++cell_start_[std::size_t(cx_[i] * ny_ + cy_[i]) + 1];
    for (std::size_t c = 1; c < cell_start_.size(); ++c) cell_start_[c] += cell_start_[c - 1];
    std::vector<std::size_t> fill(cell_start_.begin(), cell_start_.end() - 1);
    for (std::size_t i = 0; i < n; ++i) order_[fill[std::size_t(cx_[i] * ny_ + cy_[i])]++] = i;
    return true;
  }
  static void origin(const std::vector<Point2>& points, double& x0, double& y0) {
    x0 = y0 = 0.0;
    if (points.empty()) return;
    x0 = points[0].x;
    y0 = points[0].y;
    for (const Point2& p : points) {
      x0 = std::min(x0, p.x);
      y0 = std::min(y0, p.y);
    }
  }
  std::int64_t cell_of(double v, double origin) const { return std::int64_t(std::floor((v - origin) / cell_)); }
  static std::uint64_t key(std::int64_t cx, std::int64_t cy) {
    return (std::uint64_t(std::uint32_t(cx)) << 32) | std::uint64_t(std::uint32_t(cy));
  }

  double cell_, x0_, y0_;
  std::vector<std::int64_t> cx_, cy_;
  std::vector<std::size_t> order_;
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> ranges_;
  bool dense_ = false;
  std::int64_t nx_ = 0, ny_ = 0;
  std::vector<std::size_t> cell_start_;
};

}  // namespace detgrad::optimize
