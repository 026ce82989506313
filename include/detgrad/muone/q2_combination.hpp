#pragma once
// q2 from both scattering angles with the elastic constraint. The measured angles
// (theta_e, theta_mu) have errors with covariance V = [[V_e, C], [C, V_mu]] (C from the
// shared incoming track); near the true q2 the angles move as j = (d theta_e / d q2,
// d theta_mu / d q2). The least-squares estimate of q2 from both, minimising
// r^T V^-1 r with r = theta_measured - theta(q2), has the variance
//   var = 1 / (j^T V^-1 j) = det / (j_e^2 V_mu - 2 j_e j_mu C + j_mu^2 V_e),  det = V_e V_mu - C^2,
// finite where one angle alone is blind (d theta_mu / d q2 = 0 at the muon's largest angle).
// The single-angle estimates have var_e = V_e / j_e^2 and var_mu = V_mu / j_mu^2.
#include "detgrad/core/macros.hpp"

namespace detgrad::muone {

template <typename T>
DETGRAD_HDI T combined_q2_variance(T v_e, T v_mu, T c, T j_e, T j_mu) {
  const T det = v_e * v_mu - c * c;
  const T info = j_e * j_e * v_mu - T(2) * j_e * j_mu * c + j_mu * j_mu * v_e;
  return det / info;
}

// var = det / info: d det = d var / info, d info = -d var var / info; then
//   d V_e += d det V_mu + d info j_mu^2,  d V_mu += d det V_e + d info j_e^2,
//   d C += -2 d det C - 2 d info j_e j_mu.
template <typename T>
DETGRAD_HDI void combined_q2_variance_adjoint(T v_e, T v_mu, T c, T j_e, T j_mu, T d_var, T& d_v_e, T& d_v_mu,
                                              T& d_c) {
  const T det = v_e * v_mu - c * c;
  const T info = j_e * j_e * v_mu - T(2) * j_e * j_mu * c + j_mu * j_mu * v_e;
  const T d_det = d_var / info;
  const T d_info = -d_var * det / (info * info);
  d_v_e += d_det * v_mu + d_info * j_mu * j_mu;
  d_v_mu += d_det * v_e + d_info * j_e * j_e;
  d_c += T(-2) * d_det * c - T(2) * d_info * j_e * j_mu;
}

}  // namespace detgrad::muone
