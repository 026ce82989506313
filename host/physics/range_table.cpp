// Builds the CSDA range tables of range_table.hpp.
#include "detgrad/physics/range_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "detgrad/physics/material.hpp"
#include "detgrad/physics/stopping_power.hpp"

namespace detgrad {
namespace {

constexpr double kLn10 = 2.302585092994046;

// 8-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz and Stegun, Table 25.4).
constexpr double kGaussNodes[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267,
                                   0.9602898564975363};
constexpr double kGaussWeights[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745,
                                     0.1012285362903763};

bool has_energy_loss(const Material& m) { return m.z_over_a > 0.0 && !m.is_vacuum(); }

// dR/dlnT = T / S(T), kg/m^2.
double range_integrand(const Material& m, double log_kinetic) {
  const double kinetic = std::exp(log_kinetic);
  return kinetic / total_stopping_power(m, kinetic);
}

// Integral of dR/dlnT over [a, b] in ln T (8-point Gauss-Legendre).
double range_increment(const Material& m, double a, double b) {
  const double mid = 0.5 * (a + b), half = 0.5 * (b - a);
  double sum = 0.0;
  for (int q = 0; q < 4; ++q)
    sum += kGaussWeights[q] * (range_integrand(m, mid - half * kGaussNodes[q]) +
                               range_integrand(m, mid + half * kGaussNodes[q]));
  return half * sum;
}

// CSDA range below the first node: S ~ T^-p near T_0, so R(T_0) = T_0 / (S(T_0) (1 + p)).
double range_below(const Material& m, double kinetic) {
  const double eps = 0.01;
  const double s0 = total_stopping_power(m, kinetic);
  const double p = -(std::log(total_stopping_power(m, kinetic * std::exp(eps))) -
                     std::log(total_stopping_power(m, kinetic * std::exp(-eps)))) /
                   (2.0 * eps);
  const double exponent = std::max(1.0 + p, 0.1);
  return kinetic / (s0 * exponent);
}

double log_kinetic_step() { return kLn10 / RangeTables::kPointsPerDecade; }

}  // namespace

double csda_range_integrated(const Material& m, double kinetic_GeV) {
  if (!(kinetic_GeV > 0.0)) return 0.0;
  if (!has_energy_loss(m)) return std::numeric_limits<double>::infinity();
  const double t0 = RangeTables::kMinKinetic_GeV;
  if (kinetic_GeV <= t0) return range_below(m, kinetic_GeV);
  double range = range_below(m, t0);
  const double h = log_kinetic_step();
  double a = std::log(t0);
  const double end = std::log(kinetic_GeV);
  while (a < end) {
    const double b = std::min(a + h, end);
    range += range_increment(m, a, b);
    a = b;
  }
  return range;
}

RangeTables::RangeTables(const std::vector<Material>& materials) {
  n_materials_ = int(materials.size());
  const int decades = int(std::lround(std::log10(kMaxKinetic_GeV / kMinKinetic_GeV)));
  n_points_ = decades * kPointsPerDecade + 1;
  log_kinetic_min_ = std::log(kMinKinetic_GeV);
  dlog_kinetic_ = log_kinetic_step();
  const int n = n_points_;
  log_range_.resize(size_t(n_materials_) * n);
  log_kinetic_.resize(size_t(n_materials_) * n);
  log_range_min_.resize(n_materials_);
  inv_dlog_range_.resize(n_materials_);

  std::vector<double> lt(n), lr(n);
  for (int i = 0; i < n; ++i) lt[i] = log_kinetic_min_ + i * dlog_kinetic_;
  for (int mi = 0; mi < n_materials_; ++mi) {
    const Material& m = materials[mi];
    const bool lossy = has_energy_loss(m);
    // Forward table.
    if (lossy) {
      double range = range_below(m, kMinKinetic_GeV);
      lr[0] = std::log(range);
      for (int i = 1; i < n; ++i) {
        range += range_increment(m, lt[i - 1], lt[i]);
        lr[i] = std::log(range);
      }
    } else {
      for (int i = 0; i < n; ++i) lr[i] = lt[i] + kVacuumLogRangeOffset;
    }
    // Inverse table: nodes uniform in ln R between the first and last forward node.
    const double lr_min = lr[0], dlr = (lr[n - 1] - lr[0]) / (n - 1);
    log_range_min_[mi] = float(lr_min);
    inv_dlog_range_[mi] = float(1.0 / dlr);
    for (int j = 0; j < n; ++j) {
      const double target = (j == n - 1) ? lr[n - 1] : lr_min + j * dlr;
      double y;
      if (!lossy) {
        y = target - kVacuumLogRangeOffset;
      } else {
        // Forward interval [i, i+1] holding the target, then Newton on
        // F(y) = ln(R_i + integral_{lt_i}^{y} T/S dlnT) - target, dF/dy = (T/S) / R.
        int i = int(std::upper_bound(lr.begin(), lr.end(), target) - lr.begin()) - 1;
        i = std::clamp(i, 0, n - 2);
        const double range_i = std::exp(lr[i]);
        y = lt[i] + (target - lr[i]) / (lr[i + 1] - lr[i]) * dlog_kinetic_;
        for (int it = 0; it < 30; ++it) {
          const double range = range_i + (y > lt[i] ? range_increment(m, lt[i], y) : 0.0);
          const double step = (std::log(range) - target) * range / range_integrand(m, y);
          y = std::clamp(y - step, lt[i], lt[i + 1]);
          if (std::fabs(step) < 1e-12) break;
        }
      }
      log_kinetic_[size_t(mi) * n + j] = float(y);
    }
    for (int i = 0; i < n; ++i) log_range_[size_t(mi) * n + i] = float(lr[i]);
  }
}

RangeTableView RangeTables::view() const {
  RangeTableView v;
  v.log_range = log_range_.data();
  v.log_kinetic = log_kinetic_.data();
  v.log_range_min = log_range_min_.data();
  v.inv_dlog_range = inv_dlog_range_.data();
  v.n_points = n_points_;
  v.log_kinetic_min = float(log_kinetic_min_);
  v.inv_dlog_kinetic = float(1.0 / dlog_kinetic_);
  return v;
}

}  // namespace detgrad
