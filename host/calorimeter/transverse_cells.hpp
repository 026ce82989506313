#pragma once
// Square transverse cells (host only; the grid: detgrad/calorimeter/cell_grid.hpp), and what
// a shower's cell energies tell: the energy map
// (each cell's visible energy summed over the active layers with their readout weights: a
// tower), the energy fractions in the hottest cell and the 3 x 3 cells around it (the
// lateral containment a cluster sees), and the position from the cells' centroid against the
// primary's impact point.
#include <cstdint>
#include <vector>

#include "calorimeter/shower_pass.hpp"
#include "detgrad/calorimeter/cell_grid.hpp"
#include "detgrad/calorimeter/shower_source.hpp"

namespace detgrad::calorimeter {

// ceil(2 half_width / size) cells per side (a side within 1e-9 of a multiple counts as one).
CellGrid cell_grid(double size_m, double half_width_m);

// The section of every slab's cells: readout layer r of R (in order along z) in section
// floor(r S / R) of S; as the offset of that section in a shower's cell row (section x
// cells), -1 for a passive slab.
std::vector<int> cell_offsets(const ShowerSetup& setup, int sections, int cells);

struct CellSummary {
  std::vector<double> mean_map_GeV;  // [section][cell] mean visible energy per shower
  double hottest_fraction = 0.0;     // mean over showers of the hottest cell's share of the cells' energy
  double cluster_fraction = 0.0;     // the same for the 3 x 3 cells centred on the hottest
  double position_resolution_m = 0.0;  // rms over showers and over x and y of centroid - impact
  double position_bias_m = 0.0;        // mean of (centroid - impact) over showers and x, y
  // Per longitudinal section: the mean share of the cells' energy, and the position
  // resolution of the section's own centroid (over the showers with energy in the section).
  std::vector<double> section_fraction;
  std::vector<double> section_position_resolution_m;
};

// From the tallies' cell rows (ShowerTallies::cells) and the beam (the primaries' impact
// points, recomputed from the same random numbers as the pass: seed, step, first). The
// fractions and the centroid are of the towers (each cell summed over the sections). Over
// the showers `subset` lists (indices in the pass; nullptr: all of them).
CellSummary summarise_cells(const ShowerTallies& t, const CellGrid& grid, const BeamSource<double>& beam,
                            std::uint64_t seed, std::uint32_t step, std::uint64_t first,
                            const std::vector<std::uint64_t>* subset = nullptr);

}  // namespace detgrad::calorimeter
