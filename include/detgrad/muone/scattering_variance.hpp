#pragma once
// Variance that multiple scattering adds to a linear track estimator, e.g. a fitted slope
// projected on a direction n in the (tx, ty) plane: est = sum_i c_i u_i over the track's
// hits i (in flight order), u_i = cos_i x(z_i) + sin_i y(z_i). A projected kick (dx, dy) of
// the track just after hit k (the module's material) moves every later hit by
// (z_i - z_k)(cos_i dx + sin_i dy) and, for an incoming track whose estimator must give the
// direction at the vertex downstream of all its hits, also turns the direction being
// estimated by (dx, dy). So est - truth changes by A_k dx + B_k dy with
//   A_k = sum_{i > k} c_i (z_i - z_k) cos_i - s n_x,   B_k = (same with sin_i) - s n_y,
// s = 1 for an incoming track, 0 for an outgoing one, and with kicks of rms theta_k per
// projection, independent:
//   V = sum_k theta_k^2 (A_k^2 + B_k^2).
// (Displacements of the joint Gaussian shift all later hits alike: a slope estimator does
// not see them.)
#include "detgrad/core/macros.hpp"

namespace detgrad::muone {

enum class TrackSide { incoming, outgoing };

// The lever-arm sums of scatter k: A_k = -s nx + sum_{i>k} c_i (z_i - z_k) cos_i, B_k likewise
// with ny and sin_i (s = 1 for the incoming track, 0 for an outgoing one).
template <typename T>
DETGRAD_HDI void lever_arm_sums(const T* z, const T* cos_v, const T* sin_v, const T* c, int n, int k, T nx, T ny,
                                TrackSide side, T& a, T& b) {
  const T s = side == TrackSide::incoming ? T(1) : T(0);
  a = -s * nx;
  b = -s * ny;
  for (int i = k + 1; i < n; ++i) {
    const T lever = c[i] * (z[i] - z[k]);
    a += lever * cos_v[i];
    b += lever * sin_v[i];
  }
}

template <typename T>
DETGRAD_HDI T scattering_variance(const T* z, const T* cos_v, const T* sin_v, const T* c, const T* theta2, int n,
                                  T nx, T ny, TrackSide side) {
  T v = T(0);
  for (int k = 0; k < n; ++k) {
    T a, b;
    lever_arm_sums(z, cos_v, sin_v, c, n, k, nx, ny, side, a, b);
    v += theta2[k] * (a * a + b * b);
  }
  return v;
}

// d A_k = 2 dV theta_k^2 A_k (B likewise); d c_i += d A_k (z_i - z_k) cos_i + d B_k (...) sin_i;
// d z_i += (d A_k cos_i + d B_k sin_i) c_i, d z_k -= the same; d theta2_k += dV (A_k^2 + B_k^2).
template <typename T>
DETGRAD_HDI void scattering_variance_adjoint(const T* z, const T* cos_v, const T* sin_v, const T* c, const T* theta2,
                                             int n, T nx, T ny, TrackSide side, T d_v, T* d_z, T* d_c, T* d_theta2) {
  for (int k = 0; k < n; ++k) {
    T a, b;
    lever_arm_sums(z, cos_v, sin_v, c, n, k, nx, ny, side, a, b);
    d_theta2[k] += d_v * (a * a + b * b);
    const T d_a = T(2) * d_v * theta2[k] * a, d_b = T(2) * d_v * theta2[k] * b;
    for (int i = k + 1; i < n; ++i) {
      const T proj = d_a * cos_v[i] + d_b * sin_v[i];
      d_c[i] += proj * (z[i] - z[k]);
      d_z[i] += proj * c[i];
      d_z[k] -= proj * c[i];
    }
  }
}

}  // namespace detgrad::muone
