#pragma once
// The CPU pass over showers (host only): OpenMP over showers, each shower's tallies in its
// own row, so that the results do not depend on the number of threads or their schedule.
#include <cstdint>
#include <vector>

#include "calorimeter/shower_setup.hpp"
#include "detgrad/calorimeter/shower_source.hpp"

namespace detgrad::calorimeter {

enum class ShowerPrecision { single_precision, double_precision };

struct ShowerRunOptions {
  std::uint64_t showers = 100;
  std::uint64_t first = 0;  // index of the first shower (its random numbers)
  std::uint64_t seed = 1;
  std::uint32_t step = 0;
  ShowerPrecision precision = ShowerPrecision::double_precision;
  int radial_bins = 0;        // a radial profile about the z axis per shower (0: none)
  double radial_bin_m = 0.0;  // width of a radial bin, m (the last bin takes everything beyond)
  // Square transverse cells of this side (transverse_cells.hpp; 0: none): each shower's
  // visible energy per cell (active slabs, times their readout weights), summed over each of
  // `cell_sections` consecutive groups of the active layers (1: over the whole depth).
  double cell_size_m = 0.0;
  int cell_sections = 1;
};

// Per-shower results, one row per shower.
struct ShowerTallies {
  std::uint64_t showers = 0;
  int slabs = 0;
  int radial_bins = 0;
  std::vector<double> slab_deposit;  // [shower][slab], GeV: everything deposited in the slab
  std::vector<double> continuous;    // [shower] GeV deposited along steps (and range-rejected e+-)
  std::vector<double> below_cut;     // [shower] GeV deposited on the spot by particles below their cuts
  std::vector<double> escaped;       // [shower] GeV carried out of the stack (available energy)
  // [shower] ns: the mean time of the visible deposits weighted by their visible energy,
  // from the primary's entry into the front face (CPU pass only; empty from CUDA)
  std::vector<double> visible_time;
  std::vector<double> radial;        // [shower][bin] GeV
  int cells = 0;                     // transverse cells (ShowerRunOptions::cell_size_m)
  int cell_sections = 1;             // longitudinal sections of the cells
  std::vector<double> cell_deposit;  // [shower][section][cell] GeV, visible (weighted) energy
  std::uint64_t cell_row() const { return std::uint64_t(cells) * std::uint64_t(cell_sections); }
  std::vector<int> max_stack_depth;  // [shower]
  std::uint64_t steps = 0;
  std::uint64_t particles = 0;
  int overflows = 0;

  double slab(std::uint64_t shower, int s) const { return slab_deposit[shower * slabs + s]; }
  // Sum over the active slabs, each times its readout weight (the visible energy), GeV.
  double visible(const ShowerSetup& setup, std::uint64_t shower) const;
  // Deposit per readout layer, GeV.
  std::vector<double> readout(const ShowerSetup& setup, std::uint64_t shower) const;
};

ShowerTallies run_showers_cpu(const ShowerSetup& setup, const BeamSource<double>& beam, const ShowerRunOptions& options);
// The same showers on the CUDA executor (float transport, double tallies; no radial
// profile). BackendError without CUDA or a device; std::invalid_argument for
// double precision or a radial profile.
ShowerTallies run_showers_cuda(const ShowerSetup& setup, const BeamSource<double>& beam, const ShowerRunOptions& options);

// The energy a shower brings (the reference of the energy balance): kinetic energy, plus
// 2 m_e for a positron (its annihilation).
double shower_energy(const BeamSource<double>& beam);

}  // namespace detgrad::calorimeter
