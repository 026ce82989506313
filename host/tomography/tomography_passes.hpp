#pragma once
// The tomography task's passes over the muons of one step (docs/design.md, principle 3):
//   forward: every muon's contributions to the voxel accumulators (A, B, C);
//   host:    the loss and its derivatives with respect to the accumulators and the design;
//   adjoint: every muon replayed with the same random numbers, dLoss/d(accumulators)
//            turned into dLoss/d(design).
// Memory: O(voxels + parameters), whatever the number of muons.
#include <cstdint>
#include <vector>

#include "backend/pass_options.hpp"
#include "detgrad/tomography/study_config.hpp"
#include "tomography/tomography_model.hpp"
#include "tomography/volume_losses.hpp"
#include "tomography/voxel_x0_loss.hpp"

namespace detgrad::tomography {

// The engine's pass options (backend/pass_options.hpp: events, step, first event, backend,
// precision) and the tomography passes' own.
struct PassOptions : detgrad::PassOptions {
  DetectorModel model = DetectorModel::optimisation;
  // The design at the start of the step: its panel heights are the transport's reference
  // planes (tomography_setup.hpp). Null: the design being evaluated. A finite-difference
  // check must keep it fixed, so that only the panels move, not the muons.
  const DesignParams<double>* reference_design = nullptr;
  // The passive volume (null: the study's); volumes evaluated in one step take disjoint event
  // ranges (first_event), so that each sees its own muons.
  const TomographyVolume* volume = nullptr;
};

struct VoxelAccumulators {
  std::vector<double> a, b, c;
  double usable_weight = 0.0;        // sum over muons of the usable-muon weight
  double height_sum = 0.0;           // H = sum weight in z (fill-height region)
  double height_weight = 0.0;        // W = sum weight in
};

// dLoss/d(accumulators).
struct AccumulatorGradient {
  std::vector<double> d_a, d_b, d_c;
  double d_height_sum = 0.0, d_height_weight = 0.0;
};

VoxelAccumulators forward_pass(const TomographyModel& model, const DesignParams<double>& design,
                               const PassOptions& options);

// dLoss/d(design) from the muons, flattened (TomographyModel::flatten order).
std::vector<double> adjoint_pass(const TomographyModel& model, const DesignParams<double>& design,
                                 const PassOptions& options, const AccumulatorGradient& cotangents);

struct LossTerms {
  double total = 0.0;
  double task = 0.0;           // the study's loss: voxel_x0, dense_material or fill_height
  double budget = 0.0;
  double cost = 0.0;
  double usable_muons = 0.0;
  int informed_voxels = 0;
  double dense_probability = 0.0;  // predicted P(dense material present)
  double fill_height_m = 0.0;      // weighted mean PoCA height in the region
  double true_fill_height_m = 0.0;
};

struct LossAndGradient {
  LossTerms terms;
  std::vector<double> gradient;  // flattened; empty when not asked for
  VoxelX0Estimate estimate;
};

// Forward pass, loss, and (if want_gradient) the adjoint pass.
LossAndGradient evaluate(const TomographyModel& model, const DesignParams<double>& design, const PassOptions& options,
                         bool want_gradient);

// The mean loss (and gradient) over several volumes, options.events muons each, volume v
// taking events [v muons, (v + 1) muons). The terms are means over the volumes too. For
// the fill-height loss over 3 or more volumes, the loss is instead the mean squared error
// after a linear correction truth = a + b h fitted over the volumes (the peer's metric).
LossAndGradient evaluate_over_volumes(const TomographyModel& model, const DesignParams<double>& design,
                                      const PassOptions& options, const std::vector<TomographyVolume>& volumes,
                                      bool want_gradient);

}  // namespace detgrad::tomography
