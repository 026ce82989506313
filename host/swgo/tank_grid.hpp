#pragma once
// Host storage of a TankLookup (include/detgrad/swgo/tank_lookup.hpp): the tank grid of the
// particle-level mode.
#include <vector>

#include "detgrad/swgo/tank_lookup.hpp"
#include "swgo/layout.hpp"

namespace detgrad::swgo {

struct TankGridStorage {
  std::vector<double> x, y;
  std::vector<int> cell_start, cell_tanks;
  TankLookup<double> grid;  // points into the vectors above: do not copy the storage
};

// Cells of side 2 radius over the layout's bounding box (plus one cell).
void build_tank_grid(const Layout& layout, double radius, TankGridStorage& out);

}  // namespace detgrad::swgo
