#pragma once
// The true (misaligned) geometry of a MUonE station and what a module measures in it, with
// the measurement's derivatives by hand (implicit differentiation of the surface crossing).
//
// A module's nominal frame: centre (0, 0, z), axes e_u0 = (cos phi, sin phi, 0) (the measured
// direction), e_v0 = (-sin phi, cos phi, 0) (along the strips) and n0 = (0, 0, 1). Its
// alignment moves the centre by du e_u0 + dv e_v0 + dz z^ and turns the axes by
//   R = R_view Rz(rot_z) Rx(tilt_u) Ry(tilt_v)
// (rot_z about the normal, tilt_u about the measured direction, tilt_v about the strips; Rx,
// Ry, Rz right-handed rotations of the module's own axes); e_u, e_v, n are R's columns. The
// sensor is bowed: its surface is the points C + a e_u + b e_v + w n with
//   w = bow (a^2 + b^2) / h^2,   h the half side of the active square,
// so `bow` is the sagitta at distance h from the centre, along the normal (m). A track
// crossing the surface at local (a, b) measures a.
//
// The target's mid-plane is z = z_target + dz + tilt_x x + tilt_y y.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/muone/station.hpp"

namespace detgrad::muone {

// The module parameters in the order of the alignment fit's globals; dv (along the strips)
// is simulated but not fitted: a module's measurement does not depend on it at first order.
enum ModuleParameter : int { kDu = 0, kDz = 1, kRotZ = 2, kTiltU = 3, kTiltV = 4, kBow = 5, kDv = 6 };
constexpr int kFittedModuleParameters = 6;
enum TargetParameter : int { kTargetDz = 0, kTargetTiltX = 1, kTargetTiltY = 2 };
constexpr int kTargetParameters = 3;

template <typename T>
struct ModuleAlignment {
  T du, dv, dz;           // m
  T rot_z, tilt_u, tilt_v;  // rad
  T bow;                  // m, sagitta at the half side
};

template <typename T>
struct TargetAlignment {
  T dz;              // m
  T tilt_x, tilt_y;  // dz/dx, dz/dy of the mid-plane
};

template <typename T>
struct StationAlignment {
  ModuleAlignment<T> module[kMaxModules];
  TargetAlignment<T> target;
};

// Parameter p (kDu, kDz, ...) of a module's alignment, by reference (const for a const module).
template <typename Module>
DETGRAD_HDI auto& module_parameter_ref(Module& m, int p) {
  switch (p) {
    case kDu: return m.du;
    case kDz: return m.dz;
    case kRotZ: return m.rot_z;
    case kTiltU: return m.tilt_u;
    case kTiltV: return m.tilt_v;
    case kBow: return m.bow;
    default: return m.dv;
  }
}

template <typename T>
DETGRAD_HDI T module_parameter(const ModuleAlignment<T>& m, int p) {
  return module_parameter_ref(m, p);
}

template <typename T>
DETGRAD_HDI T dot3(const T* a, const T* b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// A module's surface in space.
template <typename T>
struct ModuleSurface {
  T c[3];            // centre
  T eu[3], ev[3], n[3];
  T k;               // bow / h^2, 1/m
};

// The derivative of a surface with respect to one of its parameters.
template <typename T>
struct SurfaceTangent {
  T dc[3], deu[3], dev[3], dn[3];
  T dk;
};

// 3x3 rotation matrices (row-major) and their derivatives in the angle.
template <typename T>
DETGRAD_HDI void rotation_about(int axis, T angle, bool derivative, T (&r)[3][3]) {
  const T c = derivative ? -std::sin(angle) : std::cos(angle);
  const T s = derivative ? std::cos(angle) : std::sin(angle);
  const T one = derivative ? T(0) : T(1);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) r[i][j] = T(0);
  const int a = (axis + 1) % 3, b = (axis + 2) % 3;
  r[axis][axis] = one;
  r[a][a] = c;
  r[a][b] = -s;
  r[b][a] = s;
  r[b][b] = c;
}

template <typename T>
DETGRAD_HDI void multiply3(const T (&a)[3][3], const T (&b)[3][3], T (&out)[3][3]) {
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) out[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
}

// R (or its derivative in rot_z, tilt_u or tilt_v when `which` is kRotZ, kTiltU, kTiltV).
template <typename T>
DETGRAD_HDI void module_rotation(const ModuleFixed& f, const ModuleAlignment<T>& a, int which, T (&r)[3][3]) {
  T view[3][3] = {{T(f.cos_view), -T(f.sin_view), T(0)}, {T(f.sin_view), T(f.cos_view), T(0)}, {T(0), T(0), T(1)}};
  T rz[3][3], rx[3][3], ry[3][3], t[3][3], u[3][3];
  rotation_about(2, a.rot_z, which == kRotZ, rz);
  rotation_about(0, a.tilt_u, which == kTiltU, rx);
  rotation_about(1, a.tilt_v, which == kTiltV, ry);
  multiply3(view, rz, t);
  multiply3(t, rx, u);
  multiply3(u, ry, r);
}

template <typename T>
DETGRAD_HDI ModuleSurface<T> module_surface(const ModuleFixed& f, T z_nominal, const ModuleAlignment<T>& a) {
  ModuleSurface<T> s;
  const T cu = T(f.cos_view), su = T(f.sin_view);
  s.c[0] = a.du * cu - a.dv * su;
  s.c[1] = a.du * su + a.dv * cu;
  s.c[2] = z_nominal + a.dz;
  T r[3][3];
  module_rotation(f, a, -1, r);
  for (int i = 0; i < 3; ++i) {
    s.eu[i] = r[i][0];
    s.ev[i] = r[i][1];
    s.n[i] = r[i][2];
  }
  const T h = T(f.half_size);
  s.k = a.bow / (h * h);
  return s;
}

// d(surface)/d(parameter p) (ModuleParameter).
template <typename T>
DETGRAD_HDI SurfaceTangent<T> module_surface_tangent(const ModuleFixed& f, const ModuleAlignment<T>& a, int p) {
  SurfaceTangent<T> d;
  for (int i = 0; i < 3; ++i) d.dc[i] = d.deu[i] = d.dev[i] = d.dn[i] = T(0);
  d.dk = T(0);
  const T cu = T(f.cos_view), su = T(f.sin_view);
  if (p == kDu) {
    d.dc[0] = cu;
    d.dc[1] = su;
  } else if (p == kDv) {
    d.dc[0] = -su;
    d.dc[1] = cu;
  } else if (p == kDz) {
    d.dc[2] = T(1);
  } else if (p == kBow) {
    const T h = T(f.half_size);
    d.dk = T(1) / (h * h);
  } else {
    T r[3][3];
    module_rotation(f, a, p, r);
    for (int i = 0; i < 3; ++i) {
      d.deu[i] = r[i][0];
      d.dev[i] = r[i][1];
      d.dn[i] = r[i][2];
    }
  }
  return d;
}

// A straight line P(t) = p0 + t d, d = (tx, ty, 1).
template <typename T>
struct Line3 {
  T p0[3];
  T d[3];
};

template <typename T>
DETGRAD_HDI Line3<T> line_through(T x, T y, T z, T tx, T ty) {
  return Line3<T>{{x, y, z}, {tx, ty, T(1)}};
}

// Where a line crosses a surface: the line's parameter t and the local (a, b, w).
template <typename T>
struct SurfaceCrossing {
  T t, a, b;
  T dF_dt;  // derivative of the surface equation along the line
};

// Three Newton steps on F(t) = w - k (a^2 + b^2) from the flat plane's crossing: the bow is
// micrometres over centimetres, so F is linear in t to 1e-6 and three steps reach rounding.
template <typename T>
DETGRAD_HDI SurfaceCrossing<T> cross_surface(const ModuleSurface<T>& s, const Line3<T>& l) {
  T q0[3];
  for (int i = 0; i < 3; ++i) q0[i] = l.p0[i] - s.c[i];
  const T nd = dot3(s.n, l.d), ud = dot3(s.eu, l.d), vd = dot3(s.ev, l.d);
  const T nq = dot3(s.n, q0), uq = dot3(s.eu, q0), vq = dot3(s.ev, q0);
  T t = -nq / nd;
  SurfaceCrossing<T> c;
  for (int it = 0; it < 3; ++it) {
    const T a = uq + t * ud, b = vq + t * vd, w = nq + t * nd;
    const T f = w - s.k * (a * a + b * b);
    const T df = nd - T(2) * s.k * (a * ud + b * vd);
    t -= f / df;
  }
  c.t = t;
  c.a = uq + t * ud;
  c.b = vq + t * vd;
  c.dF_dt = nd - T(2) * s.k * (c.a * ud + c.b * vd);
  return c;
}

// d a / d theta for a change of the line (dp0, dd) and of the surface (tangent) together:
//   a = e_u . q,  q = p0 - c + t d,  F(t; theta) = n . q - k (a^2 + b^2) = 0,
//   da = (de_u . q + e_u . dq|_t) + (e_u . d) dt,   dt = -dF|_t / (dF/dt).
template <typename T>
DETGRAD_HDI T crossing_derivative(const ModuleSurface<T>& s, const Line3<T>& l, const SurfaceCrossing<T>& c,
                                  const T* dp0, const T* dd, const SurfaceTangent<T>* tangent) {
  T q[3], dq[3];
  for (int i = 0; i < 3; ++i) {
    q[i] = l.p0[i] - s.c[i] + c.t * l.d[i];
    dq[i] = (dp0 ? dp0[i] : T(0)) + (dd ? c.t * dd[i] : T(0)) - (tangent ? tangent->dc[i] : T(0));
  }
  T da = dot3(s.eu, dq), db = dot3(s.ev, dq), dw = dot3(s.n, dq);
  T dk = T(0);
  if (tangent) {
    da += dot3(tangent->deu, q);
    db += dot3(tangent->dev, q);
    dw += dot3(tangent->dn, q);
    dk = tangent->dk;
  }
  const T dF = dw - T(2) * s.k * (c.a * da + c.b * db) - dk * (c.a * c.a + c.b * c.b);
  const T dt = -dF / c.dF_dt;
  return da + dot3(s.eu, l.d) * dt;
}

// The second derivative of a in the line's parameters, for two changes of the line
// (dp1, dd1) and (dp2, dd2) at a fixed surface (bilinear and symmetric). With
// F(q) = n.q - k ((e_u.q)^2 + (e_v.q)^2), N = grad F at the crossing, w_i = dp_i + t dd_i:
//   dt_i = -N.w_i / N.d,   dq_i = w_i + dt_i d,
//   d2t = [2k ((e_u.dq_1)(e_u.dq_2) + (e_v.dq_1)(e_v.dq_2)) - dt_1 N.dd_2 - dt_2 N.dd_1] / N.d,
//   d2a = dt_1 e_u.dd_2 + dt_2 e_u.dd_1 + d2t e_u.d
// (differentiating F(q0 + t d) = 0 and a = e_u.(q0 + t d) twice; q0 is linear in p0, d in
// (tx, ty)). For a flat module it reduces to -(N.w_1 g.dd_2 + N.w_2 g.dd_1) / N.d with
// g = e_u - (e_u.d / N.d) N.
template <typename T>
DETGRAD_HDI T crossing_second_derivative(const ModuleSurface<T>& s, const Line3<T>& l, const SurfaceCrossing<T>& c,
                                         const T* dp1, const T* dd1, const T* dp2, const T* dd2) {
  T grad[3], w1[3], w2[3], dd1v[3], dd2v[3];
  for (int i = 0; i < 3; ++i) {
    grad[i] = s.n[i] - T(2) * s.k * (c.a * s.eu[i] + c.b * s.ev[i]);
    dd1v[i] = dd1 ? dd1[i] : T(0);
    dd2v[i] = dd2 ? dd2[i] : T(0);
    w1[i] = (dp1 ? dp1[i] : T(0)) + c.t * dd1v[i];
    w2[i] = (dp2 ? dp2[i] : T(0)) + c.t * dd2v[i];
  }
  const T nd = dot3(grad, l.d);
  const T dt1 = -dot3(grad, w1) / nd, dt2 = -dot3(grad, w2) / nd;
  T dq1[3], dq2[3];
  for (int i = 0; i < 3; ++i) {
    dq1[i] = w1[i] + dt1 * l.d[i];
    dq2[i] = w2[i] + dt2 * l.d[i];
  }
  const T curvature = T(2) * s.k * (dot3(s.eu, dq1) * dot3(s.eu, dq2) + dot3(s.ev, dq1) * dot3(s.ev, dq2));
  const T d2t = (curvature - dt1 * dot3(grad, dd2v) - dt2 * dot3(grad, dd1v)) / nd;
  return dt1 * dot3(s.eu, dd2v) + dt2 * dot3(s.eu, dd1v) + d2t * dot3(s.eu, l.d);
}

// The mixed second derivative of a in a change of the line (dp, dd) and of the surface
// (tangent): with the first derivatives dt_1 (line) and dt_2 (surface, as in
// crossing_derivative), dq_1 = w_1 + dt_1 d, dq_2 = -dc + dt_2 d, and G = d(grad F)/d(surface)
// at a fixed point q,
//   G = dn - 2 dk (a e_u + b e_v) - 2k ((de_u.q) e_u + a de_u + (de_v.q) e_v + b de_v),
//   d2t = -[-2k ((e_u.dq_1)(e_u.dq_2) + (e_v.dq_1)(e_v.dq_2)) + G.dq_1 + dt_2 N.dd] / N.d,
//   d2a = e_u.(dt_2 dd + d2t d) + de_u.dq_1.
template <typename T>
DETGRAD_HDI T crossing_mixed_derivative(const ModuleSurface<T>& s, const Line3<T>& l, const SurfaceCrossing<T>& c,
                                        const T* dp, const T* dd, const SurfaceTangent<T>& tg) {
  T q[3], grad[3], ddv[3], w1[3];
  for (int i = 0; i < 3; ++i) {
    q[i] = l.p0[i] - s.c[i] + c.t * l.d[i];
    grad[i] = s.n[i] - T(2) * s.k * (c.a * s.eu[i] + c.b * s.ev[i]);
    ddv[i] = dd ? dd[i] : T(0);
    w1[i] = (dp ? dp[i] : T(0)) + c.t * ddv[i];
  }
  const T nd = dot3(grad, l.d);
  const T dt1 = -dot3(grad, w1) / nd;
  const T euq = dot3(tg.deu, q), evq = dot3(tg.dev, q);
  const T f_s = dot3(tg.dn, q) - tg.dk * (c.a * c.a + c.b * c.b) - T(2) * s.k * (c.a * euq + c.b * evq);
  const T dt2 = -(-dot3(grad, tg.dc) + f_s) / nd;
  T dq1[3], dq2[3], g[3];
  for (int i = 0; i < 3; ++i) {
    dq1[i] = w1[i] + dt1 * l.d[i];
    dq2[i] = -tg.dc[i] + dt2 * l.d[i];
    g[i] = tg.dn[i] - T(2) * tg.dk * (c.a * s.eu[i] + c.b * s.ev[i]) -
           T(2) * s.k * (euq * s.eu[i] + c.a * tg.deu[i] + evq * s.ev[i] + c.b * tg.dev[i]);
  }
  const T curvature = -T(2) * s.k * (dot3(s.eu, dq1) * dot3(s.eu, dq2) + dot3(s.ev, dq1) * dot3(s.ev, dq2));
  const T d2t = -(curvature + dot3(g, dq1) + dt2 * dot3(grad, ddv)) / nd;
  return dot3(s.eu, ddv) * dt2 + d2t * dot3(s.eu, l.d) + dot3(tg.deu, dq1);
}

// The target's mid-plane at (x, y).
template <typename T>
DETGRAD_HDI T target_mid_z(T z_nominal, const TargetAlignment<T>& a, T x, T y) {
  return z_nominal + a.dz + a.tilt_x * x + a.tilt_y * y;
}

}  // namespace detgrad::muone
