#pragma once
// The volume-level questions of the tomography task and their losses (host, double):
//  - dense material: the predicted probability that some voxel is dense (X0 below a
//    threshold), from a soft minimum of the voxels' ln X0; binary cross-entropy;
//  - fill height: the weighted mean height of the muons' PoCAs inside a z region (what a
//    ladle-furnace study regresses); squared error against the true fill height.
#include <vector>

#include "tomography/voxel_x0_loss.hpp"

namespace detgrad::tomography {

// Soft minimum m = -tau ln sum_v exp(-ln X0_v / tau) over informed voxels, tau = 0.1 (in
// ln X0: about a 10 % difference in X0), and P(dense) = logistic((ln X0_thr - m) / 0.1).
constexpr double kSoftMinTemperature = 0.1;
constexpr double kDenseProbabilityWidth = 0.1;

struct DenseMaterialLoss {
  AccumulatorLoss accumulators;  // loss: binary cross-entropy, nats
  double probability = 0.0;      // predicted P(dense material present)
  bool truth = false;            // some voxel's true X0 is below the threshold
};
DenseMaterialLoss dense_material_loss(const VoxelLogX0& voxels, const std::vector<double>& true_x0_m,
                                      double threshold_m);

struct FillHeightLoss {
  double loss = 0.0;       // (h - h_true)^2, m^2
  double height_m = 0.0;   // h = sum(w in z) / sum(w in)
  double d_sum = 0.0;      // dLoss / d sum(w in z)
  double d_weight = 0.0;   // dLoss / d sum(w in)
};
FillHeightLoss fill_height_loss(double weighted_height_sum, double weight_sum, double true_height_m);

// The true fill height: the top of the highest voxel layer, within the z region, that holds
// a voxel whose X0 is below the threshold; the region's bottom if there is none.
double true_fill_height_m(const std::vector<double>& true_x0_m, const int voxels[3], const double origin_m[3],
                          const double voxel_size_m[3], double threshold_m, const double region_z_m[2]);

}  // namespace detgrad::tomography
