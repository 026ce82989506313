#pragma once
// Constraints on a layout: a least distance between units (tanks 2 x 1.91 + 0.6 m,
// macro-units 22.1 m) and an optional site polygon. The checks that validation uses (which
// pair, which unit, for the messages); the polygon geometry and the optimiser's projection
// after every step are the shared ones (optimize/constraints.hpp, swgo_optimization.cpp).
#include <array>
#include <cstddef>
#include <optional>
#include <vector>

#include "optimize/constraints.hpp"
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

// The study's site as the shared polygon.
optimize::Polygon site_polygon(const Polygon& site);
// Inside the site or on its boundary (optimize::point_inside with no margin).
bool inside_site(const Polygon& site, double x, double y);

}  // namespace detgrad::swgo
