#include "calorimeter/transverse_cells.hpp"

#include <algorithm>
#include <cmath>

namespace detgrad::calorimeter {

namespace {

// The energy in a grid's cells and its sums weighted by the cells' centres (the centroid is
// (sx, sy) / energy).
struct CentroidSums {
  double energy = 0.0, sx = 0.0, sy = 0.0;
};
CentroidSums centroid_sums(const double* cells, const CellGrid& grid) {
  CentroidSums c;
  for (int k = 0; k < grid.count(); ++k) {
    c.energy += cells[k];
    c.sx += cells[k] * grid.centre(k % grid.per_side);
    c.sy += cells[k] * grid.centre(k / grid.per_side);
  }
  return c;
}

}  // namespace

CellGrid cell_grid(double size_m, double half_width_m) {
  CellGrid g;
  g.size_m = size_m;
  g.half_width_m = half_width_m;
  g.per_side = std::max(1, int(std::ceil(2.0 * half_width_m / size_m - 1e-9)));
  return g;
}

std::vector<int> cell_offsets(const ShowerSetup& setup, int sections, int cells) {
  std::vector<int> offset(setup.slab_count(), -1);
  const int readouts = setup.readout_count();
  for (int s = 0; s < setup.slab_count(); ++s) {
    const int r = setup.slabs()[s].readout;
    if (r >= 0) offset[s] = int(std::int64_t(r) * sections / readouts) * cells;
  }
  return offset;
}

CellSummary summarise_cells(const ShowerTallies& t, const CellGrid& grid, const BeamSource<double>& beam,
                            std::uint64_t seed, std::uint32_t step, std::uint64_t first,
                            const std::vector<std::uint64_t>* subset) {
  const std::uint64_t count = subset ? std::uint64_t(subset->size()) : t.showers;
  CellSummary s;
  const int n = grid.count();
  s.mean_map_GeV.assign(t.cell_row(), 0.0);
  std::vector<double> tower(n);
  const int sections = t.cell_sections;
  s.section_fraction.assign(sections, 0.0);
  s.section_position_resolution_m.assign(sections, 0.0);
  std::vector<double> section_d2(sections, 0.0);
  std::vector<std::uint64_t> section_used(sections, 0);
  // The float pass's primaries (make_primary<float>), as the showers started.
  const BeamSource<float> b = convert_beam<float>(beam);
  double sum_d2 = 0.0, sum_d = 0.0;
  std::uint64_t used = 0;
  for (std::uint64_t j = 0; j < count; ++j) {
    const std::uint64_t i = subset ? (*subset)[j] : j;
    const double* row = t.cell_deposit.data() + i * t.cell_row();
    std::fill(tower.begin(), tower.end(), 0.0);
    for (std::uint64_t k = 0; k < t.cell_row(); ++k) {
      s.mean_map_GeV[k] += row[k] / double(count);
      tower[k % std::uint64_t(n)] += row[k];
    }
    const double* cells = tower.data();
    const CentroidSums all = centroid_sums(cells, grid);
    const double total = all.energy;
    const int hottest = int(std::max_element(cells, cells + n) - cells);
    if (!(total > 0.0)) continue;  // nothing visible (e.g. a photon that crossed the stack)
    double cluster = 0.0;
    const int hx = hottest % grid.per_side, hy = hottest / grid.per_side;
    for (int y = std::max(0, hy - 1); y <= std::min(grid.per_side - 1, hy + 1); ++y)
      for (int x = std::max(0, hx - 1); x <= std::min(grid.per_side - 1, hx + 1); ++x) cluster += cells[y * grid.per_side + x];
    s.hottest_fraction += cells[hottest] / total;
    s.cluster_fraction += cluster / total;
    const ShowerParticle<float> p = make_primary(b, seed, step, first + i);
    for (int k = 0; k < sections; ++k) {
      const CentroidSums sec = centroid_sums(row + std::uint64_t(k) * std::uint64_t(n), grid);
      s.section_fraction[k] += sec.energy / total;
      if (!(sec.energy > 0.0)) continue;
      const double ddx = sec.sx / sec.energy - double(p.position.x), ddy = sec.sy / sec.energy - double(p.position.y);
      section_d2[k] += ddx * ddx + ddy * ddy;
      ++section_used[k];
    }
    const double dx = all.sx / total - double(p.position.x), dy = all.sy / total - double(p.position.y);
    sum_d += dx + dy;
    sum_d2 += dx * dx + dy * dy;
    ++used;
  }
  if (used > 0) {
    s.hottest_fraction /= double(used);
    s.cluster_fraction /= double(used);
    s.position_bias_m = sum_d / (2.0 * double(used));
    s.position_resolution_m = std::sqrt(sum_d2 / (2.0 * double(used)));
    for (int k = 0; k < sections; ++k) {
      s.section_fraction[k] /= double(used);
      if (section_used[k] > 0) s.section_position_resolution_m[k] = std::sqrt(section_d2[k] / (2.0 * double(section_used[k])));
    }
  }
  return s;
}

}  // namespace detgrad::calorimeter
