#pragma once
// Square transverse cells over the stack's cross section (host and device): the side
// 2 x half_width cut into per_side x per_side cells of side size_m (the last row and column
// narrower when the side is not a multiple). Cell iy * per_side + ix; a point outside the
// cross section counts in the nearest edge cell.
#include "detgrad/core/macros.hpp"

namespace detgrad::calorimeter {

struct CellGrid {
  double size_m = 0.0;
  double half_width_m = 0.0;
  int per_side = 0;  // 0: no cells

  DETGRAD_HD int count() const { return per_side * per_side; }
  DETGRAD_HD int index(double x, double y) const {
    int ix = int((x + half_width_m) / size_m), iy = int((y + half_width_m) / size_m);
    ix = ix < 0 ? 0 : ix >= per_side ? per_side - 1 : ix;
    iy = iy < 0 ? 0 : iy >= per_side ? per_side - 1 : iy;
    return iy * per_side + ix;
  }
  // The centre of column (or row) i, m: the middle of the part of the cell inside the stack.
  DETGRAD_HD double centre(int i) const {
    const double low = -half_width_m + i * size_m;
    const double high = low + size_m < half_width_m ? low + size_m : half_width_m;
    return 0.5 * (low + high);
  }
};

}  // namespace detgrad::calorimeter
