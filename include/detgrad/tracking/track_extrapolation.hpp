#pragma once
// A fitted track (track_fit.hpp) at another plane z, with its uncertainty by linear error
// propagation. With dz = z - z_ref:
//   x = x0 + tx dz,  y = y0 + ty dz,
//   var x = c(x0,x0) + 2 dz c(x0,tx) + dz^2 c(tx,tx),  var y likewise with (y0, ty),
//   cov(x, y) = c(x0,y0) + dz (c(x0,ty) + c(tx,y0)) + dz^2 c(tx,ty);
// and the value a plane of view (c, s) would measure there, u = c x + s y, with
//   var u = c^2 var x + 2 c s cov(x, y) + s^2 var y.
#include "detgrad/core/macros.hpp"
#include "detgrad/tracking/track_fit.hpp"

namespace detgrad::tracking {

template <typename T>
struct TrackPoint {
  T x, y;                  // m
  T var_x, var_y, cov_xy;  // m^2
};

template <typename T>
DETGRAD_HDI TrackPoint<T> extrapolate_track(const TrackFit<T>& f, T z) {
  const T dz = z - f.z_ref;
  TrackPoint<T> p;
  p.x = f.x0 + f.tx * dz;
  p.y = f.y0 + f.ty * dz;
  p.var_x = f.covariance(kX0, kX0) + dz * (T(2) * f.covariance(kX0, kTx) + dz * f.covariance(kTx, kTx));
  p.var_y = f.covariance(kY0, kY0) + dz * (T(2) * f.covariance(kY0, kTy) + dz * f.covariance(kTy, kTy));
  p.cov_xy = f.covariance(kX0, kY0) +
             dz * (f.covariance(kX0, kTy) + f.covariance(kTx, kY0) + dz * f.covariance(kTx, kTy));
  return p;
}

// d x0 += d x, d tx += d x dz, d dz += d x tx (likewise y); the variances' partial
// derivatives with respect to the covariance entries and dz; d z += d dz, d z_ref -= d dz.
template <typename T>
DETGRAD_HDI void extrapolate_track_adjoint(const TrackFit<T>& f, T z, const TrackPoint<T>& d_p, TrackFit<T>& d_f,
                                           T& d_z) {
  const T dz = z - f.z_ref;
  T d_dz = T(0);
  d_f.x0 += d_p.x;
  d_f.tx += d_p.x * dz;
  d_dz += d_p.x * f.tx;
  d_f.y0 += d_p.y;
  d_f.ty += d_p.y * dz;
  d_dz += d_p.y * f.ty;

  d_f.cov[covariance_index(kX0, kX0)] += d_p.var_x;
  d_f.cov[covariance_index(kX0, kTx)] += T(2) * dz * d_p.var_x;
  d_f.cov[covariance_index(kTx, kTx)] += dz * dz * d_p.var_x;
  d_dz += d_p.var_x * T(2) * (f.covariance(kX0, kTx) + dz * f.covariance(kTx, kTx));

  d_f.cov[covariance_index(kY0, kY0)] += d_p.var_y;
  d_f.cov[covariance_index(kY0, kTy)] += T(2) * dz * d_p.var_y;
  d_f.cov[covariance_index(kTy, kTy)] += dz * dz * d_p.var_y;
  d_dz += d_p.var_y * T(2) * (f.covariance(kY0, kTy) + dz * f.covariance(kTy, kTy));

  d_f.cov[covariance_index(kX0, kY0)] += d_p.cov_xy;
  d_f.cov[covariance_index(kX0, kTy)] += dz * d_p.cov_xy;
  d_f.cov[covariance_index(kTx, kY0)] += dz * d_p.cov_xy;
  d_f.cov[covariance_index(kTx, kTy)] += dz * dz * d_p.cov_xy;
  d_dz += d_p.cov_xy * (f.covariance(kX0, kTy) + f.covariance(kTx, kY0) + T(2) * dz * f.covariance(kTx, kTy));

  d_z += d_dz;
  d_f.z_ref -= d_dz;
}

// The value u = c x + s y that a plane of view (cos_a, sin_a) measures at the point, and its
// variance.
template <typename T>
DETGRAD_HDI void project_point(const TrackPoint<T>& p, T cos_a, T sin_a, T& u, T& var_u) {
  u = cos_a * p.x + sin_a * p.y;
  var_u = cos_a * cos_a * p.var_x + T(2) * cos_a * sin_a * p.cov_xy + sin_a * sin_a * p.var_y;
}

template <typename T>
DETGRAD_HDI void project_point_adjoint(const TrackPoint<T>& p, T cos_a, T sin_a, T d_u, T d_var_u, TrackPoint<T>& d_p,
                                       T& d_cos_a, T& d_sin_a) {
  d_p.x += d_u * cos_a;
  d_p.y += d_u * sin_a;
  d_p.var_x += d_var_u * cos_a * cos_a;
  d_p.var_y += d_var_u * sin_a * sin_a;
  d_p.cov_xy += d_var_u * T(2) * cos_a * sin_a;
  d_cos_a += d_u * p.x + d_var_u * T(2) * (cos_a * p.var_x + sin_a * p.cov_xy);
  d_sin_a += d_u * p.y + d_var_u * T(2) * (sin_a * p.var_y + cos_a * p.cov_xy);
}

}  // namespace detgrad::tracking
