#pragma once
// Weighted least-squares straight line in one projection, u(z) = u0 + t (z - z_ref), from
// measurements u_k at planes z_k with resolutions sigma_k and weights w_k in [0, 1] (the
// probability that the plane measured the track). Measurement k carries the statistical
// weight omega_k = w_k / sigma_k^2, so a plane that rarely fires carries proportionally less
// information. Closed form, with dz_k = z_k - z_ref:
//   S0 = sum omega, S1 = sum omega dz, S2 = sum omega dz^2      (LineMoments: the planes),
//   Su = sum omega u, Suz = sum omega u dz                      (ProjectionMoments: the values),
//   D = S0 S2 - S1^2,
//   u0 = (S2 Su - S1 Suz) / D,   t = (S0 Suz - S1 Su) / D,
//   cov(u0, t) = [[S2, -S1], [-S1, S0]] / D   (the inverse of the normal matrix [[S0, S1], [S1, S2]]).
// The line moments depend on the planes only, so projections measured at the same planes
// with the same weights (x and y of a two-sided panel) share them, their determinant and
// their covariance. z_ref is the caller's choice (e.g. the centre of the planes, which keeps
// D free of cancellation in float); the fitted line does not depend on it, its parameters do.
//
// The steps are separate functions, each with its adjoint beside it, so that a caller that
// fits several projections at once shares the line moments; fit_projection is the whole fit
// of one projection from its measurements. The general fit of measurements of any view angle
// (track_fit.hpp) solves its 4 x 4 system with these same 2 x 2 steps, so that with x and y
// views only it gives exactly these numbers. The forward steps write their multiply-adds out
// (fused_multiply_add.hpp), so that these numbers do not depend on where the compiler
// inlines them.
#include "detgrad/core/macros.hpp"
#include "detgrad/tracking/fused_multiply_add.hpp"

namespace detgrad::tracking {

// Sums over the planes, and at the same time the symmetric 2 x 2 matrix [[s0, s1], [s1, s2]].
template <typename T>
struct LineMoments {
  T s0, s1, s2;
};

// Sums of the measured values, and at the same time a 2-vector (su, suz).
template <typename T>
struct ProjectionMoments {
  T su, suz;
};

// One measurement of one projection: plane z (m), value u (m), resolution sigma (m), weight
// in [0, 1].
template <typename T>
struct ProjectionMeasurement {
  T z, u, sigma, weight;
};

// The fitted line u(z) = u0 + t (z - z_ref) and its covariance: cov00 = var(u0),
// cov01 = cov(u0, t), cov11 = var(t).
template <typename T>
struct ProjectionFit {
  T u0, t, z_ref;
  T cov00, cov01, cov11;
};

// omega = w / sigma^2.
template <typename T>
DETGRAD_HDI T measurement_weight(T weight, T sigma) {
  return weight / (sigma * sigma);
}

// d w += d omega / sigma^2,  d sigma -= 2 d omega omega / sigma.
template <typename T>
DETGRAD_HDI void measurement_weight_adjoint(T omega, T sigma, T d_omega, T& d_weight, T& d_sigma) {
  d_weight += d_omega / (sigma * sigma);
  d_sigma -= T(2) * d_omega * omega / sigma;
}

template <typename T>
DETGRAD_HDI void add_line_moments(LineMoments<T>& m, T omega, T dz) {
  m.s0 += omega;
  m.s1 = fused_multiply_add(omega, dz, m.s1);
  m.s2 = fused_multiply_add(omega * dz, dz, m.s2);
}

template <typename T>
DETGRAD_HDI void add_projection_moments(ProjectionMoments<T>& p, T omega, T dz, T u) {
  p.su = fused_multiply_add(omega, u, p.su);
  p.suz = fused_multiply_add(omega * u, dz, p.suz);
}

// One measurement of one projection, value u at plane z: omega = w / sigma^2, dz = z - z_ref.
template <typename T>
DETGRAD_HDI void add_measurement(LineMoments<T>& m, ProjectionMoments<T>& p, T z, T u, T sigma, T weight, T z_ref) {
  const T omega = measurement_weight(weight, sigma);
  const T dz = z - z_ref;
  add_line_moments(m, omega, dz);
  add_projection_moments(p, omega, dz, u);
}

// Two projections (values u, v) measured at one plane with one resolution and weight: the
// line moments once, both projections' moments.
template <typename T>
DETGRAD_HDI void add_measurement(LineMoments<T>& m, ProjectionMoments<T>& pu, ProjectionMoments<T>& pv, T z, T u, T v,
                                 T sigma, T weight, T z_ref) {
  const T omega = measurement_weight(weight, sigma);
  const T dz = z - z_ref;
  add_line_moments(m, omega, dz);
  add_projection_moments(pu, omega, dz, u);
  add_projection_moments(pv, omega, dz, v);
}

// Adjoint of add_measurement (one projection), from the moments' cotangents:
//   d omega = dS0 + dS1 dz + dS2 dz^2 + dSu u + dSuz u dz,
//   d dz = omega (dS1 + 2 dS2 dz + dSuz u),  d u += omega (dSu + dSuz dz),
//   d z += d dz,  d z_ref -= d dz,  and omega = w / sigma^2 (measurement_weight_adjoint).
template <typename T>
DETGRAD_HDI void add_measurement_adjoint(T z, T u, T sigma, T weight, T z_ref, const LineMoments<T>& d_m,
                                         const ProjectionMoments<T>& d_p, T& d_z, T& d_u, T& d_sigma, T& d_weight,
                                         T& d_z_ref) {
  const T omega = measurement_weight(weight, sigma);
  const T dz = z - z_ref;
  const T d_omega = d_m.s0 + d_m.s1 * dz + d_m.s2 * dz * dz + d_p.su * u + d_p.suz * u * dz;
  const T d_dz = omega * (d_m.s1 + T(2) * d_m.s2 * dz + d_p.suz * u);
  d_u += omega * (d_p.su + d_p.suz * dz);
  d_z += d_dz;
  d_z_ref -= d_dz;
  measurement_weight_adjoint(omega, sigma, d_omega, d_weight, d_sigma);
}

// Adjoint of add_measurement (two projections sharing the plane).
template <typename T>
DETGRAD_HDI void add_measurement_adjoint(T z, T u, T v, T sigma, T weight, T z_ref, const LineMoments<T>& d_m,
                                         const ProjectionMoments<T>& d_pu, const ProjectionMoments<T>& d_pv, T& d_z,
                                         T& d_u, T& d_v, T& d_sigma, T& d_weight, T& d_z_ref) {
  const T omega = measurement_weight(weight, sigma);
  const T dz = z - z_ref;
  const T d_omega = d_m.s0 + d_m.s1 * dz + d_m.s2 * dz * dz + d_pu.su * u + d_pu.suz * u * dz + d_pv.su * v +
                    d_pv.suz * v * dz;
  const T d_dz = omega * (d_m.s1 + T(2) * d_m.s2 * dz + d_pu.suz * u + d_pv.suz * v);
  d_u += omega * (d_pu.su + d_pu.suz * dz);
  d_v += omega * (d_pv.su + d_pv.suz * dz);
  d_z += d_dz;
  d_z_ref -= d_dz;
  measurement_weight_adjoint(omega, sigma, d_omega, d_weight, d_sigma);
}

// D = S0 S2 - S1^2 (the determinant of the normal matrix).
template <typename T>
DETGRAD_HDI T line_determinant(const LineMoments<T>& m) {
  return fused_multiply_add(m.s0, m.s2, -(m.s1 * m.s1));
}

// d S0 += d D S2, d S2 += d D S0, d S1 -= 2 d D S1.
template <typename T>
DETGRAD_HDI void line_determinant_adjoint(const LineMoments<T>& m, T d_det, LineMoments<T>& d_m) {
  d_m.s0 += d_det * m.s2;
  d_m.s2 += d_det * m.s0;
  d_m.s1 -= T(2) * d_det * m.s1;
}

// (u0, t) = [[S0, S1], [S1, S2]]^-1 (Su, Suz), given inv_det = 1 / D.
template <typename T>
DETGRAD_HDI void solve_projection(const LineMoments<T>& m, const ProjectionMoments<T>& p, T inv_det, T& u0, T& t) {
  u0 = fused_multiply_add(m.s2, p.su, -(m.s1 * p.suz)) * inv_det;
  t = fused_multiply_add(m.s0, p.suz, -(m.s1 * p.su)) * inv_det;
}

// With N0 = S2 Su - S1 Suz, N1 = S0 Suz - S1 Su:  d N0 = d u0 / D, d N1 = d t / D,
// d D -= (d u0 u0 + d t t) / D, and the products' partial derivatives.
template <typename T>
DETGRAD_HDI void solve_projection_adjoint(const LineMoments<T>& m, const ProjectionMoments<T>& p, T inv_det, T d_u0,
                                          T d_t, LineMoments<T>& d_m, ProjectionMoments<T>& d_p, T& d_det) {
  T u0, t;
  solve_projection(m, p, inv_det, u0, t);
  const T d_n0 = d_u0 * inv_det, d_n1 = d_t * inv_det;
  d_det -= (d_u0 * u0 + d_t * t) * inv_det;
  d_m.s2 += d_n0 * p.su;
  d_p.su += d_n0 * m.s2 - d_n1 * m.s1;
  d_m.s1 -= d_n0 * p.suz + d_n1 * p.su;
  d_p.suz += d_n1 * m.s0 - d_n0 * m.s1;
  d_m.s0 += d_n1 * p.suz;
}

// The inverse of the normal matrix: c00 = S2 / D, c01 = -S1 / D, c11 = S0 / D.
template <typename T>
DETGRAD_HDI void projection_covariance(const LineMoments<T>& m, T inv_det, T& c00, T& c01, T& c11) {
  c00 = m.s2 * inv_det;
  c01 = -m.s1 * inv_det;
  c11 = m.s0 * inv_det;
}

// d S2 += d c00 / D, d S1 -= d c01 / D, d S0 += d c11 / D, d D -= (sum d c c) / D.
template <typename T>
DETGRAD_HDI void projection_covariance_adjoint(const LineMoments<T>& m, T inv_det, T d_c00, T d_c01, T d_c11,
                                               LineMoments<T>& d_m, T& d_det) {
  d_m.s2 += d_c00 * inv_det;
  d_m.s1 -= d_c01 * inv_det;
  d_m.s0 += d_c11 * inv_det;
  d_det -= (d_c00 * m.s2 - d_c01 * m.s1 + d_c11 * m.s0) * inv_det * inv_det;
}

// Whether a determinant D of the matrix [[S0, S1], [S1, S2]] is positive beyond rounding:
// D / (S0 S2) = 1 - S1^2 / (S0 S2) is 1 minus the squared correlation of the fitted
// parameters, exactly 0 for a single plane (or a Schur complement that vanishes, see
// track_fit.hpp) but then left with rounding errors of a few epsilon. The reference S0 S2 is
// that of the matrix the determinant was reduced from.
// (The epsilons are written out: std::numeric_limits is host-only in CUDA device code.)
DETGRAD_HDI constexpr float machine_epsilon(float) { return 1.1920928955078125e-7f; }  // 2^-23
DETGRAD_HDI constexpr double machine_epsilon(double) { return 2.220446049250313e-16; }  // 2^-52

template <typename T>
DETGRAD_HDI bool determinant_is_positive(T det, const LineMoments<T>& reference) {
  return det > T(64) * machine_epsilon(T(0)) * reference.s0 * reference.s2;
}

// The fit of one projection from its moments. Returns false (and a zero line and
// covariance) when the determinant is not positive beyond rounding
// (determinant_is_positive): fewer than two distinct z carry a positive weight.
template <typename T>
DETGRAD_HDI bool fit_projection(const LineMoments<T>& m, const ProjectionMoments<T>& p, T z_ref,
                                ProjectionFit<T>& fit) {
  fit = ProjectionFit<T>{T(0), T(0), z_ref, T(0), T(0), T(0)};
  const T det = line_determinant(m);
  if (!determinant_is_positive(det, m)) return false;
  const T inv_det = T(1) / det;
  solve_projection(m, p, inv_det, fit.u0, fit.t);
  projection_covariance(m, inv_det, fit.cov00, fit.cov01, fit.cov11);
  return true;
}

template <typename T>
DETGRAD_HDI void projection_moments(const ProjectionMeasurement<T>* meas, int n, T z_ref, LineMoments<T>& m,
                                    ProjectionMoments<T>& p) {
  m = LineMoments<T>{T(0), T(0), T(0)};
  p = ProjectionMoments<T>{T(0), T(0)};
  for (int k = 0; k < n; ++k) add_measurement(m, p, meas[k].z, meas[k].u, meas[k].sigma, meas[k].weight, z_ref);
}

// The fit of one projection from its measurements (see fit_projection above).
template <typename T>
DETGRAD_HDI bool fit_projection(const ProjectionMeasurement<T>* meas, int n, T z_ref, ProjectionFit<T>& fit) {
  LineMoments<T> m;
  ProjectionMoments<T> p;
  projection_moments(meas, n, z_ref, m, p);
  return fit_projection(m, p, z_ref, fit);
}

// Adjoint of the fit from its measurements: d_meas receives d z, d u, d sigma, d weight per
// measurement; d z_ref collects -sum d dz and d_fit.z_ref. No gradient where the fit does not
// exist.
template <typename T>
DETGRAD_HDI void fit_projection_adjoint(const ProjectionMeasurement<T>* meas, int n, T z_ref,
                                        const ProjectionFit<T>& d_fit, ProjectionMeasurement<T>* d_meas, T& d_z_ref) {
  d_z_ref += d_fit.z_ref;
  LineMoments<T> m;
  ProjectionMoments<T> p;
  projection_moments(meas, n, z_ref, m, p);
  const T det = line_determinant(m);
  if (!determinant_is_positive(det, m)) return;
  const T inv_det = T(1) / det;
  LineMoments<T> d_m{T(0), T(0), T(0)};
  ProjectionMoments<T> d_p{T(0), T(0)};
  T d_det = T(0);
  projection_covariance_adjoint(m, inv_det, d_fit.cov00, d_fit.cov01, d_fit.cov11, d_m, d_det);
  solve_projection_adjoint(m, p, inv_det, d_fit.u0, d_fit.t, d_m, d_p, d_det);
  line_determinant_adjoint(m, d_det, d_m);
  for (int k = 0; k < n; ++k) {
    const ProjectionMeasurement<T>& e = meas[k];
    ProjectionMeasurement<T>& d = d_meas[k];
    add_measurement_adjoint(e.z, e.u, e.sigma, e.weight, z_ref, d_m, d_p, d.z, d.u, d.sigma, d.weight, d_z_ref);
  }
}

}  // namespace detgrad::tracking
