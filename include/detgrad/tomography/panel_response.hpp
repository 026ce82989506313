#pragma once
// Response of one detector panel to a muon crossing it: smooth (or hard) acceptance of the
// panel's finite span, the hit weight (efficiency x acceptance) and the measured position
// with reparameterised Gaussian noise. Each forward helper has its adjoint below it
// (DESIGN.md, principle 4): adjoints accumulate (+=) into the d_<var> arguments.
//
// The true crossing (x_true, y_true) at the panel's z is an input: its dependence on
// panel.z through the muon's direction is the caller's chain rule.
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::tomography {

// Compile-time maximum number of panels above (or below) the passive volume; the runtime
// count is passed alongside fixed-size arrays.
constexpr int kMaxPanelsPerSide = 8;

enum class EdgeMode { smooth, hard };

// z: panel height (m); x, y: centre (m); span_x, span_y: full widths (m); sigma: Gaussian
// rms of the measured position (m); efficiency: probability of a hit inside the span.
template <typename T>
struct PanelParams {
  T z, x, y, span_x, span_y, sigma, efficiency;
};

// A measured hit: position (m), resolution sigma (m) and weight = efficiency x acceptance
// (the probability that the panel fires for this muon).
template <typename T>
struct PanelHit {
  T x, y, z, sigma, weight;
};

// Logistic s(u) = 1 / (1 + e^-u), evaluated without overflow for either sign of u.
// Identity: s'(u) = s(u) (1 - s(u)) = s(u) s(-u).
// For u beyond 17 (float) or 37 (double), e^-u is below half an ulp of 1 and s(u) rounds
// to exactly 1: return it without the exponential (most crossings lie deep inside a panel).
template <typename T>
DETGRAD_HDI T logistic(T u) {
  if (u > (sizeof(T) == 4 ? T(17) : T(37))) return T(1);
  if (u >= T(0)) return T(1) / (T(1) + std::exp(-u));
  const T e = std::exp(u);
  return e / (T(1) + e);
}

namespace panel_detail {
// One axis of the smooth acceptance: f = s(u_lo) s(u_hi), u_lo = (c - lo)/L with
// lo = centre - span/2, u_hi = (hi - c)/L with hi = centre + span/2 (c: coordinate).
template <typename T>
DETGRAD_HDI T axis_factor(T c, T centre, T span, T edge_length_m, EdgeMode mode) {
  const T lo = centre - T(0.5) * span, hi = centre + T(0.5) * span;
  if (mode == EdgeMode::hard) return (c >= lo && c <= hi) ? T(1) : T(0);
  return logistic((c - lo) / edge_length_m) * logistic((hi - c) / edge_length_m);
}

// d f with d ln f = (1 - s(u_lo)) du_lo + (1 - s(u_hi)) du_hi, where
// du_lo = (dc - dcentre + dspan/2)/L and du_hi = (dcentre + dspan/2 - dc)/L.
// The hard (0/1) acceptance is piecewise constant: zero derivative.
template <typename T>
DETGRAD_HDI void axis_factor_adjoint(T c, T centre, T span, T edge_length_m, EdgeMode mode,
                                     T d_f, T& d_c, T& d_centre, T& d_span) {
  if (mode == EdgeMode::hard) return;
  const T lo = centre - T(0.5) * span, hi = centre + T(0.5) * span;
  const T s_lo = logistic((c - lo) / edge_length_m), s_hi = logistic((hi - c) / edge_length_m);
  const T f = s_lo * s_hi;
  const T g_lo = d_f * f * (T(1) - s_lo) / edge_length_m;  // dL/du_lo / L
  const T g_hi = d_f * f * (T(1) - s_hi) / edge_length_m;  // dL/du_hi / L
  d_c += g_lo - g_hi;
  d_centre += g_hi - g_lo;
  d_span += T(0.5) * (g_lo + g_hi);
}
}  // namespace panel_detail

// Acceptance a = f_x(x_true; x, span_x) * f_y(y_true; y, span_y): smooth logistic edges of
// length edge_length_m (a -> 1 deep inside, -> 0 far outside), or 0/1 in hard mode.
template <typename T>
DETGRAD_HDI T panel_acceptance(T x_true, T y_true, const PanelParams<T>& panel, T edge_length_m,
                               EdgeMode mode) {
  return panel_detail::axis_factor(x_true, panel.x, panel.span_x, edge_length_m, mode) *
         panel_detail::axis_factor(y_true, panel.y, panel.span_y, edge_length_m, mode);
}

// Product rule: d f_x = d_a f_y, d f_y = d_a f_x.
template <typename T>
DETGRAD_HDI void panel_acceptance_adjoint(T x_true, T y_true, const PanelParams<T>& panel,
                                          T edge_length_m, EdgeMode mode, T d_acceptance,
                                          T& d_x_true, T& d_y_true, PanelParams<T>& d_panel) {
  const T fx = panel_detail::axis_factor(x_true, panel.x, panel.span_x, edge_length_m, mode);
  const T fy = panel_detail::axis_factor(y_true, panel.y, panel.span_y, edge_length_m, mode);
  panel_detail::axis_factor_adjoint(x_true, panel.x, panel.span_x, edge_length_m, mode,
                                    d_acceptance * fy, d_x_true, d_panel.x, d_panel.span_x);
  panel_detail::axis_factor_adjoint(y_true, panel.y, panel.span_y, edge_length_m, mode,
                                    d_acceptance * fx, d_y_true, d_panel.y, d_panel.span_y);
}

// Hit: x = x_true + sigma * noise_x, y = y_true + sigma * noise_y (noise: given standard
// normal draws, reparameterised so that the hit is differentiable in sigma), z = panel.z,
// sigma = panel.sigma, weight = efficiency * acceptance(x_true, y_true).
template <typename T>
DETGRAD_HDI void panel_hit(T x_true, T y_true, T noise_x, T noise_y, const PanelParams<T>& panel,
                           T edge_length_m, EdgeMode mode, PanelHit<T>& hit) {
  hit.x = x_true + panel.sigma * noise_x;
  hit.y = y_true + panel.sigma * noise_y;
  hit.z = panel.z;
  hit.sigma = panel.sigma;
  hit.weight = panel.efficiency * panel_acceptance(x_true, y_true, panel, edge_length_m, mode);
}

// d x_true += d_hit.x; d sigma += d_hit.x noise_x + d_hit.y noise_y + d_hit.sigma;
// d z += d_hit.z; d efficiency += d_hit.weight a; d a = d_hit.weight efficiency.
// The noise draws are constants (replayed, not differentiated).
template <typename T>
DETGRAD_HDI void panel_hit_adjoint(T x_true, T y_true, T noise_x, T noise_y,
                                   const PanelParams<T>& panel, T edge_length_m, EdgeMode mode,
                                   const PanelHit<T>& d_hit, T& d_x_true, T& d_y_true,
                                   PanelParams<T>& d_panel) {
  d_x_true += d_hit.x;
  d_y_true += d_hit.y;
  d_panel.sigma += d_hit.x * noise_x + d_hit.y * noise_y + d_hit.sigma;
  d_panel.z += d_hit.z;
  const T a = panel_acceptance(x_true, y_true, panel, edge_length_m, mode);
  d_panel.efficiency += d_hit.weight * a;
  panel_acceptance_adjoint(x_true, y_true, panel, edge_length_m, mode, d_hit.weight * panel.efficiency,
                           d_x_true, d_y_true, d_panel);
}

}  // namespace detgrad::tomography
