#include "tomography/voxel_x0_loss.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "detgrad/core/units.hpp"

namespace detgrad::tomography {
namespace {

constexpr double kLog = units::kHighlandLogCoefficient;  // 0.038, PDG Highland
constexpr double kMinInverseX0_per_m = 1e-4;             // X0 capped at 10 km (noise-dominated voxels)
constexpr double kInformedFraction = 1e-6;

struct Inversion {
  double y;        // 1/X0, 1/m
  double dy_dg;    // d y / d g
  double dy_dl;    // d y / d Lbar
};

// Root of h(y) = y f(Lbar y) - g, f(u) = (1 + c ln u)^2; h' = (1 + c ln u)(1 + c ln u + 2c).
Inversion invert_highland(double g, double mean_path_m) {
  if (!(g > kMinInverseX0_per_m)) return {kMinInverseX0_per_m, 0.0, 0.0};
  double y = g;
  for (int i = 0; i < 50; ++i) {
    const double bracket = 1.0 + kLog * std::log(mean_path_m * y);
    const double h = y * bracket * bracket - g;
    const double dh = bracket * (bracket + 2.0 * kLog);
    const double next = std::max(y - h / dh, 0.5 * y);
    const bool done = std::fabs(next - y) <= 1e-15 * y;
    y = next;
    if (done) break;
  }
  const double u = mean_path_m * y;
  const double bracket = 1.0 + kLog * std::log(u);
  const double dh = bracket * (bracket + 2.0 * kLog);
  const double f_prime = 2.0 * kLog * bracket / u;
  return {y, 1.0 / dh, -y * y * f_prime / dh};
}

}  // namespace

VoxelLogX0 voxel_log_x0(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c) {
  const std::size_t n = a.size();
  if (b.size() != n || c.size() != n) throw std::invalid_argument("voxel_log_x0: sizes");
  VoxelLogX0 v;
  v.informed.assign(n, 0);
  v.log_x0.assign(n, 0.0);
  v.d_log_x0_d_a.assign(n, 0.0);
  v.d_log_x0_d_b.assign(n, 0.0);
  v.d_log_x0_d_c.assign(n, 0.0);
  const double b_max = n ? *std::max_element(b.begin(), b.end()) : 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(b[i] > 0.0 && b[i] > kInformedFraction * b_max)) continue;
    ++v.informed_count;
    v.informed[i] = 1;
    const Inversion inv = invert_highland(a[i] / b[i], c[i] / b[i]);
    v.log_x0[i] = -std::log(inv.y);
    // ln X0 = -ln y; g = A/B, Lbar = C/B.
    const double d_g = -inv.dy_dg / inv.y, d_l = -inv.dy_dl / inv.y;
    v.d_log_x0_d_a[i] = d_g / b[i];
    v.d_log_x0_d_c[i] = d_l / b[i];
    v.d_log_x0_d_b[i] = -(d_g * a[i] + d_l * c[i]) / (b[i] * b[i]);
  }
  return v;
}

VoxelX0Estimate estimate_voxel_x0(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<double>& c) {
  const VoxelLogX0 v = voxel_log_x0(a, b, c);
  VoxelX0Estimate e;
  e.informed = v.informed;
  e.x0_m.assign(a.size(), 0.0);
  for (std::size_t i = 0; i < a.size(); ++i)
    if (v.informed[i]) e.x0_m[i] = std::exp(v.log_x0[i]);
  return e;
}

void add_log_x0_cotangents(const VoxelLogX0& v, const std::vector<double>& d_log_x0, AccumulatorLoss& out) {
  const std::size_t n = v.log_x0.size();
  out.d_a.resize(n, 0.0);
  out.d_b.resize(n, 0.0);
  out.d_c.resize(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!v.informed[i]) continue;
    out.d_a[i] += d_log_x0[i] * v.d_log_x0_d_a[i];
    out.d_b[i] += d_log_x0[i] * v.d_log_x0_d_b[i];
    out.d_c[i] += d_log_x0[i] * v.d_log_x0_d_c[i];
  }
}

AccumulatorLoss voxel_x0_loss(const VoxelLogX0& voxels, const std::vector<double>& true_x0_m) {
  const std::size_t n = voxels.log_x0.size();
  if (true_x0_m.size() != n) throw std::invalid_argument("voxel_x0_loss: sizes");
  AccumulatorLoss out;
  std::vector<double> d_log_x0(n, 0.0);
  if (voxels.informed_count > 0) {
    const double inv_n = 1.0 / voxels.informed_count;
    for (std::size_t i = 0; i < n; ++i) {
      if (!voxels.informed[i]) continue;
      const double residual = voxels.log_x0[i] - std::log(true_x0_m[i]);
      out.loss += inv_n * residual * residual;
      d_log_x0[i] = 2.0 * inv_n * residual;
    }
  }
  add_log_x0_cotangents(voxels, d_log_x0, out);
  return out;
}

BudgetPenalty budget_penalty(double cost, const TomographyConfig& config) {
  BudgetPenalty p;
  if (!(config.budget > 0.0)) return p;
  const double width = config.budget_smoothness * config.budget;
  const double x = (cost - config.budget) / width;
  // softplus(x) = log(1 + e^x), computed without overflow; its derivative is the logistic.
  const double softplus = x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
  const double logistic = x > 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
  p.penalty = config.budget_coefficient * width * softplus;
  p.d_penalty_d_cost = config.budget_coefficient * logistic;
  return p;
}

}  // namespace detgrad::tomography
