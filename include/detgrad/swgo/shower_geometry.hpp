#pragma once
// Where a unit sits relative to a shower (docs/swgo.md): with the core (x0, y0) and the axis
// direction (theta, phi),
//   dx = xd - x0, dy = yd - y0, t = sin(theta) (cos(phi) dx + sin(phi) dy)
//   R  = sqrt(dx^2 + dy^2 - t^2), clamped at R >= 2 m (distance in the shower plane)
//   T  = t / c (plane-front arrival time relative to the core's, ns).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/constants.hpp"
#include "detgrad/swgo/species.hpp"

namespace detgrad::swgo {

template <typename T>
struct ShowerAxis {
  T x0, y0;          // core, m
  T sin_theta, cos_theta;
  T cos_phi, sin_phi;
};

template <typename T>
DETGRAD_HDI ShowerAxis<T> make_shower_axis(T x0, T y0, T theta, T phi) {
  return {x0, y0, std::sin(theta), std::cos(theta), std::cos(phi), std::sin(phi)};
}

template <typename T>
struct UnitPlace {
  T R;         // shower-plane distance, clamped, m
  T t;         // projection on the axis' ground direction times sin(theta), m
  bool clamped;
};

template <typename T>
DETGRAD_HDI UnitPlace<T> unit_place(const ShowerAxis<T>& a, T xd, T yd) {
  const T dx = xd - a.x0, dy = yd - a.y0;
  const T t = a.sin_theta * (a.cos_phi * dx + a.sin_phi * dy);
  const T r2 = dx * dx + dy * dy - t * t;
  const T r = std::sqrt(r2 > T(0) ? r2 : T(0));
  const bool clamped = r < T(kMinDistance_m);
  return {clamped ? T(kMinDistance_m) : r, t, clamped};
}

// d R / d xd = (dx - t s cos(phi)) / R, d R / d yd = (dy - t s sin(phi)) / R (zero where
// clamped); d t / d xd = s cos(phi), d t / d yd = s sin(phi).
template <typename T>
DETGRAD_HDI void unit_place_adjoint(const ShowerAxis<T>& a, T xd, T yd, const UnitPlace<T>& place, T d_R, T d_t,
                                    T& d_xd, T& d_yd) {
  const T dx = xd - a.x0, dy = yd - a.y0;
  const T sc = a.sin_theta * a.cos_phi, ss = a.sin_theta * a.sin_phi;
  if (!place.clamped) {
    d_xd += d_R * (dx - place.t * sc) / place.R;
    d_yd += d_R * (dy - place.t * ss) / place.R;
  }
  d_xd += d_t * sc;
  d_yd += d_t * ss;
}

// Plane-front arrival time, ns.
template <typename T>
DETGRAD_HDI T plane_front_time(const UnitPlace<T>& place) {
  return place.t / T(kLightSpeed_m_per_ns);
}
template <typename T>
DETGRAD_HDI void plane_front_time_adjoint(T d_time, T& d_t) {
  d_t += d_time / T(kLightSpeed_m_per_ns);
}

// Expected background particles in the integration window for a unit of area A (m^2).
template <typename T>
DETGRAD_HDI T background_count(Species species, T area_m2) {
  return area_m2 * T(kWindow_ns) * T(species == Species::muon ? kMuonBackground_per_m2_ns : kElectronBackground_per_m2_ns);
}

}  // namespace detgrad::swgo
