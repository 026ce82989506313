#pragma once
// Straight-line track fit in space from measurements of one projection each.
//
// The track: x(z) = x0 + tx (z - z_ref), y(z) = y0 + ty (z - z_ref), parameters
// p = (x0, tx, y0, ty). Measuring plane k at z_k has a view (cos a_k, sin a_k) (view.hpp:
// x view (1, 0), y view (0, 1), stereo views any angle), a resolution sigma_k and a weight
// w_k in [0, 1] (the probability that it measured the track), and measures
//   u_k = cos a_k x(z_k) + sin a_k y(z_k) = h_k . p,   h_k = (c, c dz, s, s dz),
// dz = z_k - z_ref, c = cos a_k, s = sin a_k. Weighted least squares, omega_k = w_k / sigma_k^2:
//   N p = b,  N = sum omega h h^T,  b = sum omega u h,  cov(p) = N^-1,
//   chi2 = sum omega (u - h . p)^2.
// In 2 x 2 blocks (x parameters, y parameters), N = [[A, B], [B, C]] with
//   A = sum omega c^2 [[1, dz], [dz, dz^2]],  C = the same with s^2,  B = the same with c s
// (each block is a LineMoments of projection_fit.hpp, B symmetric), and b = (bx, by),
// bx = sum omega c u (1, dz), by = sum omega s u (1, dz). It is solved through the Schur
// complement of A (A is a principal block of N, so it is positive definite where N is):
//   M = A^-1 B,  S = C - B M,  (y0, ty) = S^-1 (by - M^T bx),  (x0, tx) = A^-1 (bx - B (y0, ty)),
//   cov_yy = S^-1,  cov_xy = -M cov_yy,  cov_xx = A^-1 - cov_xy M^T,
// with the 2 x 2 steps of projection_fit.hpp. With x and y views only, B = 0 exactly, so
// M, B (y0, ty) and cov_xy are exact zeros and the results are bit for bit those of the two
// separate projection fits (fit_projection) of the x and the y measurements (the
// multiply-adds are written out fused, fused_multiply_add.hpp, so this holds wherever the
// compiler inlines the code).
//
// Adjoint (any solver): with cotangents d_p and d_cov (packed, see covariance_index),
//   g = cov d_p (= d b),  G = -cov E cov - g p^T (= dL/dN),  E = the symmetric matrix of
//   d_cov (E_ii = d cov_ii, E_ij = E_ji = d cov_ij / 2 for the packed off-diagonal entries);
// then per measurement, from N = sum omega h h^T and b = sum omega u h:
//   d omega = h^T G h + u g . h,  d u = omega g . h,  d h = omega ((G + G^T) h + u g),
// and h = (c, c dz, s, s dz):  d c = d h0 + d h1 dz,  d s = d h2 + d h3 dz,
//   d dz = d h1 c + d h3 s,  d z += d dz,  d z_ref -= d dz,  omega = w / sigma^2.
// chi2 adds d omega += d chi2 r^2, d u += 2 d chi2 omega r, d h -= 2 d chi2 omega r p and
// d p -= 2 d chi2 sum omega r h (zero at the exact minimum; kept, as the fit is rounded).
//
// Use (e.g. a station of x, y, u, v planes; view.hpp, track_extrapolation.hpp):
//   TrackMeasurement<T> m[4] = {{z0, 1, 0, u0, sigma, w0}, {z1, 0, 1, u1, sigma, w1},
//                               {z2, c45, s45, u2, sigma, w2}, {z3, c45, -s45, u3, sigma, w3}};
//   TrackFit<T> fit;
//   if (fit_track(m, 4, z_ref, fit)) { TrackPoint<T> at = extrapolate_track(fit, z_target); ... }
//   // adjoint: cotangents of the fit's outputs in d_fit (zero-initialised), then
//   fit_track_adjoint(m, 4, z_ref, d_fit, d_m, d_z_ref);  // accumulates into d_m, d_z_ref
#include "detgrad/core/macros.hpp"
#include "detgrad/tracking/fused_multiply_add.hpp"
#include "detgrad/tracking/projection_fit.hpp"

namespace detgrad::tracking {

// One measurement of one projection (see the top of the file).
template <typename T>
struct TrackMeasurement {
  T z;             // the plane's position along the track's axis (m)
  T cos_a, sin_a;  // its view (view.hpp): it measures u = cos_a x + sin_a y
  T u;             // the measured value (m)
  T sigma;         // its resolution (m)
  T weight;        // the probability that it measured the track, in [0, 1]
};

// The parameters' order in p and in the covariance.
enum TrackParameter : int { kX0 = 0, kTx = 1, kY0 = 2, kTy = 3 };
constexpr int kTrackParameters = 4;
constexpr int kTrackCovarianceSize = 10;

// Index of the symmetric covariance's element (i, j) in its packed upper triangle, row by
// row: (0,0) (0,1) (0,2) (0,3) (1,1) (1,2) (1,3) (2,2) (2,3) (3,3).
DETGRAD_HDI constexpr int covariance_index(int i, int j) {
  return i <= j ? i * (7 - i) / 2 + j : j * (7 - j) / 2 + i;
}

template <typename T>
struct TrackFit {
  T x0, tx, y0, ty;             // m, slope, m, slope at z_ref
  T z_ref;                      // m
  T cov[kTrackCovarianceSize];  // covariance of (x0, tx, y0, ty), packed (covariance_index)
  T chi2;                       // sum omega (u - u_fitted)^2

  DETGRAD_HDI T parameter(int i) const { return i == kX0 ? x0 : (i == kTx ? tx : (i == kY0 ? y0 : ty)); }
  DETGRAD_HDI T covariance(int i, int j) const { return cov[covariance_index(i, j)]; }
};

namespace track_fit_detail {

template <typename T>
struct Moments {
  LineMoments<T> xx, yy, xy;  // the normal matrix's blocks A (c^2), C (s^2), B (c s)
  ProjectionMoments<T> x, y;  // the right-hand side: bx (c u), by (s u)
};

template <typename T>
DETGRAD_HDI Moments<T> moments(const TrackMeasurement<T>* m, int n, T z_ref) {
  Moments<T> s{{T(0), T(0), T(0)}, {T(0), T(0), T(0)}, {T(0), T(0), T(0)}, {T(0), T(0)}, {T(0), T(0)}};
  for (int k = 0; k < n; ++k) {
    const T omega = measurement_weight(m[k].weight, m[k].sigma);
    const T dz = m[k].z - z_ref;
    const T wc = omega * m[k].cos_a, ws = omega * m[k].sin_a;
    add_line_moments(s.xx, wc * m[k].cos_a, dz);
    add_line_moments(s.yy, ws * m[k].sin_a, dz);
    add_line_moments(s.xy, wc * m[k].sin_a, dz);
    add_projection_moments(s.x, wc, dz, m[k].u);
    add_projection_moments(s.y, ws, dz, m[k].u);
  }
  return s;
}

// Solution of [[P, R], [R, Q]] (p, q) = (bp, bq) for symmetric 2 x 2 blocks, and the
// blocks of the inverse: cpp = cov(p, p), cpq[i][j] = cov(p_i, q_j), cqq = cov(q, q).
template <typename T>
struct BlockSolution {
  T p[2], q[2];
  T cpp[3], cpq[2][2], cqq[3];  // cpp, cqq: (00, 01, 11)
};

// Through the Schur complement of P (see the top of the file). False where P or the
// complement is not positive definite beyond rounding (determinant_is_positive).
template <typename T>
DETGRAD_HDI bool block_solve(const LineMoments<T>& P, const LineMoments<T>& Q, const LineMoments<T>& R,
                             const ProjectionMoments<T>& bp, const ProjectionMoments<T>& bq, BlockSolution<T>& out) {
  const T det_p = line_determinant(P);
  if (!determinant_is_positive(det_p, P)) return false;
  const T inv_p = T(1) / det_p;
  // M = P^-1 R, column by column: R = [[R.s0, R.s1], [R.s1, R.s2]].
  T m[2][2];
  solve_projection(P, ProjectionMoments<T>{R.s0, R.s1}, inv_p, m[0][0], m[1][0]);
  solve_projection(P, ProjectionMoments<T>{R.s1, R.s2}, inv_p, m[0][1], m[1][1]);
  // a b + c d, fused (fused_multiply_add.hpp): with B = 0 every such term is an exact zero.
  const auto dot2 = [](T a, T b, T c, T d) { return fused_multiply_add(a, b, c * d); };
  const LineMoments<T> S{Q.s0 - dot2(R.s0, m[0][0], R.s1, m[1][0]), Q.s1 - dot2(R.s0, m[0][1], R.s1, m[1][1]),
                         Q.s2 - dot2(R.s1, m[0][1], R.s2, m[1][1])};
  const T det_s = line_determinant(S);
  // Against Q: where S vanishes (the views do not fix both blocks), rounding leaves a few
  // epsilon of Q in S.
  if (!determinant_is_positive(det_s, Q)) return false;
  const T inv_s = T(1) / det_s;
  const ProjectionMoments<T> rq{bq.su - dot2(m[0][0], bp.su, m[1][0], bp.suz),
                                bq.suz - dot2(m[0][1], bp.su, m[1][1], bp.suz)};
  solve_projection(S, rq, inv_s, out.q[0], out.q[1]);
  const ProjectionMoments<T> rp{bp.su - dot2(R.s0, out.q[0], R.s1, out.q[1]),
                                bp.suz - dot2(R.s1, out.q[0], R.s2, out.q[1])};
  solve_projection(P, rp, inv_p, out.p[0], out.p[1]);

  projection_covariance(S, inv_s, out.cqq[0], out.cqq[1], out.cqq[2]);
  const T cqq[2][2] = {{out.cqq[0], out.cqq[1]}, {out.cqq[1], out.cqq[2]}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) out.cpq[i][j] = -dot2(m[i][0], cqq[0][j], m[i][1], cqq[1][j]);
  T pinv[3];
  projection_covariance(P, inv_p, pinv[0], pinv[1], pinv[2]);
  out.cpp[0] = pinv[0] - dot2(out.cpq[0][0], m[0][0], out.cpq[0][1], m[0][1]);
  out.cpp[1] = pinv[1] - dot2(out.cpq[0][0], m[1][0], out.cpq[0][1], m[1][1]);
  out.cpp[2] = pinv[2] - dot2(out.cpq[1][0], m[1][0], out.cpq[1][1], m[1][1]);
  return true;
}

// h = (c, c dz, s, s dz).
template <typename T>
DETGRAD_HDI void design_row(const TrackMeasurement<T>& m, T dz, T h[kTrackParameters]) {
  h[0] = m.cos_a;
  h[1] = m.cos_a * dz;
  h[2] = m.sin_a;
  h[3] = m.sin_a * dz;
}

}  // namespace track_fit_detail

// The fit of n measurements. Returns false (and zero parameters, covariance and chi2) when
// the normal matrix is not positive definite beyond rounding: the measurements do not fix
// all four parameters (fewer than two planes in a view direction, all views parallel, ...).
template <typename T>
DETGRAD_HDI bool fit_track(const TrackMeasurement<T>* m, int n, T z_ref, TrackFit<T>& fit) {
  fit.x0 = fit.tx = fit.y0 = fit.ty = fit.chi2 = T(0);
  fit.z_ref = z_ref;
  for (int i = 0; i < kTrackCovarianceSize; ++i) fit.cov[i] = T(0);
  const track_fit_detail::Moments<T> s = track_fit_detail::moments(m, n, z_ref);
  track_fit_detail::BlockSolution<T> b;
  if (!track_fit_detail::block_solve(s.xx, s.yy, s.xy, s.x, s.y, b)) return false;
  fit.x0 = b.p[0];
  fit.tx = b.p[1];
  fit.y0 = b.q[0];
  fit.ty = b.q[1];
  fit.cov[covariance_index(kX0, kX0)] = b.cpp[0];
  fit.cov[covariance_index(kX0, kTx)] = b.cpp[1];
  fit.cov[covariance_index(kTx, kTx)] = b.cpp[2];
  fit.cov[covariance_index(kY0, kY0)] = b.cqq[0];
  fit.cov[covariance_index(kY0, kTy)] = b.cqq[1];
  fit.cov[covariance_index(kTy, kTy)] = b.cqq[2];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) fit.cov[covariance_index(i, 2 + j)] = b.cpq[i][j];
  for (int k = 0; k < n; ++k) {
    const T omega = measurement_weight(m[k].weight, m[k].sigma);
    const T dz = m[k].z - z_ref;
    const T x = fused_multiply_add(fit.tx, dz, fit.x0), y = fused_multiply_add(fit.ty, dz, fit.y0);
    const T r = m[k].u - fused_multiply_add(m[k].cos_a, x, m[k].sin_a * y);
    fit.chi2 = fused_multiply_add(omega * r, r, fit.chi2);
  }
  return true;
}

// Adjoint of fit_track (see the top of the file). d_m receives d z, d cos_a, d sin_a, d u,
// d sigma and d weight per measurement (view_from_angle_adjoint turns the view's into the
// angle's); d_z_ref collects -sum d dz and d_fit.z_ref. No gradient where the fit does not
// exist.
template <typename T>
DETGRAD_HDI void fit_track_adjoint(const TrackMeasurement<T>* m, int n, T z_ref, const TrackFit<T>& d_fit,
                                   TrackMeasurement<T>* d_m, T& d_z_ref) {
  constexpr int np = kTrackParameters;
  d_z_ref += d_fit.z_ref;
  TrackFit<T> f;
  if (!fit_track(m, n, z_ref, f)) return;
  const T p[np] = {f.x0, f.tx, f.y0, f.ty};
  T d_p[np] = {d_fit.x0, d_fit.tx, d_fit.y0, d_fit.ty};
  const T d_chi2 = d_fit.chi2;
  T h[np];
  for (int k = 0; k < n; ++k) {
    const T omega = measurement_weight(m[k].weight, m[k].sigma);
    track_fit_detail::design_row(m[k], m[k].z - z_ref, h);
    const T r = m[k].u - (h[0] * p[0] + h[1] * p[1] + h[2] * p[2] + h[3] * p[3]);
    for (int a = 0; a < np; ++a) d_p[a] -= T(2) * d_chi2 * omega * r * h[a];
  }
  // g = cov d_p;  K = G + G^T = -2 cov E cov - g p^T - p g^T.
  T g[np], ce[np][np], k_mat[np][np];
  for (int i = 0; i < np; ++i) {
    g[i] = T(0);
    for (int j = 0; j < np; ++j) g[i] += f.covariance(i, j) * d_p[j];
  }
  for (int i = 0; i < np; ++i)
    for (int j = 0; j < np; ++j) {
      ce[i][j] = T(0);
      for (int l = 0; l < np; ++l) {
        const T e = d_fit.cov[covariance_index(l, j)] * (l == j ? T(1) : T(0.5));
        ce[i][j] += f.covariance(i, l) * e;
      }
    }
  for (int i = 0; i < np; ++i)
    for (int j = 0; j < np; ++j) {
      T cec = T(0);
      for (int l = 0; l < np; ++l) cec += ce[i][l] * f.covariance(l, j);
      k_mat[i][j] = -T(2) * cec - g[i] * p[j] - p[i] * g[j];
    }
  for (int k = 0; k < n; ++k) {
    const TrackMeasurement<T>& e = m[k];
    TrackMeasurement<T>& d = d_m[k];
    const T omega = measurement_weight(e.weight, e.sigma);
    const T dz = e.z - z_ref;
    track_fit_detail::design_row(e, dz, h);
    const T r = e.u - (h[0] * p[0] + h[1] * p[1] + h[2] * p[2] + h[3] * p[3]);
    T kh[np], hkh = T(0), gh = T(0);
    for (int i = 0; i < np; ++i) {
      kh[i] = k_mat[i][0] * h[0] + k_mat[i][1] * h[1] + k_mat[i][2] * h[2] + k_mat[i][3] * h[3];
      hkh += h[i] * kh[i];
      gh += g[i] * h[i];
    }
    const T d_omega = T(0.5) * hkh + e.u * gh + d_chi2 * r * r;
    d.u += omega * gh + T(2) * d_chi2 * omega * r;
    T d_h[np];
    for (int i = 0; i < np; ++i) d_h[i] = omega * (kh[i] + e.u * g[i]) - T(2) * d_chi2 * omega * r * p[i];
    d.cos_a += d_h[0] + d_h[1] * dz;
    d.sin_a += d_h[2] + d_h[3] * dz;
    const T d_dz = d_h[1] * e.cos_a + d_h[3] * e.sin_a;
    d.z += d_dz;
    d_z_ref -= d_dz;
    measurement_weight_adjoint(omega, e.sigma, d_omega, d.weight, d.sigma);
  }
}

}  // namespace detgrad::tracking
