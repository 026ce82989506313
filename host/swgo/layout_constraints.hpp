#pragma once
// Constraints on a layout: a least distance between units (tanks 2 x 1.91 + 0.6 m,
// macro-units 22.1 m) and an optional site polygon. The checks that validation uses (which
// pair, which unit, for the messages); the optimiser's projection after every step is the
// shared one (optimize/constraints.hpp, swgo_optimization.cpp). project_layout is a minimal
// projection of its own (pairs pushed apart symmetrically, units outside the site moved to
// the nearest point of its boundary, repeated until both hold).
#include <array>
#include <cstddef>
#include <optional>
#include <vector>

#include "swgo/layout.hpp"

namespace detgrad::swgo {

using Polygon = std::vector<std::array<double, 2>>;  // corners in order, m

struct ClosePair {
  std::size_t i, j;  // i < j
  double distance;
};

// The pair closer than `least` with the smallest i, then j; none if all are far enough.
// Neighbours are found through a grid of cells of side `least` (linear in the units).
std::optional<ClosePair> find_close_pair(const Layout& layout, double least);
// Every pair closer than `least`, ordered by (i, j).
std::vector<ClosePair> close_pairs(const Layout& layout, double least);

// Inside or on the boundary of a simple polygon.
bool inside_polygon(const Polygon& polygon, double x, double y);
// The nearest point of the polygon's boundary.
std::array<double, 2> nearest_boundary_point(const Polygon& polygon, double x, double y);

struct ProjectionResult {
  int sweeps = 0;
  bool satisfied = false;
};

// Moves units until every pair is at least `least` apart (to 1e-9 relative) and every unit is
// in the polygon (if not empty). Deterministic: the same layout gives the same result.
ProjectionResult project_layout(Layout& layout, double least, const Polygon& polygon, int max_sweeps = 200);

}  // namespace detgrad::swgo
