#pragma once
// The tomography task's passes over the muons of one step (DESIGN.md principle 3):
//   forward: every muon's contributions to the voxel accumulators (A, B, C);
//   host:    the loss and its derivatives with respect to the accumulators and the design;
//   adjoint: every muon replayed with the same random numbers, dLoss/d(accumulators)
//            turned into dLoss/d(design).
// Memory: O(voxels + parameters), whatever the number of muons.
#include <cstdint>
#include <vector>

#include "detgrad/study/study_config.hpp"
#include "tomography/tomography_model.hpp"
#include "tomography/voxel_x0_loss.hpp"

namespace detgrad::tomography {

enum class Precision { single, double_precision };

struct PassOptions {
  std::uint64_t muons = 0;
  std::uint32_t step = 0;
  Backend backend = Backend::cpu;
  Precision precision = Precision::single;
  DetectorModel model = DetectorModel::optimisation;
  // The design at the start of the step: its panel heights are the transport's reference
  // planes (tomography_setup.hpp). Null: the design being evaluated. A finite-difference
  // check must keep it fixed, so that only the panels move, not the muons.
  const DesignParams<double>* reference_design = nullptr;
};

struct VoxelAccumulators {
  std::vector<double> a, b, c;
  double usable_weight = 0.0;  // sum over muons of the usable-muon weight
};

VoxelAccumulators forward_pass(const TomographyModel& model, const DesignParams<double>& design,
                               const PassOptions& options);

// dLoss/d(design) from the muons, flattened (TomographyModel::flatten order).
std::vector<double> adjoint_pass(const TomographyModel& model, const DesignParams<double>& design,
                                 const PassOptions& options, const std::vector<double>& d_a,
                                 const std::vector<double>& d_b, const std::vector<double>& d_c);

struct LossTerms {
  double total = 0.0;
  double voxel_x0 = 0.0;
  double budget = 0.0;
  double cost = 0.0;
  double usable_muons = 0.0;
  int informed_voxels = 0;
};

struct LossAndGradient {
  LossTerms terms;
  std::vector<double> gradient;  // flattened; empty when not asked for
  VoxelX0Estimate estimate;
};

// Forward pass, loss, and (if want_gradient) the adjoint pass.
LossAndGradient evaluate(const TomographyModel& model, const DesignParams<double>& design, const PassOptions& options,
                         bool want_gradient);

}  // namespace detgrad::tomography
