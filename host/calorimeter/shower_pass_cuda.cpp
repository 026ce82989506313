// The shower pass on the CUDA executor: the tallies of kernels/calorimeter.cu (transverse
// cells included) in the CPU pass's layout, in batches of at most kCudaBatch showers (the device rows of a batch:
// 8 bytes per slab and shower, 1.1 MB per 1000 showers of the LHCb-like stack), so that the
// device memory is bounded whatever the number of showers.
#include <algorithm>
#include <stdexcept>

#include "calorimeter/calo_launchers.hpp"
#include "calorimeter/shower_pass.hpp"
#include "calorimeter/transverse_cells.hpp"

namespace detgrad::calorimeter {
namespace {

// 2^18 showers: about twice the threads an H100 keeps resident (132 SMs x 2048), enough to
// fill it, and 270 MB of rows for the 132-slab stack.
constexpr std::uint64_t kCudaBatch = std::uint64_t(1) << 18;

}  // namespace

ShowerTallies run_showers_cuda(const ShowerSetup& setup, const BeamSource<double>& beam, const ShowerRunOptions& o) {
  if (o.precision != ShowerPrecision::single_precision)
    throw std::invalid_argument("the CUDA shower pass runs in single precision only");
  if (o.radial_bins != 0) throw std::invalid_argument("the CUDA shower pass has no radial profile");
  ShowerTallies t;
  t.showers = o.showers;
  t.slabs = setup.slab_count();
  t.slab_deposit.assign(o.showers * t.slabs, 0.0);
  std::vector<double> sums(3 * o.showers, 0.0);
  t.max_stack_depth.assign(o.showers, 0);
  const BeamSource<float> b = convert_beam<float>(beam);
  const auto tables = setup.tables<float>();
  const auto stack = setup.stack<float>();
  const auto settings = setup.settings<float>(o.seed, o.step);
  CudaCells cells;
  std::vector<double> visible_weight(setup.slab_count(), 0.0);
  std::vector<int> offset;
  if (o.cell_size_m > 0.0) {
    cells.grid = cell_grid(o.cell_size_m, setup.stack<double>().half_width_m);
    for (int s = 0; s < setup.slab_count(); ++s) visible_weight[s] = setup.visible_weight(s);
    cells.visible_weight = visible_weight.data();
    t.cells = cells.grid.count();
    t.cell_sections = o.cell_sections;
    offset = cell_offsets(setup, t.cell_sections, t.cells);
    cells.cell_offset = offset.data();
    cells.sections = t.cell_sections;
  }
  t.cell_deposit.assign(o.showers * t.cell_row(), 0.0);
  for (std::uint64_t done = 0; done < o.showers; done += kCudaBatch) {
    const std::uint64_t n = std::min(kCudaBatch, o.showers - done);
    CudaCells batch = cells;
    if (t.cells > 0) batch.cell_deposit = t.cell_deposit.data() + done * t.cell_row();
    t.steps += cuda_calorimeter_showers(tables, stack, settings, b, o.first + done, n,
                                        t.slab_deposit.data() + done * std::uint64_t(t.slabs), sums.data() + 3 * done,
                                        t.max_stack_depth.data() + done, batch);
  }
  t.continuous.resize(o.showers);
  t.below_cut.resize(o.showers);
  t.escaped.resize(o.showers);
  for (std::uint64_t i = 0; i < o.showers; ++i) {
    t.continuous[i] = sums[3 * i];
    t.below_cut[i] = sums[3 * i + 1];
    t.escaped[i] = sums[3 * i + 2];
  }
  return t;
}

}  // namespace detgrad::calorimeter
