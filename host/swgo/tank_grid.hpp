#pragma once
// Host storage of a TankGrid (include/detgrad/swgo/ground_particles.hpp).
#include <vector>

#include "detgrad/swgo/ground_particles.hpp"
#include "swgo/layout.hpp"

namespace detgrad::swgo {

struct TankGridStorage {
  std::vector<double> x, y;
  std::vector<int> cell_start, cell_tanks;
  TankGrid<double> grid;  // points into the vectors above: do not copy the storage
};

// Cells of side 2 radius over the layout's bounding box (plus one cell).
void build_tank_grid(const Layout& layout, double radius, TankGridStorage& out);

}  // namespace detgrad::swgo
