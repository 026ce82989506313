#include "tomography/volume_losses.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace detgrad::tomography {

DenseMaterialLoss dense_material_loss(const VoxelLogX0& voxels, const std::vector<double>& true_x0_m,
                                      double threshold_m) {
  DenseMaterialLoss out;
  for (double x0 : true_x0_m) out.truth = out.truth || x0 < threshold_m;
  const std::size_t n = voxels.log_x0.size();
  std::vector<double> d_log_x0(n, 0.0);
  if (voxels.informed_count == 0) {
    add_log_x0_cotangents(voxels, d_log_x0, out.accumulators);
    return out;
  }
  // Soft minimum, shifted by the hard minimum for stability: m = x_min - tau ln sum e^{-(x - x_min)/tau}.
  double x_min = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i)
    if (voxels.informed[i]) x_min = std::min(x_min, voxels.log_x0[i]);
  double z = 0.0;
  std::vector<double> weight(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!voxels.informed[i]) continue;
    weight[i] = std::exp(-(voxels.log_x0[i] - x_min) / kSoftMinTemperature);
    z += weight[i];
  }
  const double soft_min = x_min - kSoftMinTemperature * std::log(z);
  const double logit = (std::log(threshold_m) - soft_min) / kDenseProbabilityWidth;
  const double p = 1.0 / (1.0 + std::exp(-logit));
  out.probability = p;
  // Binary cross-entropy; with p = logistic(logit): dBCE/dlogit = p - y.
  const double y = out.truth ? 1.0 : 0.0;
  const double log_p = logit >= 0 ? -std::log1p(std::exp(-logit)) : logit - std::log1p(std::exp(logit));
  const double log_not_p = log_p - logit;  // ln(1 - p) = ln p - logit
  out.accumulators.loss = -(y * log_p + (1.0 - y) * log_not_p);
  const double d_soft_min = (p - y) * (-1.0 / kDenseProbabilityWidth);
  for (std::size_t i = 0; i < n; ++i)
    if (voxels.informed[i]) d_log_x0[i] = d_soft_min * weight[i] / z;  // dm/dx_v = softmax weight
  add_log_x0_cotangents(voxels, d_log_x0, out.accumulators);
  return out;
}

FillHeightLoss fill_height_loss(double weighted_height_sum, double weight_sum, double true_height_m) {
  FillHeightLoss out;
  if (!(weight_sum > 0.0)) return out;
  out.height_m = weighted_height_sum / weight_sum;
  const double residual = out.height_m - true_height_m;
  out.loss = residual * residual;
  out.d_sum = 2.0 * residual / weight_sum;
  out.d_weight = -2.0 * residual * out.height_m / weight_sum;
  return out;
}

double true_fill_height_m(const std::vector<double>& true_x0_m, const int voxels[3], const double origin_m[3],
                          const double voxel_size_m[3], double threshold_m, const double region_z_m[2]) {
  double height = region_z_m[0];
  for (int iz = 0; iz < voxels[2]; ++iz) {
    const double bottom = origin_m[2] + iz * voxel_size_m[2], top = bottom + voxel_size_m[2];
    const double centre = 0.5 * (bottom + top);
    if (centre < region_z_m[0] || centre > region_z_m[1]) continue;
    for (int i = 0; i < voxels[0] * voxels[1]; ++i) {
      if (true_x0_m[std::size_t(iz) * voxels[0] * voxels[1] + i] < threshold_m) {
        height = std::max(height, top);
        break;
      }
    }
  }
  return height;
}

}  // namespace detgrad::tomography
