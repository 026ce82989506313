#pragma once
// Weighted least-squares straight line through the hits of one side of the detector,
// independently in x and y: x(z) = x0 + tx (z - z_ref), y(z) = y0 + ty (z - z_ref).
// Hit k has weight omega_k = w_k / sigma_k^2 (w_k: probability that the panel fired,
// sigma_k: resolution), so a panel that rarely fires carries proportionally less
// information. Closed form, with dz_k = z_k - z_ref and u = x or y:
//   S0 = sum omega, S1 = sum omega dz, S2 = sum omega dz^2, Su = sum omega u,
//   Suz = sum omega u dz, D = S0 S2 - S1^2,
//   u0 = (S2 Su - S1 Suz) / D,   t = (S0 Suz - S1 Su) / D,
//   cov(u0, t) = [[S2, -S1], [-S1, S0]] / D   (inverse of the normal matrix).
// z_ref is the caller's choice (e.g. the centre of the panel stack, which keeps D free of
// cancellation in float); the fitted line does not depend on it.
#include "detgrad/core/macros.hpp"
#include "detgrad/tomography/panel_response.hpp"

namespace detgrad::tomography {

template <typename T>
struct TrackFit {
  T x0, y0, tx, ty, z_ref;
  T cov_x00, cov_x01, cov_x11, cov_y00, cov_y01, cov_y11;
};

namespace line_fit_detail {
template <typename T>
struct Sums {
  T s0, s1, s2, sx, sxz, sy, syz;
};

template <typename T>
DETGRAD_HDI Sums<T> sums(const PanelHit<T>* hits, int n, T z_ref) {
  Sums<T> s{T(0), T(0), T(0), T(0), T(0), T(0), T(0)};
  for (int k = 0; k < n; ++k) {
    const T omega = hits[k].weight / (hits[k].sigma * hits[k].sigma);
    const T dz = hits[k].z - z_ref;
    s.s0 += omega;
    s.s1 += omega * dz;
    s.s2 += omega * dz * dz;
    s.sx += omega * hits[k].x;
    s.sxz += omega * hits[k].x * dz;
    s.sy += omega * hits[k].y;
    s.syz += omega * hits[k].y * dz;
  }
  return s;
}

// Adjoint of one coordinate's (u0, t) from its sums, accumulating into d_s1.. (shared
// S0, S1, S2 and D) and the coordinate's d_su, d_suz:
//   d N0 = d_u0 / D, d N1 = d_t / D, d D += -(d_u0 u0 + d_t t) / D,
//   N0 = S2 Su - S1 Suz,  N1 = S0 Suz - S1 Su.
template <typename T>
DETGRAD_HDI void coordinate_adjoint(const Sums<T>& s, T su, T suz, T inv_d, T d_u0, T d_t,
                                    Sums<T>& d_s, T& d_su, T& d_suz, T& d_det) {
  const T u0 = (s.s2 * su - s.s1 * suz) * inv_d;
  const T t = (s.s0 * suz - s.s1 * su) * inv_d;
  const T d_n0 = d_u0 * inv_d, d_n1 = d_t * inv_d;
  d_det -= (d_u0 * u0 + d_t * t) * inv_d;
  d_s.s2 += d_n0 * su;
  d_su += d_n0 * s.s2 - d_n1 * s.s1;
  d_s.s1 -= d_n0 * suz + d_n1 * su;
  d_suz += d_n1 * s.s0 - d_n0 * s.s1;
  d_s.s0 += d_n1 * suz;
}
}  // namespace line_fit_detail

// Fits both projections. Returns false (and a zero fit) when D <= 0, i.e. fewer than two
// distinct z carry a positive weight: the muon is then not usable and its usable weight
// (usable_weight.hpp) is what carries the gradient.
template <typename T>
DETGRAD_HDI bool line_fit(const PanelHit<T>* hits, int n, T z_ref, TrackFit<T>& fit) {
  const line_fit_detail::Sums<T> s = line_fit_detail::sums(hits, n, z_ref);
  const T det = s.s0 * s.s2 - s.s1 * s.s1;
  fit = TrackFit<T>{T(0), T(0), T(0), T(0), z_ref, T(0), T(0), T(0), T(0), T(0), T(0)};
  if (!(det > T(0))) return false;
  const T inv_d = T(1) / det;
  fit.x0 = (s.s2 * s.sx - s.s1 * s.sxz) * inv_d;
  fit.tx = (s.s0 * s.sxz - s.s1 * s.sx) * inv_d;
  fit.y0 = (s.s2 * s.sy - s.s1 * s.syz) * inv_d;
  fit.ty = (s.s0 * s.syz - s.s1 * s.sy) * inv_d;
  fit.cov_x00 = fit.cov_y00 = s.s2 * inv_d;
  fit.cov_x01 = fit.cov_y01 = -s.s1 * inv_d;
  fit.cov_x11 = fit.cov_y11 = s.s0 * inv_d;
  return true;
}

// Reverse of the closed form. Covariances: c00 = S2/D, c01 = -S1/D, c11 = S0/D give
// d S2 += d c00 / D, d S1 -= d c01 / D, d S0 += d c11 / D, d D -= sum d c c / D;
// D = S0 S2 - S1^2: d S0 += d D S2, d S2 += d D S0, d S1 -= 2 d D S1. Per hit:
//   d omega = d S0 + d S1 dz + d S2 dz^2 + sum_u (d Su u + d Suz u dz),
//   d dz = omega (d S1 + 2 d S2 dz + sum_u d Suz u),  d u = omega (d Su + d Suz dz),
//   d z_k += d dz, d z_ref -= d dz (plus d_fit.z_ref), omega = w / sigma^2:
//   d w += d omega / sigma^2, d sigma -= 2 d omega omega / sigma.
// d_hits receives d x, d y, d z, d sigma, d weight per hit.
template <typename T>
DETGRAD_HDI void line_fit_adjoint(const PanelHit<T>* hits, int n, T z_ref, const TrackFit<T>& d_fit,
                                  PanelHit<T>* d_hits, T& d_z_ref) {
  d_z_ref += d_fit.z_ref;
  const line_fit_detail::Sums<T> s = line_fit_detail::sums(hits, n, z_ref);
  const T det = s.s0 * s.s2 - s.s1 * s.s1;
  if (!(det > T(0))) return;
  const T inv_d = T(1) / det;
  line_fit_detail::Sums<T> d_s{T(0), T(0), T(0), T(0), T(0), T(0), T(0)};
  T d_det = T(0);
  const T dc00 = d_fit.cov_x00 + d_fit.cov_y00, dc01 = d_fit.cov_x01 + d_fit.cov_y01;
  const T dc11 = d_fit.cov_x11 + d_fit.cov_y11;
  d_s.s2 += dc00 * inv_d;
  d_s.s1 -= dc01 * inv_d;
  d_s.s0 += dc11 * inv_d;
  d_det -= (dc00 * s.s2 - dc01 * s.s1 + dc11 * s.s0) * inv_d * inv_d;
  line_fit_detail::coordinate_adjoint(s, s.sx, s.sxz, inv_d, d_fit.x0, d_fit.tx, d_s, d_s.sx, d_s.sxz, d_det);
  line_fit_detail::coordinate_adjoint(s, s.sy, s.syz, inv_d, d_fit.y0, d_fit.ty, d_s, d_s.sy, d_s.syz, d_det);
  d_s.s0 += d_det * s.s2;
  d_s.s2 += d_det * s.s0;
  d_s.s1 -= T(2) * d_det * s.s1;
  for (int k = 0; k < n; ++k) {
    const PanelHit<T>& h = hits[k];
    const T omega = h.weight / (h.sigma * h.sigma);
    const T dz = h.z - z_ref;
    const T d_omega = d_s.s0 + d_s.s1 * dz + d_s.s2 * dz * dz + d_s.sx * h.x + d_s.sxz * h.x * dz +
                      d_s.sy * h.y + d_s.syz * h.y * dz;
    const T d_dz = omega * (d_s.s1 + T(2) * d_s.s2 * dz + d_s.sxz * h.x + d_s.syz * h.y);
    d_hits[k].x += omega * (d_s.sx + d_s.sxz * dz);
    d_hits[k].y += omega * (d_s.sy + d_s.syz * dz);
    d_hits[k].z += d_dz;
    d_z_ref -= d_dz;
    d_hits[k].weight += d_omega / (h.sigma * h.sigma);
    d_hits[k].sigma -= T(2) * d_omega * omega / h.sigma;
  }
}

}  // namespace detgrad::tomography
