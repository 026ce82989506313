#pragma once
// The vertex depth of an elastic event integrated out of the alignment's likelihood instead
// of profiled (alignment_event_fit.hpp).
//
// Why. The depth z_v is known only to millimetres per event (the tracks meet at small
// angles) and its pseudo-measurement is a prior (the target's thickness), not a
// measurement: the "noise" of that row is the true depth itself. The hits determine the
// depth through the slopes' lever arms, which the modules' z positions scale, so the depth's
// information depends on the globals. Profiling the depth (minimising chi2 over it) then
// biases the globals by an amount that does not shrink with the number of events: in a
// one-track model with hits giving x = (1 + e)(z_v + n) (e a scale of the downstream arm,
// n ~ N(0, s^2)) and the prior z_v ~ N(0, p^2), the profiled chi2 is x^2 / ((1 + e)^2 s^2 + p^2)
// times (1 + e)^2, whose derivative in e has the expectation p^2 / (s^2 + p^2) per event,
// not 0; adding log S (below) cancels it exactly. The other locals (the vertex's x, y, the
// slopes) are well measured and stay profiled: integrating them too against flat priors
// would add the Jacobian of the slopes' scale, a term set by the priors, not the data.
//
// What. The Laplace approximation of integrating the depth out at the other locals' profile:
//   -2 log L = chi2_min + log S + const,   S = 1 / (N^-1)_dd,
// S the depth's information given the other locals (N = A^T A, whitened). Its derivative in
// a global g, with v = N^-1 e_d:
//   d log S / dg = 2 S (A v).(dA/dg v) + (d log S / dq) . dq/dg,
//   d log S / dq_k = 2 S (A v).(dA/dq_k v),   dq/dg = -H^-1 (A^T B_g - sum_r r_r M_r,g),
// H = A^T A - sum_r r_r H_r the exact Hessian of chi2 / 2 in the locals at their optimum,
// H_r and M_r the second derivatives of row r's prediction in the locals and in (local,
// global) (crossing_second_derivative, crossing_mixed_derivative), r the whitened
// residuals. The hits' covariance is held fixed, as in the rest of the fit. The pass
// subtracts half this derivative from the globals' right-hand side.
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::muone::alignment_detail {

// x = L^-T y for a lower-triangular n x n factor L (back substitution).
template <int N>
DETGRAD_HDI void back_substitute(const double (&l)[N][N], int n, double* x) {
  for (int i = n - 1; i >= 0; --i) {
    double s = x[i];
    for (int k = i + 1; k < n; ++k) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
}

// Solves (L L^T) x = y in place.
template <int N>
DETGRAD_HDI void cholesky_solve(const double (&l)[N][N], int n, double* y) {
  for (int i = 0; i < n; ++i) {
    double s = y[i];
    for (int k = 0; k < i; ++k) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  back_substitute(l, n, y);
}

// One track of the event as the marginal needs it: its rows, the global index of each row's
// first module parameter, its whitening factor, and which locals its five line directions
// (x, y, z of the anchor, tx, ty) are (-1: not a local).
template <int M>
struct DepthTrack {
  int first_row, n_rows;
  int global_base[M];
  const double (*l_factor)[M][M];
  int local_of[5];
};

// The rows of the event (whitened A, residuals and B; raw per-row second derivatives).
template <int R, int L, int G>
struct DepthRows {
  int n_rows, n_local, n_global, depth_local;
  const double (*a)[L];
  const double* residual;
  const double (*b)[G];
  const double (*hessian)[5][5];  // per hit row, in the track's five line directions
  const double (*mixed)[5][6];    // per hit row, line direction x the module's parameters
  int target_row;                 // the pseudo-measurement's row
  int target_tilt_x;              // global index of the target's tilt_x (tilt_y follows)
  double sigma_target;
};

// d log S / d(globals) into `gradient` (n_global entries); returns S, or 0 when the
// Hessian H is not positive definite (then nothing is written).
template <int R, int L, int G, int M>
DETGRAD_HDI double depth_log_information_gradient(const DepthRows<R, L, G>& rows, const DepthTrack<M>* tracks,
                                                  int n_tracks, const double (&n_factor)[L][L], double* gradient) {
  const int nl = rows.n_local, nr = rows.n_rows;
  double v[L] = {};
  for (int k = 0; k < nl; ++k) v[k] = k == rows.depth_local ? 1.0 : 0.0;
  cholesky_solve(n_factor, nl, v);
  const double s = 1.0 / v[rows.depth_local];
  // A v, then per track L^-T (A v) and L^-T r: the whitened rows' products with the raw
  // second derivatives.
  double av[R], wv[R], wr[R];
  for (int r = 0; r < nr; ++r) {
    double x = 0.0;
    for (int k = 0; k < nl; ++k) x += rows.a[r][k] * v[k];
    av[r] = wv[r] = x;
    wr[r] = rows.residual[r];
  }
  for (int j = 0; j < n_tracks; ++j) {
    const DepthTrack<M>& t = tracks[j];
    back_substitute(*t.l_factor, t.n_rows, &wv[t.first_row]);
    back_substitute(*t.l_factor, t.n_rows, &wr[t.first_row]);
  }
  // The exact Hessian H and d log S / dq.
  double h[L][L], gamma[L];
  for (int a = 0; a < nl; ++a) {
    gamma[a] = 0.0;
    for (int b = 0; b < nl; ++b) {
      double x = 0.0;
      for (int r = 0; r < nr; ++r) x += rows.a[r][a] * rows.a[r][b];
      h[a][b] = x;
    }
  }
  for (int j = 0; j < n_tracks; ++j) {
    const DepthTrack<M>& t = tracks[j];
    for (int i = 0; i < t.n_rows; ++i) {
      const int r = t.first_row + i;
      for (int k1 = 0; k1 < 5; ++k1) {
        const int a = t.local_of[k1];
        if (a < 0) continue;
        double hv = 0.0;
        for (int k2 = 0; k2 < 5; ++k2) {
          const int b = t.local_of[k2];
          if (b < 0) continue;
          hv += rows.hessian[r][k1][k2] * v[b];
          h[a][b] -= wr[r] * rows.hessian[r][k1][k2];
        }
        gamma[a] += 2.0 * s * wv[r] * hv;
      }
    }
  }
  // H's Cholesky factor (in place), eta = H^-1 gamma.
  for (int j = 0; j < nl; ++j) {
    double d = h[j][j];
    for (int k = 0; k < j; ++k) d -= h[j][k] * h[j][k];
    if (!(d > 0.0)) return 0.0;
    h[j][j] = std::sqrt(d);
    for (int i = j + 1; i < nl; ++i) {
      double x = h[i][j];
      for (int k = 0; k < j; ++k) x -= h[i][k] * h[j][k];
      h[i][j] = x / h[j][j];
    }
  }
  double eta[L];
  for (int k = 0; k < nl; ++k) eta[k] = gamma[k];
  cholesky_solve(h, nl, eta);
  double a_eta[R];
  for (int r = 0; r < nr; ++r) {
    double x = 0.0;
    for (int k = 0; k < nl; ++k) x += rows.a[r][k] * eta[k];
    a_eta[r] = x;
  }
  // d log S / dg = 2 S (A v).(dA/dg v) - eta^T (A^T B_g - sum_r r_r M_r,g).
  for (int g = 0; g < rows.n_global; ++g) {
    double x = 0.0;
    for (int r = 0; r < nr; ++r) x -= a_eta[r] * rows.b[r][g];
    gradient[g] = x;
  }
  for (int j = 0; j < n_tracks; ++j) {
    const DepthTrack<M>& t = tracks[j];
    for (int i = 0; i < t.n_rows; ++i) {
      const int r = t.first_row + i;
      for (int p = 0; p < 6; ++p) {
        double mv = 0.0, me = 0.0;
        for (int k = 0; k < 5; ++k) {
          const int a = t.local_of[k];
          if (a < 0) continue;
          mv += rows.mixed[r][k][p] * v[a];
          me += rows.mixed[r][k][p] * eta[a];
        }
        gradient[t.global_base[i] + p] += 2.0 * s * wv[r] * mv + wr[r] * me;
      }
    }
  }
  // The pseudo-measurement's row: A = (-tilt_x, -tilt_y, 1) / sigma on (x_v, y_v, z_v), so
  // dA/dtilt_x = -e_x / sigma, dA/dtilt_y = -e_y / sigma (its dz enters no derivative).
  const int tr = rows.target_row;
  for (int c = 0; c < 2; ++c) {
    const double m = -1.0 / rows.sigma_target;  // d A[tr][c] / d tilt_c
    gradient[rows.target_tilt_x + c] += 2.0 * s * av[tr] * m * v[c] + rows.residual[tr] * m * eta[c];
  }
  return s;
}

}  // namespace detgrad::muone::alignment_detail
