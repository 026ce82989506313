#pragma once
// Per-muon estimate of 1/X0 by inverting the Highland formula (PDG Review of Particle
// Physics, "Passage of particles through matter", eq. 34.15; see docs/references.md):
//   theta0^2 = (k / (beta p))^2 g(u),  u = L / X0,  k = 13.6 MeV (units::kHighlandScale_GeV),
//   g(u) = u                                  (HighlandForm::without_log)
//   g(u) = u (1 + c ln(u / beta^2))^2,  c = 0.038 (units::kHighlandLogCoefficient)  (with_log).
// theta0^2 is estimated per muon without bias from the measured projected angles:
//   m2 = (theta_x^2 + theta_y^2) / 2 - angle_variance
// (angle_variance: the measurement variance of one projected angle, e.g. the mean of
// var_theta_x and var_theta_y from scattering_angle.hpp). m2 may be negative for a single
// muon; without_log keeps the estimate linear in m2, so averages over muons stay unbiased.
// L (m) is the muon's path length through the volume, p (GeV/c) its momentum, beta its
// velocity (held constant: no gradient). Result: 1/X0 = u / L in 1/m.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/units.hpp"

namespace detgrad::tomography {

enum class HighlandForm { without_log, with_log };

// With the log term, g is only invertible (increasing) for 1 + c ln(u/beta^2) > 0. Below
// u_floor = 1e-5 (two decades under the PDG's validity range, 1e-3 < x/X0 < 100) the
// inverse continues along the tangent at u_floor, u = u_floor + (G - g(u_floor)) / g'(u_floor),
// so that it is defined, continuous and differentiable for every G, negative ones included.
constexpr double kX0InversionFloorThickness = 1e-5;

// Newton steps on h(v) = v + 2 ln(1 + c (v - 2 ln beta)) - ln G = 0, v = ln u, started at
// v = ln G. h is almost linear (|h''/2h'| < 0.01 for u >= u_floor), so the error goes
// 1 -> 1e-2 -> 1e-7 -> 1e-16: five steps reach double precision with a margin.
constexpr int kX0InversionNewtonSteps = 5;

namespace x0_detail {
// g(u) and g'(u) = (1 + c l)(1 + c l + 2c), l = ln(u / beta^2).
template <typename T>
DETGRAD_HDI T g_log(T u, T beta) {
  const T b = T(1) + T(units::kHighlandLogCoefficient) * std::log(u / (beta * beta));
  return u * b * b;
}
template <typename T>
DETGRAD_HDI T g_log_derivative(T u, T beta) {
  const T c = T(units::kHighlandLogCoefficient);
  const T b = T(1) + c * std::log(u / (beta * beta));
  return b * (b + T(2) * c);
}

// Solves g(u) = G for u (with_log); also returns du/dG = 1 / g'(u) (implicit function
// theorem: dg/du du = dG), or 1 / g'(u_floor) on the tangent continuation.
template <typename T>
DETGRAD_HDI T invert_g_log(T G, T beta, T& du_dG) {
  const T u_floor = T(kX0InversionFloorThickness);
  const T g_floor = g_log(u_floor, beta);
  if (!(G > g_floor)) {
    du_dG = T(1) / g_log_derivative(u_floor, beta);
    return u_floor + (G - g_floor) * du_dG;
  }
  const T c = T(units::kHighlandLogCoefficient);
  const T log_g = std::log(G), log_b2 = T(2) * std::log(beta);
  T v = log_g;
  for (int i = 0; i < kX0InversionNewtonSteps; ++i) {
    const T b = T(1) + c * (v - log_b2);
    const T h = v + T(2) * std::log(b) - log_g;
    v -= h / (T(1) + T(2) * c / b);
  }
  const T u = std::exp(v);
  du_dG = T(1) / g_log_derivative(u, beta);
  return u;
}

template <typename T>
DETGRAD_HDI T scale_squared(T momentum_GeV, T beta) {  // (beta p / k)^2, 1/rad^2
  const T s = beta * momentum_GeV / T(units::kHighlandScale_GeV);
  return s * s;
}
}  // namespace x0_detail

template <typename T>
DETGRAD_HDI T inverse_x0_from_scattering(T theta_x, T theta_y, T angle_variance, T momentum_GeV, T beta,
                                         T path_m, HighlandForm form) {
  const T m2 = T(0.5) * (theta_x * theta_x + theta_y * theta_y) - angle_variance;
  const T G = m2 * x0_detail::scale_squared(momentum_GeV, beta);
  T du_dG = T(1);
  const T u = form == HighlandForm::with_log ? x0_detail::invert_g_log(G, beta, du_dG) : G;
  return u / path_m;
}

// 1/X0 = u / L: d u = d_inv / L, d L -= d_inv u / L^2; d G = d u du/dG (1 without the log;
// 1/g'(u) with it, by the implicit function theorem, no differentiation through Newton);
// G = m2 (beta p / k)^2: d m2 = d G (beta p / k)^2, d p += d G 2 G / p;
// d theta_x += d m2 theta_x, d theta_y += d m2 theta_y, d angle_variance -= d m2.
template <typename T>
DETGRAD_HDI void inverse_x0_from_scattering_adjoint(T theta_x, T theta_y, T angle_variance, T momentum_GeV,
                                                    T beta, T path_m, HighlandForm form, T d_inverse_x0,
                                                    T& d_theta_x, T& d_theta_y, T& d_angle_variance,
                                                    T& d_momentum_GeV, T& d_path_m) {
  const T m2 = T(0.5) * (theta_x * theta_x + theta_y * theta_y) - angle_variance;
  const T s2 = x0_detail::scale_squared(momentum_GeV, beta);
  const T G = m2 * s2;
  T du_dG = T(1);
  const T u = form == HighlandForm::with_log ? x0_detail::invert_g_log(G, beta, du_dG) : G;
  const T d_u = d_inverse_x0 / path_m;
  d_path_m -= d_inverse_x0 * u / (path_m * path_m);
  const T d_G = d_u * du_dG;
  d_momentum_GeV += d_G * T(2) * G / momentum_GeV;
  const T d_m2 = d_G * s2;
  d_theta_x += d_m2 * theta_x;
  d_theta_y += d_m2 * theta_y;
  d_angle_variance -= d_m2;
}

}  // namespace detgrad::tomography
