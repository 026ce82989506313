#pragma once
// Scattering angles between the incoming and outgoing fitted tracks, and the variances of
// the projected angles from the fits' slope variances (linear error propagation).
//   theta_x = atan(tx_out) - atan(tx_in),  theta_y = atan(ty_out) - atan(ty_in),
//   theta_space = atan2(|d_in x d_out|, d_in . d_out),  d = (tx, ty, 1),
//   var(theta_x) = var(tx_out) / (1 + tx_out^2)^2 + var(tx_in) / (1 + tx_in^2)^2  (likewise y),
// with var(tx) = cov_x11 of each fit (the two fits are independent).
// atan2 keeps the space angle accurate for small angles (acos(cos) loses half the digits).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/vec3.hpp"
#include "detgrad/tomography/line_fit.hpp"

namespace detgrad::tomography {

template <typename T>
struct ScatteringAngles {
  T theta_x, theta_y, theta_space;  // rad
  T var_theta_x, var_theta_y;       // rad^2
};

template <typename T>
DETGRAD_HDI void scattering_angles(const TrackFit<T>& in, const TrackFit<T>& out, ScatteringAngles<T>& a) {
  // atan(u) - atan(v) = arg((1 + i u)(1 - i v)) = atan2(u - v, 1 + u v): one call instead of
  // two, exact in (-pi, pi), and the difference of the slopes is formed before the angle.
  a.theta_x = std::atan2(out.tx - in.tx, T(1) + out.tx * in.tx);
  a.theta_y = std::atan2(out.ty - in.ty, T(1) + out.ty * in.ty);
  const Vec3<T> d1{in.tx, in.ty, T(1)}, d2{out.tx, out.ty, T(1)};
  a.theta_space = std::atan2(norm(cross(d1, d2)), dot(d1, d2));
  const T gxi = T(1) + in.tx * in.tx, gxo = T(1) + out.tx * out.tx;
  const T gyi = T(1) + in.ty * in.ty, gyo = T(1) + out.ty * out.ty;
  a.var_theta_x = out.cov_x11 / (gxo * gxo) + in.cov_x11 / (gxi * gxi);
  a.var_theta_y = out.cov_y11 / (gyo * gyo) + in.cov_y11 / (gyi * gyi);
}

// d atan(t) / dt = 1 / (1 + t^2);  d [v / (1 + t^2)^2] = dv / (1 + t^2)^2 - 4 t v dt / (1 + t^2)^3;
// atan2(m, c): d theta = (c dm - m dc) / (m^2 + c^2), m = |n|: d m = n . dn / m,
// n = d_in x d_out: d d_in += d_out x dn, d d_out += dn x d_in; c = d_in . d_out.
// At theta_space = 0 exactly (|n| = 0, a measure-zero kink) the space-angle gradient is 0.
template <typename T>
DETGRAD_HDI void scattering_angles_adjoint(const TrackFit<T>& in, const TrackFit<T>& out,
                                           const ScatteringAngles<T>& d_a, TrackFit<T>& d_in,
                                           TrackFit<T>& d_out) {
  const T gxi = T(1) + in.tx * in.tx, gxo = T(1) + out.tx * out.tx;
  const T gyi = T(1) + in.ty * in.ty, gyo = T(1) + out.ty * out.ty;
  d_out.tx += d_a.theta_x / gxo - T(4) * out.tx * out.cov_x11 * d_a.var_theta_x / (gxo * gxo * gxo);
  d_in.tx += -d_a.theta_x / gxi - T(4) * in.tx * in.cov_x11 * d_a.var_theta_x / (gxi * gxi * gxi);
  d_out.ty += d_a.theta_y / gyo - T(4) * out.ty * out.cov_y11 * d_a.var_theta_y / (gyo * gyo * gyo);
  d_in.ty += -d_a.theta_y / gyi - T(4) * in.ty * in.cov_y11 * d_a.var_theta_y / (gyi * gyi * gyi);
  d_out.cov_x11 += d_a.var_theta_x / (gxo * gxo);
  d_in.cov_x11 += d_a.var_theta_x / (gxi * gxi);
  d_out.cov_y11 += d_a.var_theta_y / (gyo * gyo);
  d_in.cov_y11 += d_a.var_theta_y / (gyi * gyi);

  const Vec3<T> d1{in.tx, in.ty, T(1)}, d2{out.tx, out.ty, T(1)};
  const Vec3<T> n = cross(d1, d2);
  const T m = norm(n), c = dot(d1, d2);
  if (!(m > T(0))) return;
  const T inv = d_a.theta_space / (m * m + c * c);
  const T d_m = inv * c, d_c = -inv * m;
  const Vec3<T> d_n = (d_m / m) * n;
  const Vec3<T> g1 = cross(d2, d_n) + d_c * d2, g2 = cross(d_n, d1) + d_c * d1;
  d_in.tx += g1.x;
  d_in.ty += g1.y;
  d_out.tx += g2.x;
  d_out.ty += g2.y;
}

}  // namespace detgrad::tomography
