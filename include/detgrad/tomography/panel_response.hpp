#pragma once
// Response of one detector panel to a muon crossing it: smooth (or hard) acceptance of the
// panel's finite span, the hit weight (efficiency x acceptance) and the measured position
// with reparameterised Gaussian noise. Each forward helper has its adjoint below it
// (docs/design.md, principle 4): adjoints accumulate (+=) into the d_<var> arguments.
//
// The true crossing (x_true, y_true) at the panel's z is an input: its dependence on
// panel.z through the muon's direction is the caller's chain rule.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/tracking/fused_multiply_add.hpp"

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

// Smooth edge ramp S(u): 0 for u <= -1/2, 1 for u >= 1/2, and in between the quintic
// "smootherstep" S = t^3 (10 - 15 t + 6 t^2), t = u + 1/2, whose first and second
// derivatives vanish at both ends (C2: the loss stays smooth for finite differences), with
// S(0) = 1/2 and S(-u) = 1 - S(u). Its support is finite, so a crossing more than half a
// ramp outside a panel has exactly zero acceptance (and such a muon's inference stops
// early); no exponential is needed. S'(u) = 30 t^2 (1 - t)^2.
template <typename T>
DETGRAD_HDI T edge_ramp(T u) {
  if (u <= T(-0.5)) return T(0);
  if (u >= T(0.5)) return T(1);
  const T t = u + T(0.5);
  // Horner with its multiply-adds fused where the target has FMA (as the CUDA device does):
  // one rounding each, whatever the compiler decides (tracking/fused_multiply_add.hpp).
  using tracking::fused_multiply_add;
  return t * t * t * fused_multiply_add(t, fused_multiply_add(T(6), t, T(-15)), T(10));
}
template <typename T>
DETGRAD_HDI T edge_ramp_derivative(T u) {
  if (u <= T(-0.5) || u >= T(0.5)) return T(0);
  const T t = u + T(0.5), w = t * (T(1) - t);
  return T(30) * w * w;
}

namespace panel_detail {
// One axis of the smooth acceptance: f = S(u_lo) S(u_hi), u_lo = (c - lo)/L with
// lo = centre - span/2, u_hi = (hi - c)/L with hi = centre + span/2 (c: coordinate; L: the
// ramp's full width, edge_length_m, centred on the panel's edge; passed as 1/L, so that a
// panel costs one division).
template <typename T>
DETGRAD_HDI T axis_factor(T c, T centre, T span, T inverse_edge_length, EdgeMode mode) {
  const T lo = centre - T(0.5) * span, hi = centre + T(0.5) * span;
  if (mode == EdgeMode::hard) return (c >= lo && c <= hi) ? T(1) : T(0);
  return edge_ramp((c - lo) * inverse_edge_length) * edge_ramp((hi - c) * inverse_edge_length);
}

// d f = S'(u_lo) S(u_hi) du_lo + S(u_lo) S'(u_hi) du_hi, where
// du_lo = (dc - dcentre + dspan/2)/L and du_hi = (dcentre + dspan/2 - dc)/L.
// The hard (0/1) acceptance is piecewise constant: zero derivative.
template <typename T>
DETGRAD_HDI void axis_factor_adjoint(T c, T centre, T span, T inverse_edge_length, EdgeMode mode,
                                     T d_f, T& d_c, T& d_centre, T& d_span) {
  if (mode == EdgeMode::hard) return;
  const T lo = centre - T(0.5) * span, hi = centre + T(0.5) * span;
  const T u_lo = (c - lo) * inverse_edge_length, u_hi = (hi - c) * inverse_edge_length;
  const T g_lo = d_f * edge_ramp_derivative(u_lo) * edge_ramp(u_hi) * inverse_edge_length;  // dL/du_lo / L
  const T g_hi = d_f * edge_ramp(u_lo) * edge_ramp_derivative(u_hi) * inverse_edge_length;  // dL/du_hi / L
  d_c += g_lo - g_hi;
  d_centre += g_hi - g_lo;
  d_span += T(0.5) * (g_lo + g_hi);
}
}  // namespace panel_detail

// Acceptance a = f_x(x_true; x, span_x) * f_y(y_true; y, span_y): smooth edges, ramps of
// full width edge_length_m centred on the panel's edges (a = 1 inside, 0 outside), or 0/1
// in hard mode.
template <typename T>
DETGRAD_HDI T panel_acceptance(T x_true, T y_true, const PanelParams<T>& panel, T edge_length_m,
                               EdgeMode mode) {
  const T inverse = T(1) / edge_length_m;
  return panel_detail::axis_factor(x_true, panel.x, panel.span_x, inverse, mode) *
         panel_detail::axis_factor(y_true, panel.y, panel.span_y, inverse, mode);
}

// Product rule: d f_x = d_a f_y, d f_y = d_a f_x. Returns the acceptance f_x f_y (computed
// on the way, for a caller that needs it too).
template <typename T>
DETGRAD_HDI T panel_acceptance_adjoint(T x_true, T y_true, const PanelParams<T>& panel,
                                          T edge_length_m, EdgeMode mode, T d_acceptance,
                                          T& d_x_true, T& d_y_true, PanelParams<T>& d_panel) {
  const T inverse = T(1) / edge_length_m;
  const T fx = panel_detail::axis_factor(x_true, panel.x, panel.span_x, inverse, mode);
  const T fy = panel_detail::axis_factor(y_true, panel.y, panel.span_y, inverse, mode);
  panel_detail::axis_factor_adjoint(x_true, panel.x, panel.span_x, inverse, mode,
                                    d_acceptance * fy, d_x_true, d_panel.x, d_panel.span_x);
  panel_detail::axis_factor_adjoint(y_true, panel.y, panel.span_y, inverse, mode,
                                    d_acceptance * fx, d_y_true, d_panel.y, d_panel.span_y);
  return fx * fy;
}

// The hit without its weight: position, z and sigma (see panel_hit).
template <typename T>
DETGRAD_HDI void panel_hit_position(T x_true, T y_true, T noise_x, T noise_y, const PanelParams<T>& panel,
                                    PanelHit<T>& hit) {
  hit.x = x_true + panel.sigma * noise_x;
  hit.y = y_true + panel.sigma * noise_y;
  hit.z = panel.z;
  hit.sigma = panel.sigma;
}

// Hit: x = x_true + sigma * noise_x, y = y_true + sigma * noise_y (noise: given standard
// normal draws, reparameterised so that the hit is differentiable in sigma), z = panel.z,
// sigma = panel.sigma, weight = efficiency * acceptance(x_true, y_true). Its two halves,
// panel_hit_weight and panel_hit_position, can be taken separately (the weight needs no
// noise draw); panel_hit_adjoint differentiates both.
template <typename T>
DETGRAD_HDI T panel_hit_weight(T x_true, T y_true, const PanelParams<T>& panel, T edge_length_m, EdgeMode mode) {
  return panel.efficiency * panel_acceptance(x_true, y_true, panel, edge_length_m, mode);
}

template <typename T>
DETGRAD_HDI void panel_hit(T x_true, T y_true, T noise_x, T noise_y, const PanelParams<T>& panel,
                           T edge_length_m, EdgeMode mode, PanelHit<T>& hit) {
  panel_hit_position(x_true, y_true, noise_x, noise_y, panel, hit);
  hit.weight = panel_hit_weight(x_true, y_true, panel, edge_length_m, mode);
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
  const T a = panel_acceptance_adjoint(x_true, y_true, panel, edge_length_m, mode, d_hit.weight * panel.efficiency,
                                       d_x_true, d_y_true, d_panel);
  d_panel.efficiency += d_hit.weight * a;
}

}  // namespace detgrad::tomography
