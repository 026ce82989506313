#include "swgo/tank_grid.hpp"

#include <algorithm>
#include <cmath>

namespace detgrad::swgo {

void build_tank_grid(const Layout& layout, double radius, TankGridStorage& out) {
  out.x = layout.x;
  out.y = layout.y;
  const double cell = 2.0 * radius;
  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
  if (layout.size() > 0) {
    xmin = *std::min_element(layout.x.begin(), layout.x.end()) - cell;
    xmax = *std::max_element(layout.x.begin(), layout.x.end()) + cell;
    ymin = *std::min_element(layout.y.begin(), layout.y.end()) - cell;
    ymax = *std::max_element(layout.y.begin(), layout.y.end()) + cell;
  }
  const int nx = std::max(1, int(std::ceil((xmax - xmin) / cell))), ny = std::max(1, int(std::ceil((ymax - ymin) / cell)));
  std::vector<int> cell_of(layout.size());
  out.cell_start.assign(std::size_t(nx) * std::size_t(ny) + 1, 0);
  for (std::size_t t = 0; t < layout.size(); ++t) {
    const int cx = int(std::floor((layout.x[t] - xmin) / cell)), cy = int(std::floor((layout.y[t] - ymin) / cell));
    cell_of[t] = cy * nx + cx;
    ++out.cell_start[std::size_t(cell_of[t]) + 1];
  }
  for (std::size_t c = 1; c < out.cell_start.size(); ++c) out.cell_start[c] += out.cell_start[c - 1];
  out.cell_tanks.assign(layout.size(), 0);
  std::vector<int> fill(out.cell_start.begin(), out.cell_start.end() - 1);
  for (std::size_t t = 0; t < layout.size(); ++t) out.cell_tanks[std::size_t(fill[std::size_t(cell_of[t])]++)] = int(t);
  out.grid.x = out.x.data();
  out.grid.y = out.y.data();
  out.grid.cell_start = out.cell_start.data();
  out.grid.cell_tanks = out.cell_tanks.data();
  out.grid.origin_x = xmin;
  out.grid.origin_y = ymin;
  out.grid.cell = cell;
  out.grid.radius = radius;
  out.grid.nx = nx;
  out.grid.ny = ny;
  out.grid.tanks = int(layout.size());
}

}  // namespace detgrad::swgo
