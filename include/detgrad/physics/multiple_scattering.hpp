#pragma once
// Multiple Coulomb scattering: the Highland width and the PDG joint Gaussian of
// displacement and angle (PDG Review of Particle Physics, "Passage of particles through
// matter", eqs. 34.15-34.20; see ../shared/REFERENCES.md).
//
// The log term of Highland's formula belongs to the whole thickness, so a stepping
// transport must not add per-step widths in quadrature. Instead each step adds the
// increment of the whole-run variance, theta0(s + ds)^2 - theta0(s)^2, where s is the path
// already travelled in the current material: the total width after a run of any number of
// steps equals the single-step width of the run.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/units.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad {

// Highland's thickness factor g(u) = u (1 + 0.038 ln(u / beta^2))^2 for u = x/X0 (z = 1),
// so that theta0^2 = (13.6 MeV / (beta c p))^2 g(x/X0). The bracket is clamped at zero:
// it only turns negative for u < 5e-12 beta^2, far below any physical step.
template <typename T>
DETGRAD_HDI T highland_thickness_factor(T thickness_over_x0, T beta) {
  if (thickness_over_x0 <= T(0)) return T(0);
  T bracket = T(1) + T(units::kHighlandLogCoefficient) * std::log(thickness_over_x0 / (beta * beta));
  bracket = bracket > T(0) ? bracket : T(0);
  return thickness_over_x0 * bracket * bracket;
}

// theta0: rms projected scattering angle (rad) after a path x (m) through radiation
// length x0 (m), for a unit-charge particle of momentum p (GeV/c) and velocity beta.
template <typename T>
DETGRAD_HDI T highland_theta0(T momentum_GeV, T beta, T path_m, T radiation_length_m) {
  const T scale = T(units::kHighlandScale_GeV) / (beta * momentum_GeV);
  return scale * std::sqrt(highland_thickness_factor(path_m / radiation_length_m, beta));
}

// Variance (rad^2) that a step of length ds adds to the projected angle, after a path s
// already travelled in the same material: theta0(s + ds)^2 - theta0(s)^2 at the step's
// momentum. Never negative.
template <typename T>
DETGRAD_HDI T highland_variance_increment(T momentum_GeV, T beta, T path_before_m, T step_m,
                                          T radiation_length_m) {
  const T scale = T(units::kHighlandScale_GeV) / (beta * momentum_GeV);
  const T inv_x0 = T(1) / radiation_length_m;
  const T g_after = highland_thickness_factor((path_before_m + step_m) * inv_x0, beta);
  const T g_before = highland_thickness_factor(path_before_m * inv_x0, beta);
  const T increment = scale * scale * (g_after - g_before);
  return increment > T(0) ? increment : T(0);
}

// One projection of the PDG joint Gaussian over a step of length L with angular rms
// theta (z1, z2 independent standard normals):
//   displacement = z1 L theta / sqrt(12) + z2 L theta / 2,   angle = z2 theta,
// so rms(displacement) = L theta / sqrt(3) and corr(displacement, angle) = sqrt(3) / 2.
template <typename T>
struct ProjectedKick {
  T displacement_m;
  T angle_rad;
};

template <typename T>
DETGRAD_HDI ProjectedKick<T> joint_gaussian_kick(T step_m, T theta_rad, T z1, T z2) {
  const T inv_sqrt12 = T(0.28867513459481287);
  return {step_m * theta_rad * (z1 * inv_sqrt12 + T(0.5) * z2), z2 * theta_rad};
}

// Two unit vectors perpendicular to the unit direction d and to each other: the axes of
// the two independent scattering projections.
template <typename T>
DETGRAD_HDI void perpendicular_axes(Vec3<T> d, Vec3<T>& e1, Vec3<T>& e2) {
  const Vec3<T> helper = (std::fabs(d.x) < T(0.9)) ? Vec3<T>{T(1), T(0), T(0)} : Vec3<T>{T(0), T(1), T(0)};
  e1 = normalized(cross(helper, d));
  e2 = cross(d, e1);
}

// Moves a particle a straight step L along its unit direction d and applies the
// scattering of variance `variance_rad2` per projection: position and direction updated.
template <typename T>
DETGRAD_HDI void scatter_step(Vec3<T>& position, Vec3<T>& direction, T step_m, T variance_rad2,
                              EventRandom& rng) {
  position += step_m * direction;
  if (variance_rad2 <= T(0)) return;
  const T theta = std::sqrt(variance_rad2);
  T a1, a2, b1, b2;
  rng.normal_pair(a1, a2);
  rng.normal_pair(b1, b2);
  const ProjectedKick<T> k1 = joint_gaussian_kick(step_m, theta, a1, a2);
  const ProjectedKick<T> k2 = joint_gaussian_kick(step_m, theta, b1, b2);
  Vec3<T> e1, e2;
  perpendicular_axes(direction, e1, e2);
  position += k1.displacement_m * e1 + k2.displacement_m * e2;
  // Angles are projected angles: tan adds in the plane of each axis.
  direction = normalized(direction + std::tan(k1.angle_rad) * e1 + std::tan(k2.angle_rad) * e2);
}

}  // namespace detgrad
