#pragma once
// Per-voxel radiation lengths from the muons' accumulated scattering, the voxel X0 loss on
// log X0, and the budget term; each with its derivatives (host, double).
//
// Accumulators per voxel v (from infer_muon): A_v = sum w q, B_v = sum w, C_v = sum w L.
// With g = A/B (the weighted mean of q = theta^2 (beta p / 13.6 MeV)^2 / L) and the mean
// path Lbar = C/B, Highland's formula with its log term, theta0^2 = (13.6 MeV/beta p)^2
// (L/X0) (1 + 0.038 ln(L/X0))^2, gives y = 1/X0 as the root of
//     y (1 + 0.038 ln(Lbar y))^2 = g        (solved by Newton's method).
// A voxel is informed when its B_v exceeds 1e-6 of the largest B (voxels no muon reaches
// are left out of every loss).
#include <vector>

#include "detgrad/tomography/tomography_config.hpp"

namespace detgrad::tomography {

// ln X0 of every informed voxel and its derivatives with respect to the accumulators.
struct VoxelLogX0 {
  std::vector<char> informed;
  std::vector<double> log_x0;   // ln(X0 / m); 0 where not informed
  std::vector<double> d_log_x0_d_a, d_log_x0_d_b, d_log_x0_d_c;
  int informed_count = 0;
};
VoxelLogX0 voxel_log_x0(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c);

struct VoxelX0Estimate {
  std::vector<double> x0_m;      // predicted X0 per voxel (0 where not informed)
  std::vector<char> informed;
};
VoxelX0Estimate estimate_voxel_x0(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<double>& c);

// A loss that depends on the accumulators only through the voxels' ln X0.
struct AccumulatorLoss {
  double loss = 0.0;
  std::vector<double> d_a, d_b, d_c;  // dLoss/d(A, B, C)
};

// Chain rule from dLoss/d(ln X0_v) to dLoss/d(A, B, C).
void add_log_x0_cotangents(const VoxelLogX0& v, const std::vector<double>& d_log_x0, AccumulatorLoss& out);

// Mean over informed voxels of (ln X0_pred - ln X0_true)^2.
AccumulatorLoss voxel_x0_loss(const VoxelLogX0& voxels, const std::vector<double>& true_x0_m);

// Smooth budget penalty: coefficient * s * softplus((cost - budget) / s), s = smoothness *
// budget: ~0 below the budget, linear above it. Zero when the budget is 0 (no budget).
struct BudgetPenalty {
  double penalty = 0.0;
  double d_penalty_d_cost = 0.0;
};
BudgetPenalty budget_penalty(double cost, const TomographyConfig& config);

}  // namespace detgrad::tomography
