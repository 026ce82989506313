#pragma once
// Second-order jets: a value with its gradient and Hessian with respect to N variables,
// propagated through arithmetic and elementary functions by the chain rule
//   f(a): g = f' a.g,  H = f' a.H + f'' a.g a.g^T,
//   a b:  g = a.g b + a b.g,  H = a.H b + a b.H + a.g b.g^T + b.g a.g^T.
// The SWGO unit model (unit_model.hpp) is written once over a scalar type; evaluated on jets
// it gives exactly the first and second derivatives of a unit's expected counts and time with
// respect to the shower parameters and the unit's position, which the fits (gradient and
// Hessian of the log-likelihood) and the adjoint (mixed derivatives for the implicit function
// theorem) are built from. The Hessian is stored packed (upper triangle, row by row).
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::swgo {

template <typename T, int N>
struct Jet {
  static constexpr int kPacked = N * (N + 1) / 2;
  T v;
  T g[N];
  T h[kPacked];

  DETGRAD_HD Jet() : v(T(0)) {
    for (int i = 0; i < N; ++i) g[i] = T(0);
    for (int i = 0; i < kPacked; ++i) h[i] = T(0);
  }
  DETGRAD_HD Jet(T value) : Jet() { v = value; }  // a constant (implicit, as for a real)
  DETGRAD_HD static Jet variable(T value, int index) {
    Jet j(value);
    j.g[index] = T(1);
    return j;
  }
  DETGRAD_HD static constexpr int packed(int i, int j) {  // i <= j
    return i * N - i * (i - 1) / 2 + (j - i);
  }
  DETGRAD_HD T hess(int i, int j) const { return i <= j ? h[packed(i, j)] : h[packed(j, i)]; }
};

// f(a) with f(a.v) = f0, f'(a.v) = f1, f''(a.v) = f2.
template <typename T, int N>
DETGRAD_HDI Jet<T, N> jet_apply(const Jet<T, N>& a, T f0, T f1, T f2) {
  Jet<T, N> r;
  r.v = f0;
  for (int i = 0; i < N; ++i) r.g[i] = f1 * a.g[i];
  int k = 0;
  for (int i = 0; i < N; ++i)
    for (int j = i; j < N; ++j, ++k) r.h[k] = f1 * a.h[k] + f2 * a.g[i] * a.g[j];
  return r;
}

template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator+(const Jet<T, N>& a, const Jet<T, N>& b) {
  Jet<T, N> r;
  r.v = a.v + b.v;
  for (int i = 0; i < N; ++i) r.g[i] = a.g[i] + b.g[i];
  for (int k = 0; k < Jet<T, N>::kPacked; ++k) r.h[k] = a.h[k] + b.h[k];
  return r;
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator-(const Jet<T, N>& a) {
  return jet_apply(a, -a.v, T(-1), T(0));
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator-(const Jet<T, N>& a, const Jet<T, N>& b) {
  Jet<T, N> r;
  r.v = a.v - b.v;
  for (int i = 0; i < N; ++i) r.g[i] = a.g[i] - b.g[i];
  for (int k = 0; k < Jet<T, N>::kPacked; ++k) r.h[k] = a.h[k] - b.h[k];
  return r;
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator*(const Jet<T, N>& a, const Jet<T, N>& b) {
  Jet<T, N> r;
  r.v = a.v * b.v;
  for (int i = 0; i < N; ++i) r.g[i] = a.g[i] * b.v + a.v * b.g[i];
  int k = 0;
  for (int i = 0; i < N; ++i)
    for (int j = i; j < N; ++j, ++k) r.h[k] = a.h[k] * b.v + a.v * b.h[k] + a.g[i] * b.g[j] + a.g[j] * b.g[i];
  return r;
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator*(const Jet<T, N>& a, T s) {
  return jet_apply(a, a.v * s, s, T(0));
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator*(T s, const Jet<T, N>& a) {
  return a * s;
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator+(const Jet<T, N>& a, T s) {
  Jet<T, N> r = a;
  r.v += s;
  return r;
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator+(T s, const Jet<T, N>& a) {
  return a + s;
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator-(const Jet<T, N>& a, T s) {
  return a + (-s);
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator-(T s, const Jet<T, N>& a) {
  return (-a) + s;
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> reciprocal(const Jet<T, N>& a) {
  const T r = T(1) / a.v;
  return jet_apply(a, r, -r * r, T(2) * r * r * r);
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator/(const Jet<T, N>& a, const Jet<T, N>& b) {
  return a * reciprocal(b);
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator/(const Jet<T, N>& a, T s) {
  return a * (T(1) / s);
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> operator/(T s, const Jet<T, N>& a) {
  return reciprocal(a) * s;
}

template <typename T, int N>
DETGRAD_HDI Jet<T, N> exp(const Jet<T, N>& a) {
  const T e = std::exp(a.v);
  return jet_apply(a, e, e, e);
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> log(const Jet<T, N>& a) {
  const T r = T(1) / a.v;
  return jet_apply(a, std::log(a.v), r, -r * r);
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> sqrt(const Jet<T, N>& a) {
  const T s = std::sqrt(a.v);
  return jet_apply(a, s, T(0.5) / s, T(-0.25) / (s * a.v));
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> sin(const Jet<T, N>& a) {
  const T s = std::sin(a.v), c = std::cos(a.v);
  return jet_apply(a, s, c, -s);
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> cos(const Jet<T, N>& a) {
  const T s = std::sin(a.v), c = std::cos(a.v);
  return jet_apply(a, c, -s, -c);
}
// a^b = exp(b ln a), a > 0.
template <typename T, int N>
DETGRAD_HDI Jet<T, N> pow(const Jet<T, N>& a, const Jet<T, N>& b) {
  return exp(b * log(a));
}
template <typename T, int N>
DETGRAD_HDI Jet<T, N> pow(const Jet<T, N>& a, T b) {
  const T p = std::pow(a.v, b);
  return jet_apply(a, p, b * p / a.v, b * (b - T(1)) * p / (a.v * a.v));
}
template <typename T, int N>
DETGRAD_HDI T value_of(const Jet<T, N>& a) {
  return a.v;
}
template <typename T>
DETGRAD_HDI T value_of(T a) {
  return a;
}

}  // namespace detgrad::swgo
