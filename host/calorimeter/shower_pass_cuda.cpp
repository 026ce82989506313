// The shower pass on the CUDA executor: the tallies of kernels/calorimeter.cu in the CPU
// pass's layout.
#include <stdexcept>

#include "calorimeter/calo_launchers.hpp"
#include "calorimeter/shower_pass.hpp"

namespace detgrad::calorimeter {

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
  const BeamSource<float> b{beam.type, float(beam.kinetic_GeV), float(beam.angle_rad), float(beam.spot_m)};
  t.steps = cuda_calorimeter_showers(setup.tables<float>(), setup.stack<float>(), setup.settings<float>(o.seed, o.step),
                                     b, o.first, o.showers, t.slab_deposit.data(), sums.data(),
                                     t.max_stack_depth.data());
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
