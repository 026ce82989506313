#pragma once
// Multiple Coulomb scattering: the Highland width and the PDG joint Gaussian of
// displacement and angle (PDG Review of Particle Physics, "Passage of particles through
// matter", eqs. 34.15-34.20; see docs/references.md).
//
// The log term of Highland's formula belongs to the whole thickness of a material, so a
// stepping transport must not add per-step widths in quadrature (that underestimates the
// width by ~8 % for 10 x 1 cm of iron). detgrad computes the log term once per run of one
// material, from the run's length L (found by looking ahead along the track when the run
// starts), and spreads the run's variance uniformly along it: each step ds adds
//     (13.6 MeV / (beta c p))^2 (ds / X0) (1 + 0.038 ln(L / (X0 beta^2)))^2,
// so that after the run the width is Highland's for the whole thickness, whatever the
// steps, and the displacement-angle correlation is the PDG joint Gaussian's sqrt(3)/2.
// (Adding the increments theta0(s + ds)^2 - theta0(s)^2 instead also keeps the final width,
// but puts less variance at the start of the run, where ln(s/X0) is small, and biases the
// displacement low by ~3.5 % for 1 mm steps.)
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/small_argument.hpp"
#include "detgrad/core/units.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad {

// Highland's log factor of a run of thickness u = x/X0 (z = 1):
//   f(u) = (1 + 0.038 ln(u / beta^2))^2,  theta0^2 = (13.6 MeV / (beta c p))^2 u f(u).
// The bracket is clamped at zero: it only turns negative for u < 5e-12 beta^2, far below
// any physical run.
template <typename T>
DETGRAD_HDI T highland_log_factor(T thickness_over_x0, T beta) {
  if (thickness_over_x0 <= T(0)) return T(0);
  T bracket = T(1) + T(units::kHighlandLogCoefficient) * std::log(thickness_over_x0 / (beta * beta));
  bracket = bracket > T(0) ? bracket : T(0);
  return bracket * bracket;
}

// theta0: rms projected scattering angle (rad) after a path x (m) through radiation
// length x0 (m), for a unit-charge particle of momentum p (GeV/c) and velocity beta.
template <typename T>
DETGRAD_HDI T highland_theta0(T momentum_GeV, T beta, T path_m, T radiation_length_m) {
  const T scale = T(units::kHighlandScale_GeV) / (beta * momentum_GeV);
  const T u = path_m / radiation_length_m;
  return scale * std::sqrt(u * highland_log_factor(u, beta));
}

// Variance (rad^2) of the projected angle that a step of length ds adds inside a run whose
// log factor is `run_log_factor` (highland_log_factor of the whole run), for a particle
// whose beta p (GeV/c) goes from beta_momentum_start to beta_momentum_end along the step:
//   (13.6 MeV)^2 / (beta0 p0 beta1 p1) (ds / X0) f_run.
template <typename T>
DETGRAD_HDI T highland_step_variance(T beta_momentum_start, T beta_momentum_end, T step_m, T radiation_length_m,
                                     T run_log_factor) {
  const T scale2 = T(units::kHighlandScale_GeV * units::kHighlandScale_GeV) / (beta_momentum_start * beta_momentum_end);
  return scale2 * (step_m / radiation_length_m) * run_log_factor;
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
  // Angles are projected angles: tan adds in the plane of each axis. With e1, e2 unit and
  // perpendicular to the unit direction, |d + t1 e1 + t2 e2|^2 = 1 + t1^2 + t2^2.
  const T t1 = tan_small(k1.angle_rad), t2 = tan_small(k2.angle_rad);
  direction = rsqrt1p_small(t1 * t1 + t2 * t2) * (direction + t1 * e1 + t2 * e2);
}

}  // namespace detgrad
