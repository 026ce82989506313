#include "calorimeter/transverse_cells.hpp"

#include <algorithm>
#include <cmath>

namespace detgrad::calorimeter {

CellGrid cell_grid(double size_m, double half_width_m) {
  CellGrid g;
  g.size_m = size_m;
  g.half_width_m = half_width_m;
  g.per_side = std::max(1, int(std::ceil(2.0 * half_width_m / size_m - 1e-9)));
  return g;
}

CellSummary summarise_cells(const ShowerTallies& t, const CellGrid& grid, const BeamSource<double>& beam,
                            std::uint64_t seed, std::uint32_t step, std::uint64_t first) {
  CellSummary s;
  const int n = grid.count();
  s.mean_map_GeV.assign(n, 0.0);
  // The float pass's primaries (make_primary<float>), as the showers started.
  const BeamSource<float> b = convert_beam<float>(beam);
  double sum_d2 = 0.0, sum_d = 0.0;
  std::uint64_t used = 0;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    const double* cells = t.cell_deposit.data() + i * std::uint64_t(n);
    double total = 0.0, sx = 0.0, sy = 0.0;
    int hottest = 0;
    for (int c = 0; c < n; ++c) {
      s.mean_map_GeV[c] += cells[c] / double(t.showers);
      total += cells[c];
      sx += cells[c] * grid.centre(c % grid.per_side);
      sy += cells[c] * grid.centre(c / grid.per_side);
      if (cells[c] > cells[hottest]) hottest = c;
    }
    if (!(total > 0.0)) continue;  // nothing visible (e.g. a photon that crossed the stack)
    double cluster = 0.0;
    const int hx = hottest % grid.per_side, hy = hottest / grid.per_side;
    for (int y = std::max(0, hy - 1); y <= std::min(grid.per_side - 1, hy + 1); ++y)
      for (int x = std::max(0, hx - 1); x <= std::min(grid.per_side - 1, hx + 1); ++x) cluster += cells[y * grid.per_side + x];
    s.hottest_fraction += cells[hottest] / total;
    s.cluster_fraction += cluster / total;
    const ShowerParticle<float> p = make_primary(b, seed, step, first + i);
    const double dx = sx / total - double(p.position.x), dy = sy / total - double(p.position.y);
    sum_d += dx + dy;
    sum_d2 += dx * dx + dy * dy;
    ++used;
  }
  if (used > 0) {
    s.hottest_fraction /= double(used);
    s.cluster_fraction /= double(used);
    s.position_bias_m = sum_d / (2.0 * double(used));
    s.position_resolution_m = std::sqrt(sum_d2 / (2.0 * double(used)));
  }
  return s;
}

}  // namespace detgrad::calorimeter
