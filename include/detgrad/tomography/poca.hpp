#pragma once
// Point of closest approach (PoCA) of the incoming and outgoing fitted tracks, and its
// uncertainty propagated from the fits' covariances.
//
// Track i is the line P_i + s d_i with P_i = (x0, y0, z_ref), d_i = (tx, ty, 1).
// With r = P_out - P_in and n = d_in x d_out, the closest points are at
//   s = ((r x d_out) . n) / |n|^2,  t = ((r x d_in) . n) / |n|^2,
// and the PoCA is their midpoint M = (P_in + s d_in + P_out + t d_out) / 2. Computing
// |n|^2 from the cross product (whose x, y components are slope differences) avoids the
// cancellation of |d_in|^2 |d_out|^2 - (d_in . d_out)^2 in float.
//
// Parallel fallback: when sin^2 of the angle between the tracks, |n|^2 / (|d_in|^2
// |d_out|^2), is below kPocaParallelSin2, the PoCA is the midpoint of the two tracks'
// positions at z_mid = (z_ref_in + z_ref_out) / 2 (the middle of the passive volume when
// each z_ref is the face on its side). Both branches are smooth; only the switch is not.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/vec3.hpp"
#include "detgrad/tomography/line_fit.hpp"

namespace detgrad::tomography {

// sin^2(angle) below which the tracks count as parallel: 1e-12, an angle of 1 urad, far
// below the angular resolution of any panel pair (100 um over 0.1 m: 1 mrad).
constexpr double kPocaParallelSin2 = 1e-12;

namespace poca_detail {
template <typename T>
DETGRAD_HDI Vec3<T> origin(const TrackFit<T>& f) { return {f.x0, f.y0, f.z_ref}; }
template <typename T>
DETGRAD_HDI Vec3<T> direction(const TrackFit<T>& f) { return {f.tx, f.ty, T(1)}; }
template <typename T>
DETGRAD_HDI void add_origin(TrackFit<T>& d_f, Vec3<T> d) { d_f.x0 += d.x; d_f.y0 += d.y; d_f.z_ref += d.z; }
template <typename T>
DETGRAD_HDI void add_direction(TrackFit<T>& d_f, Vec3<T> d) { d_f.tx += d.x; d_f.ty += d.y; }
template <typename T>
DETGRAD_HDI bool parallel(Vec3<T> n, Vec3<T> d_in, Vec3<T> d_out) {
  return dot(n, n) <= T(kPocaParallelSin2) * dot(d_in, d_in) * dot(d_out, d_out);
}
}  // namespace poca_detail

// Returns true for the regular case, false where the parallel fallback was used.
template <typename T>
DETGRAD_HDI bool poca(const TrackFit<T>& in, const TrackFit<T>& out, Vec3<T>& point) {
  using namespace poca_detail;
  const Vec3<T> p1 = origin(in), p2 = origin(out), d1 = direction(in), d2 = direction(out);
  const Vec3<T> n = cross(d1, d2);
  if (parallel(n, d1, d2)) {
    const T zm = T(0.5) * (in.z_ref + out.z_ref);
    point = {T(0.5) * (in.x0 + in.tx * (zm - in.z_ref) + out.x0 + out.tx * (zm - out.z_ref)),
             T(0.5) * (in.y0 + in.ty * (zm - in.z_ref) + out.y0 + out.ty * (zm - out.z_ref)), zm};
    return false;
  }
  const Vec3<T> r = p2 - p1;
  const T inv_nn = T(1) / dot(n, n);
  const T s = dot(cross(r, d2), n) * inv_nn, t = dot(cross(r, d1), n) * inv_nn;
  point = T(0.5) * ((p1 + s * d1) + (p2 + t * d2));
  return true;
}

// Reverse of the regular branch, with a . (b x c) = (a x b) . c so that
//   d/da = b x c, d/db = c x a, d/dc = a x b  for the triple products N_s = (r x d_out) . n
// and N_t = (r x d_in) . n; s = N_s / |n|^2: d N_s = d s / |n|^2, d |n|^2 -= d s s / |n|^2;
// n = a x b: d a += b x d n, d b += d n x a. Accumulates into the x0, y0, z_ref, tx, ty
// fields of d_in and d_out. Fallback branch: linear in x0, tx, z_ref.
template <typename T>
DETGRAD_HDI void poca_adjoint(const TrackFit<T>& in, const TrackFit<T>& out, Vec3<T> d_point,
                              TrackFit<T>& d_in, TrackFit<T>& d_out) {
  using namespace poca_detail;
  const Vec3<T> p1 = origin(in), p2 = origin(out), d1 = direction(in), d2 = direction(out);
  const Vec3<T> n = cross(d1, d2);
  if (parallel(n, d1, d2)) {
    // x = (x0_in + tx_in (zm - z_in) + x0_out + tx_out (zm - z_out)) / 2, zm = (z_in + z_out)/2.
    const T zm = T(0.5) * (in.z_ref + out.z_ref);
    const T hx = T(0.5) * d_point.x, hy = T(0.5) * d_point.y;
    d_in.x0 += hx;
    d_out.x0 += hx;
    d_in.y0 += hy;
    d_out.y0 += hy;
    d_in.tx += hx * (zm - in.z_ref);
    d_out.tx += hx * (zm - out.z_ref);
    d_in.ty += hy * (zm - in.z_ref);
    d_out.ty += hy * (zm - out.z_ref);
    // d zm = hx (tx_in + tx_out) + hy (ty_in + ty_out) + d_point.z; d z_in = d zm / 2 - hx tx_in - hy ty_in.
    const T d_zm = hx * (in.tx + out.tx) + hy * (in.ty + out.ty) + d_point.z;
    d_in.z_ref += T(0.5) * d_zm - hx * in.tx - hy * in.ty;
    d_out.z_ref += T(0.5) * d_zm - hx * out.tx - hy * out.ty;
    return;
  }
  const Vec3<T> r = p2 - p1;
  const T inv_nn = T(1) / dot(n, n);
  const T s = dot(cross(r, d2), n) * inv_nn, t = dot(cross(r, d1), n) * inv_nn;
  const Vec3<T> dq = T(0.5) * d_point;  // d Q_in = d Q_out = d M / 2
  Vec3<T> d_p1 = dq, d_p2 = dq, d_d1 = s * dq, d_d2 = t * dq;
  const T d_s = dot(dq, d1), d_t = dot(dq, d2);
  const T d_ns = d_s * inv_nn, d_nt = d_t * inv_nn;
  const T d_nn = -(d_s * s + d_t * t) * inv_nn;
  Vec3<T> d_r = d_ns * cross(d2, n) + d_nt * cross(d1, n);
  d_d2 += d_ns * cross(n, r);
  d_d1 += d_nt * cross(n, r);
  const Vec3<T> d_n = d_ns * cross(r, d2) + d_nt * cross(r, d1) + (T(2) * d_nn) * n;
  d_d1 += cross(d2, d_n);
  d_d2 += cross(d_n, d1);
  d_p2 += d_r;
  d_p1 += -d_r;
  add_origin(d_in, d_p1);
  add_origin(d_out, d_p2);
  add_direction(d_in, d_d1);
  add_direction(d_out, d_d2);
}

// PoCA uncertainty. Each track's position variance at the PoCA height z_p, per axis:
//   v = c00 + 2 dz c01 + dz^2 c11,  dz = z_p - z_ref  (var(u0 + t dz) for the fit cov).
// The PoCA's x is about the mean of the two tracks' x, and the fits are independent:
//   sigma_x^2 = (v_x,in + v_x,out) / 4  (likewise y).
// Along z: lateral offsets delta_in, delta_out (perpendicular to the tracks, in the
// scattering plane) move the crossing of two lines at angle theta by
// (delta_in - delta_out) / tan(theta), so sigma_z^2 = (v_perp,in + v_perp,out) / theta_eff^2
// with v_perp the mean of the x and y variances (the scattering plane's azimuth is
// unknown a priori): sigma_z^2 = 2 (v_x + v_y) / theta_eff^2 (v_x = (v_x,in + v_x,out)/4).
// The floor enters smoothly, theta_eff^2 = theta^2 + theta_floor^2, so that the gradient
// exists everywhere. A PoCA that slides by dz along the tracks moves in x by the mean
// slope times dz, so the x and y variances also take the z variance's projection:
//   sigma_x^2 = v_x + m_x^2 sigma_z^2,  m_x = (tx_in + tx_out) / 2  (likewise y).
// (For a small scattering angle sigma_z is large, and so is the PoCA's x-y uncertainty.)
// Precondition: positive definite fit covariances (a fit from line_fit that returned true).
template <typename T>
struct PocaUncertainty {
  T sigma_x, sigma_y, sigma_z;
};

namespace poca_detail {
template <typename T>
DETGRAD_HDI T position_variance(T c00, T c01, T c11, T dz) { return c00 + T(2) * dz * c01 + dz * dz * c11; }
}  // namespace poca_detail

template <typename T>
DETGRAD_HDI void poca_uncertainty(const TrackFit<T>& in, const TrackFit<T>& out, T z_poca,
                                  T theta, T theta_floor, PocaUncertainty<T>& u) {
  using poca_detail::position_variance;
  const T dzi = z_poca - in.z_ref, dzo = z_poca - out.z_ref;
  const T vx = T(0.25) * (position_variance(in.cov_x00, in.cov_x01, in.cov_x11, dzi) +
                          position_variance(out.cov_x00, out.cov_x01, out.cov_x11, dzo));
  const T vy = T(0.25) * (position_variance(in.cov_y00, in.cov_y01, in.cov_y11, dzi) +
                          position_variance(out.cov_y00, out.cov_y01, out.cov_y11, dzo));
  const T vz = T(2) * (vx + vy) / (theta * theta + theta_floor * theta_floor);
  const T mx = T(0.5) * (in.tx + out.tx), my = T(0.5) * (in.ty + out.ty);
  u.sigma_x = std::sqrt(vx + mx * mx * vz);
  u.sigma_y = std::sqrt(vy + my * my * vz);
  u.sigma_z = std::sqrt(vz);
}

// d v = d sigma / (2 sigma) for sigma = sqrt(v). With vz = 2 (vx + vy) / th2, th2 =
// theta^2 + floor^2, and the x variance vx + mx^2 vz: d vz gathers d sigma_z^2 + mx^2 d
// sigma_x^2 + my^2 d sigma_y^2; d mx = 2 mx vz d sigma_x^2 (half to each track's tx);
// d vx += d sigma_x^2 + d vz 2 / th2; d theta -= d vz vz 2 theta / th2 (the floor is a
// constant). Per track: d c00 += d v, d c01 += 2 dz d v, d c11 += dz^2 d v,
// d dz += (2 c01 + 2 dz c11) d v; d z_poca += d dz, d z_ref -= d dz.
template <typename T>
DETGRAD_HDI void poca_uncertainty_adjoint(const TrackFit<T>& in, const TrackFit<T>& out, T z_poca,
                                          T theta, T theta_floor, const PocaUncertainty<T>& d_u,
                                          TrackFit<T>& d_in, TrackFit<T>& d_out, T& d_z_poca,
                                          T& d_theta) {
  PocaUncertainty<T> u;
  poca_uncertainty(in, out, z_poca, theta, theta_floor, u);
  const T th2 = theta * theta + theta_floor * theta_floor;
  const T vz = u.sigma_z * u.sigma_z;
  const T mx = T(0.5) * (in.tx + out.tx), my = T(0.5) * (in.ty + out.ty);
  const T d_sx2 = d_u.sigma_x / (T(2) * u.sigma_x), d_sy2 = d_u.sigma_y / (T(2) * u.sigma_y);
  const T d_vz = d_u.sigma_z / (T(2) * u.sigma_z) + mx * mx * d_sx2 + my * my * d_sy2;
  const T d_mx = T(2) * mx * vz * d_sx2, d_my = T(2) * my * vz * d_sy2;
  d_in.tx += T(0.5) * d_mx;
  d_out.tx += T(0.5) * d_mx;
  d_in.ty += T(0.5) * d_my;
  d_out.ty += T(0.5) * d_my;
  d_theta -= d_vz * vz * T(2) * theta / th2;
  const T d_vx = T(0.25) * (d_sx2 + d_vz * T(2) / th2);
  const T d_vy = T(0.25) * (d_sy2 + d_vz * T(2) / th2);
  const T dzi = z_poca - in.z_ref, dzo = z_poca - out.z_ref;
  const T d_dzi = T(2) * d_vx * (in.cov_x01 + dzi * in.cov_x11) + T(2) * d_vy * (in.cov_y01 + dzi * in.cov_y11);
  const T d_dzo = T(2) * d_vx * (out.cov_x01 + dzo * out.cov_x11) + T(2) * d_vy * (out.cov_y01 + dzo * out.cov_y11);
  d_z_poca += d_dzi + d_dzo;
  d_in.z_ref -= d_dzi;
  d_out.z_ref -= d_dzo;
  d_in.cov_x00 += d_vx; d_in.cov_x01 += T(2) * dzi * d_vx; d_in.cov_x11 += dzi * dzi * d_vx;
  d_in.cov_y00 += d_vy; d_in.cov_y01 += T(2) * dzi * d_vy; d_in.cov_y11 += dzi * dzi * d_vy;
  d_out.cov_x00 += d_vx; d_out.cov_x01 += T(2) * dzo * d_vx; d_out.cov_x11 += dzo * dzo * d_vx;
  d_out.cov_y00 += d_vy; d_out.cov_y01 += T(2) * dzo * d_vy; d_out.cov_y11 += dzo * dzo * d_vy;
}

}  // namespace detgrad::tomography
