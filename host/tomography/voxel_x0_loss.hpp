#pragma once
// Per-voxel radiation lengths from the muons' accumulated scattering, the voxel X0 loss on
// log X0, and the budget term; each with its derivatives (host, double).
//
// Accumulators per voxel v (from infer_muon): A_v = sum w q, B_v = sum w, C_v = sum w L.
// With g = A/B (the weighted mean of q = theta^2 (beta p / 13.6 MeV)^2 / L) and the mean
// path Lbar = C/B, Highland's formula with its log term, theta0^2 = (13.6 MeV/beta p)^2
// (L/X0) (1 + 0.038 ln(L/X0))^2, gives y = 1/X0 as the root of
//     y (1 + 0.038 ln(Lbar y))^2 = g        (solved by Newton's method).
// Loss: the mean over informed voxels of (ln X0_pred - ln X0_true)^2. A voxel is informed
// when its B_v exceeds 1e-6 of the largest B (voxels no muon reaches are left out).
#include <vector>

#include "detgrad/tomography/tomography_config.hpp"

namespace detgrad::tomography {

struct VoxelX0Estimate {
  std::vector<double> x0_m;      // predicted X0 per voxel (0 where not informed)
  std::vector<char> informed;
};

struct VoxelX0Loss {
  double loss = 0.0;
  int informed_voxels = 0;
  VoxelX0Estimate estimate;
  std::vector<double> d_a, d_b, d_c;  // dLoss/d(A, B, C)
};

VoxelX0Estimate estimate_voxel_x0(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<double>& c);

VoxelX0Loss voxel_x0_loss(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c,
                          const std::vector<double>& true_x0_m);

// Smooth budget penalty: coefficient * s * softplus((cost - budget) / s), s = smoothness *
// budget: ~0 below the budget, linear above it. Zero when the budget is 0 (no budget).
struct BudgetPenalty {
  double penalty = 0.0;
  double d_penalty_d_cost = 0.0;
};
BudgetPenalty budget_penalty(double cost, const TomographyConfig& config);

}  // namespace detgrad::tomography
