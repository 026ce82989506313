#pragma once
// Transport of the three particles of an event through the station, and their hits.
//
// Multiple scattering uses the engine's Highland code (physics/multiple_scattering.hpp):
// each material run (the target up to the vertex, the target after it, one module) is a
// slab of its own, with Highland's log term of the whole run and the PDG joint Gaussian of
// displacement and angle per projection (x and y). The path is the slab's thickness along
// z times sqrt(1 + tx^2 + ty^2); a projected kick theta adds to the slope's angle exactly,
// tx' = tan(atan(tx) + theta) = (tx + tan theta) / (1 - tx tan theta).
// Every layer draws its four normals whatever its thickness, so the draws of one layer do
// not depend on another's (the `transport` stream: the incoming muon's layers, then the
// outgoing muon's and the electron's, alternating, in flight order).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/small_argument.hpp"
#include "detgrad/physics/multiple_scattering.hpp"
#include "detgrad/muone/event_generator.hpp"
#include "detgrad/muone/station.hpp"

namespace detgrad::muone {

// X0 of silicon, m (PDG Atomic and Nuclear Properties: 9.370 cm).
constexpr double kSiliconX0_m = 0.0937;

template <typename T>
DETGRAD_HDI T add_angle_to_slope(T slope, T angle) {
  const T t = tan_small(angle);
  return (slope + t) / (T(1) - slope * t);
}

// Crosses a slab of thickness `dz` (m, along z) and radiation length x0 (m), starting at the
// state's z: the state ends at z + dz, scattered.
template <typename T>
DETGRAD_HDI void scatter_slab(TrackState<T>& s, T dz, T x0, EventRandom& rng) {
  T a1, a2, b1, b2;
  rng.normal_pair(a1, a2);
  rng.normal_pair(b1, b2);
  const T path = dz * std::sqrt(T(1) + s.tx * s.tx + s.ty * s.ty);
  const T theta0 = path > T(0) ? highland_theta0(s.momentum, s.beta, path, x0) : T(0);
  const ProjectedKick<T> kx = joint_gaussian_kick(dz, theta0, a1, a2);
  const ProjectedKick<T> ky = joint_gaussian_kick(dz, theta0, b1, b2);
  s.x += s.tx * dz + kx.displacement_m;
  s.y += s.ty * dz + ky.displacement_m;
  s.z_at += dz;
  s.tx = add_angle_to_slope(s.tx, kx.angle_rad);
  s.ty = add_angle_to_slope(s.ty, ky.angle_rad);
}

// A module's material: a thin slab of x/X0 = thickness_x0 at normal incidence, centred at
// the module's z (the track is moved to z - half, scattered over the slab, moved back to z
// along its new slope, so that the hit at z sees the kick's displacement at half depth).
template <typename T>
DETGRAD_HDI void scatter_module(TrackState<T>& s, const ModuleFixed& m, T z, EventRandom& rng) {
  const T dz = T(m.thickness_x0) * T(kSiliconX0_m);
  drift_to(s, z - T(0.5) * dz);
  scatter_slab(s, dz, T(kSiliconX0_m), rng);
  drift_to(s, z);
}

// One hit: the measured coordinate (u + sigma n), whether the module fired (efficiency and
// active area), and the true coordinates in the module's frame.
template <typename T>
struct ModuleHit {
  T u_true, v_true;  // u along the measured direction, v across it, m
  T u_measured;
  bool present;
};

template <typename T>
DETGRAD_HDI ModuleHit<T> measure(const TrackState<T>& s, const ModuleFixed& m, const ModuleDesign<T>& d,
                                 EventRandom& detector_rng) {
  ModuleHit<T> h;
  const T c = T(m.cos_view), sn = T(m.sin_view);
  h.u_true = s.x * c + s.y * sn;
  h.v_true = -s.x * sn + s.y * c;
  const T fired = detector_rng.uniform<T>();
  const T n = detector_rng.normal<T>();
  h.u_measured = h.u_true + d.sigma * n;
  const T half = T(m.half_size);
  h.present = fired < T(m.efficiency) && std::fabs(h.u_true - d.offset) < half && std::fabs(h.v_true) < half;
  return h;
}

}  // namespace detgrad::muone
