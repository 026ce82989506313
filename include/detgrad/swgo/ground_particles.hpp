#pragma once
// Particle-level mode (docs/swgo.md): the individual particles of a shower at the ground,
// drawn from the lateral densities, counted in the tank circles they fall in. It checks the
// expected-count mode (the expectation of a tank's count is the integral of rho cos(theta)
// over its area) and carries the large benchmarks.
//
// In the shower plane the density rho(R) = a exp(-k R^p2) (a = p0, k = p1 for e/gamma;
// a = 0.02 p0, k = 1 for muons) makes v = k R^p2 of a particle Gamma(2 / p2) distributed, and
// the plane holds N = 2 pi a Gamma(2 / p2) / (p2 k^(2 / p2)) particles. The clamp at 2 m is a
// Poisson process of its own: particles of the profile inside 2 m are dropped (thinning) and
// Poisson(4 pi rho(2)) particles are spread uniformly over the 2 m disc. A shower-plane point
// (u', w) (u' along the axis' ground direction) lies on the ground at u = u' / cos(theta), w:
// ground density rho cos(theta).
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/swgo/counting.hpp"
#include "detgrad/swgo/unit_response.hpp"

namespace detgrad::swgo {

template <typename T>
struct DensityProfile {
  T amplitude, slope, power;  // a, k, p2
};

template <typename T>
DETGRAD_HDI DensityProfile<T> density_profile(Species species, const LdfParams<T>& p) {
  return species == Species::electron ? DensityProfile<T>{p.p0, p.p1, p.p2}
                                      : DensityProfile<T>{T(kMuonDensityScale) * p.p0, T(1), p.p2};
}

// Particles of the unclamped profile over the whole shower plane.
template <typename T>
DETGRAD_HDI T profile_particles(const DensityProfile<T>& d) {
  const T shape = T(2) / d.power;
  return T(6.283185307179586) * d.amplitude * std::exp(std::lgamma(shape)) / (d.power * std::pow(d.slope, shape));
}

// The ground offset (dx, dy) from the core of the shower-plane point at distance R and
// azimuth `turn` (in turns) from the axis: (u', w) = R (cos, sin)(2 pi turn), u = u' / cos(theta)
// along the axis' ground direction phi.
template <typename T>
DETGRAD_HDI void ground_offset(const ShowerAxis<T>& axis, T inv_cos, T R, T turn, T& dx, T& dy) {
  T sn, cs;
  sincos_turns(turn, sn, cs);
  const T u = R * cs * inv_cos, w = R * sn;
  dx = axis.cos_phi * u - axis.sin_phi * w;
  dy = axis.sin_phi * u + axis.cos_phi * w;
}

// The shower-plane distance of a particle of the unclamped profile: (v / k)^(1 / p2) with
// v ~ Gamma(2 / p2).
template <typename T, class Rng>
DETGRAD_HDI T profile_distance(const DensityProfile<T>& d, T shape, T inv_power, Rng& rng) {
  return std::pow(gamma_draw(rng, shape) / d.slope, inv_power);
}

// Mean number of particles of the 2 m clamp's disc: pi (2 m)^2 rho(2 m).
template <typename T>
DETGRAD_HDI T clamp_disc_particles(const DensityProfile<T>& d) {
  const T Rmin = T(kMinDistance_m);
  const T rho_min = d.amplitude * std::exp(-d.slope * std::pow(Rmin, d.power));
  return T(3.141592653589793) * Rmin * Rmin * rho_min;
}

// The distance of a particle spread uniformly over the 2 m disc.
template <typename T, class Rng>
DETGRAD_HDI T clamp_disc_distance(Rng& rng) {
  return T(kMinDistance_m) * std::sqrt(rng.template uniform<T>());
}

// Calls visit(dx, dy) with the ground position (relative to the core) of every particle of
// one species of one shower, drawn in this order: the profile's count, then per particle its
// distance and azimuth, then the 2 m disc's count, then per disc particle its distance and
// azimuth (particle_counts.hpp draws the same sequence with a team of lanes). Returns the
// number of particles visited.
template <typename T, class Rng, class Visit>
DETGRAD_HD std::uint64_t draw_ground_particles(const ShowerImage<T>& s, Species species, Rng& rng, Visit&& visit) {
  const DensityProfile<T> d = density_profile(species, s.ldf[int(species)]);
  const T shape = T(2) / d.power, inv_power = T(1) / d.power;
  const T Rmin = T(kMinDistance_m);
  const T inv_cos = T(1) / s.axis.cos_theta;
  std::uint64_t drawn = 0;
  const auto emit = [&](T R, T turn) {
    T dx, dy;
    ground_offset(s.axis, inv_cos, R, turn, dx, dy);
    visit(dx, dy);
    ++drawn;
  };
  const std::uint32_t n = poisson_draw(rng, profile_particles(d));
  for (std::uint32_t i = 0; i < n; ++i) {
    const T R = profile_distance(d, shape, inv_power, rng);
    const T turn = rng.template uniform<T>();
    if (R >= Rmin) emit(R, turn);
  }
  const std::uint32_t inner = poisson_draw(rng, clamp_disc_particles(d));
  for (std::uint32_t i = 0; i < inner; ++i) {
    const T R = clamp_disc_distance<T>(rng);
    emit(R, rng.template uniform<T>());
  }
  return drawn;
}

}  // namespace detgrad::swgo
