#pragma once
// Small dense symmetric positive-definite systems (the 5x5 of a shower fit): Cholesky
// factorisation, solve and inverse, portable.
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::swgo {

// A = L L^T in place (lower triangle of a, row-major N x N). False if A is not positive definite.
template <typename T, int N>
DETGRAD_HDI bool cholesky(T (&a)[N][N]) {
  for (int j = 0; j < N; ++j) {
    T d = a[j][j];
    for (int k = 0; k < j; ++k) d -= a[j][k] * a[j][k];
    if (!(d > T(0))) return false;
    a[j][j] = std::sqrt(d);
    for (int i = j + 1; i < N; ++i) {
      T s = a[i][j];
      for (int k = 0; k < j; ++k) s -= a[i][k] * a[j][k];
      a[i][j] = s / a[j][j];
    }
  }
  return true;
}

// Solves L L^T x = b (x may alias b).
template <typename T, int N>
DETGRAD_HDI void cholesky_solve(const T (&l)[N][N], const T (&b)[N], T (&x)[N]) {
  T y[N];
  for (int i = 0; i < N; ++i) {
    T s = b[i];
    for (int k = 0; k < i; ++k) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  for (int i = N - 1; i >= 0; --i) {
    T s = y[i];
    for (int k = i + 1; k < N; ++k) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
}

// inverse = (L L^T)^-1.
template <typename T, int N>
DETGRAD_HDI void cholesky_inverse(const T (&l)[N][N], T (&inverse)[N][N]) {
  for (int c = 0; c < N; ++c) {
    T e[N], x[N];
    for (int i = 0; i < N; ++i) e[i] = i == c ? T(1) : T(0);
    cholesky_solve(l, e, x);
    for (int i = 0; i < N; ++i) inverse[i][c] = x[i];
  }
}

}  // namespace detgrad::swgo
