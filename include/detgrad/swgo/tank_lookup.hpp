#pragma once
// Which tank a ground point falls in (particle-level mode, docs/swgo.md), portable (host and
// device): the tanks on a grid of square cells (side >= the tank diameter), so that a point
// is tested against the tanks of its cell and the 8 around it. Plain arrays in
// compressed-row form (host or device memory), built by host/swgo/tank_grid.hpp.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/constants.hpp"

namespace detgrad::swgo {

template <typename T>
struct TankLookup {
  const T* x = nullptr;  // tank centres, m
  const T* y = nullptr;
  const int* cell_start = nullptr;  // nx ny + 1 entries: cell c holds cell_tanks[cell_start[c] .. cell_start[c + 1])
  const int* cell_tanks = nullptr;
  T origin_x = T(0), origin_y = T(0), cell = T(1);  // lower corner of cell 0 and the cells' side, m
  T radius = T(kTankRadius_m);
  int nx = 0, ny = 0;
  int tanks = 0;

  // The same lookup in type U over the given copies of the arrays (centres in U; the cell
  // tables in the memory the caller chose, e.g. the device's).
  template <typename U>
  TankLookup<U> cast(const U* x_u, const U* y_u, const int* cell_start_u, const int* cell_tanks_u) const {
    TankLookup<U> out;
    out.x = x_u;
    out.y = y_u;
    out.cell_start = cell_start_u;
    out.cell_tanks = cell_tanks_u;
    out.origin_x = U(origin_x);
    out.origin_y = U(origin_y);
    out.cell = U(cell);
    out.radius = U(radius);
    out.nx = nx;
    out.ny = ny;
    out.tanks = tanks;
    return out;
  }

  // The tank whose circle holds (px, py), or -1.
  DETGRAD_HD int find(T px, T py) const {
    const int cx = int(std::floor((px - origin_x) / cell)), cy = int(std::floor((py - origin_y) / cell));
    const T r2 = radius * radius;
    for (int j = cy - 1; j <= cy + 1; ++j) {
      if (j < 0 || j >= ny) continue;
      for (int i = cx - 1; i <= cx + 1; ++i) {
        if (i < 0 || i >= nx) continue;
        const int c = j * nx + i;
        for (int k = cell_start[c]; k < cell_start[c + 1]; ++k) {
          const int t = cell_tanks[k];
          const T dx = px - x[t], dy = py - y[t];
          if (dx * dx + dy * dy <= r2) return t;
        }
      }
    }
    return -1;
  }
};

}  // namespace detgrad::swgo
