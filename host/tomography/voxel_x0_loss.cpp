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

bool is_informed(double b, double b_max) { return b > 0.0 && b > kInformedFraction * b_max; }

}  // namespace

VoxelX0Estimate estimate_voxel_x0(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<double>& c) {
  VoxelX0Estimate e;
  const double b_max = b.empty() ? 0.0 : *std::max_element(b.begin(), b.end());
  e.x0_m.assign(a.size(), 0.0);
  e.informed.assign(a.size(), 0);
  for (std::size_t v = 0; v < a.size(); ++v) {
    if (!is_informed(b[v], b_max)) continue;
    e.informed[v] = 1;
    e.x0_m[v] = 1.0 / invert_highland(a[v] / b[v], c[v] / b[v]).y;
  }
  return e;
}

VoxelX0Loss voxel_x0_loss(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c,
                          const std::vector<double>& true_x0_m) {
  const std::size_t n = a.size();
  if (b.size() != n || c.size() != n || true_x0_m.size() != n) throw std::invalid_argument("voxel_x0_loss: sizes");
  VoxelX0Loss out;
  out.d_a.assign(n, 0.0);
  out.d_b.assign(n, 0.0);
  out.d_c.assign(n, 0.0);
  out.estimate.x0_m.assign(n, 0.0);
  out.estimate.informed.assign(n, 0);
  const double b_max = n ? *std::max_element(b.begin(), b.end()) : 0.0;
  for (std::size_t v = 0; v < n; ++v) out.informed_voxels += is_informed(b[v], b_max) ? 1 : 0;
  if (out.informed_voxels == 0) return out;
  const double inv_n = 1.0 / out.informed_voxels;
  for (std::size_t v = 0; v < n; ++v) {
    if (!is_informed(b[v], b_max)) continue;
    const double g = a[v] / b[v], mean_path = c[v] / b[v];
    const Inversion inv = invert_highland(g, mean_path);
    out.estimate.informed[v] = 1;
    out.estimate.x0_m[v] = 1.0 / inv.y;
    // residual = ln X0_pred - ln X0_true = -ln y - ln X0_true.
    const double residual = -std::log(inv.y) - std::log(true_x0_m[v]);
    out.loss += inv_n * residual * residual;
    const double d_y = inv_n * 2.0 * residual * (-1.0 / inv.y);
    const double d_g = d_y * inv.dy_dg, d_l = d_y * inv.dy_dl;
    // g = A/B, Lbar = C/B.
    out.d_a[v] = d_g / b[v];
    out.d_c[v] = d_l / b[v];
    out.d_b[v] = -(d_g * a[v] + d_l * c[v]) / (b[v] * b[v]);
  }
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
