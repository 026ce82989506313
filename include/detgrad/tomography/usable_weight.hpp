#pragma once
// Usable-muon weight: a muon is reconstructable with >= 2 hits above and >= 2 hits below
// the passive volume (TomOpt, arXiv:2309.14027). With independent panels firing with
// probabilities w_k, the weight is P(>= 2 of the upper panels) * P(>= 2 of the lower).
#include "detgrad/core/macros.hpp"
#include "detgrad/tomography/panel_response.hpp"

namespace detgrad::tomography {

// P(>= 2 of n independent panels fire), n <= kMaxPanelsPerSide, by the Poisson-binomial
// recursion over panels k with state (q0, q1, q2) = P(exactly 0), P(exactly 1), P(>= 2):
//   q0' = q0 (1 - w),  q1' = q1 (1 - w) + q0 w,  q2' = q2 + q1 w.
// Every update adds non-negative terms, so small results keep full relative precision
// (unlike 1 - prod(1 - w) - sum_k w_k prod_{j != k}(1 - w_j), which cancels for small w).
template <typename T>
DETGRAD_HDI T probability_at_least_two(const T* w, int n) {
  T q0 = T(1), q1 = T(0), q2 = T(0);
  for (int k = 0; k < n; ++k) {
    q2 += q1 * w[k];
    q1 = q1 * (T(1) - w[k]) + q0 * w[k];
    q0 *= (T(1) - w[k]);
  }
  return q2;
}

// Reverse sweep of the recursion (states before each step replayed into a fixed array):
//   d w_k += a2 q1 + a1 (q0 - q1) - a0 q0,
//   a0 <- a0 (1 - w) + a1 w,  a1 <- a1 (1 - w) + a2 w,  a2 <- a2,
// starting from (a0, a1, a2) = (0, 0, d_p). Equivalently d p / d w_k = P(exactly one of
// the other panels fires). Precondition, as for the forward: n <= kMaxPanelsPerSide.
template <typename T>
DETGRAD_HDI void probability_at_least_two_adjoint(const T* w, int n, T d_p, T* d_w) {
  T q0s[kMaxPanelsPerSide], q1s[kMaxPanelsPerSide];
  T q0 = T(1), q1 = T(0);
  for (int k = 0; k < n; ++k) {
    q0s[k] = q0;
    q1s[k] = q1;
    q1 = q1 * (T(1) - w[k]) + q0 * w[k];
    q0 *= (T(1) - w[k]);
  }
  T a0 = T(0), a1 = T(0);
  const T a2 = d_p;
  for (int k = n - 1; k >= 0; --k) {
    d_w[k] += a2 * q1s[k] + a1 * (q0s[k] - q1s[k]) - a0 * q0s[k];
    const T a0_new = a0 * (T(1) - w[k]) + a1 * w[k];
    a1 = a1 * (T(1) - w[k]) + a2 * w[k];
    a0 = a0_new;
  }
}

// Usable-muon weight u = P(>= 2 above) * P(>= 2 below).
template <typename T>
DETGRAD_HDI T usable_muon_weight(const T* w_above, int n_above, const T* w_below, int n_below) {
  return probability_at_least_two(w_above, n_above) * probability_at_least_two(w_below, n_below);
}

// Product rule: d P_above = d_u P_below, d P_below = d_u P_above.
template <typename T>
DETGRAD_HDI void usable_muon_weight_adjoint(const T* w_above, int n_above, const T* w_below,
                                            int n_below, T d_usable, T* d_w_above, T* d_w_below) {
  const T p_above = probability_at_least_two(w_above, n_above);
  const T p_below = probability_at_least_two(w_below, n_below);
  probability_at_least_two_adjoint(w_above, n_above, d_usable * p_below, d_w_above);
  probability_at_least_two_adjoint(w_below, n_below, d_usable * p_above, d_w_below);
}

}  // namespace detgrad::tomography
