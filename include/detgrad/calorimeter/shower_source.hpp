#pragma once
// The primary particle of a shower (per shower, host and device): a beam along +z, tilted by
// `angle_rad` in the x-z plane, from a Gaussian spot of rms `spot_m` in x and y at z = 0
// (the stack's front face, slab 0), at a fixed energy or one drawn from a spectrum. Random
// numbers: stream `source`, event = shower index.
#include <cmath>
#include <cstdint>

#include "detgrad/calorimeter/shower_particle.hpp"
#include "detgrad/core/random.hpp"

namespace detgrad::calorimeter {

// The beam's kinetic energy: fixed, or drawn per shower from a spectrum between
// kinetic_GeV and max_GeV: uniform, or a power law dN/dE ~ E^-index.
enum class SpectrumShape : int { fixed = 0, uniform = 1, power_law = 2 };

template <typename T>
struct BeamSource {
  ParticleType type;
  T kinetic_GeV;  // the fixed energy, or the spectrum's lower end
  T angle_rad;
  T spot_m;
  SpectrumShape spectrum = SpectrumShape::fixed;
  T max_GeV = T(0);  // the spectrum's upper end
  T index = T(0);    // the power law's index
};

// The same beam in another precision.
template <typename U, typename T>
DETGRAD_HD BeamSource<U> convert_beam(const BeamSource<T>& b) {
  return BeamSource<U>{b.type, U(b.kinetic_GeV), U(b.angle_rad), U(b.spot_m), b.spectrum, U(b.max_GeV), U(b.index)};
}

// The energy at uniform draw u in (0, 1) (inverse of the spectrum's cumulative distribution):
// uniform E = a + u (b - a); power law E = (a^(1-g) + u (b^(1-g) - a^(1-g)))^(1/(1-g)),
// g = 1: E = a (b / a)^u.
template <typename T>
DETGRAD_HD T spectrum_energy(const BeamSource<T>& beam, T u) {
  const T a = beam.kinetic_GeV, b = beam.max_GeV;
  if (beam.spectrum == SpectrumShape::uniform) return a + u * (b - a);
  const T g1 = T(1) - beam.index;
  if (std::fabs(g1) < T(1e-6)) return a * std::exp(u * std::log(b / a));
  const T lo = std::pow(a, g1), hi = std::pow(b, g1);
  const T e = std::pow(lo + u * (hi - lo), T(1) / g1);
  return e < a ? a : e > b ? b : e;  // rounding kept inside the range
}

template <typename T>
DETGRAD_HD ShowerParticle<T> make_primary(const BeamSource<T>& beam, std::uint64_t seed, std::uint32_t step,
                                          std::uint64_t shower) {
  EventRandom rng(seed, step, RandomStream::source, shower);
  T x = T(0), y = T(0);
  if (beam.spot_m > T(0)) {
    rng.normal_pair(x, y);
    x *= beam.spot_m;
    y *= beam.spot_m;
  }
  // Drawn after the spot: a fixed-energy beam's showers start where they did before.
  const T energy = beam.spectrum == SpectrumShape::fixed ? beam.kinetic_GeV : spectrum_energy(beam, rng.uniform<T>());
  const Vec3<T> d{std::sin(beam.angle_rad), T(0), std::cos(beam.angle_rad)};
  return ShowerParticle<T>{Vec3<T>{x, y, T(0)}, d, energy, 0, 0u, beam.type, T(0)};
}

}  // namespace detgrad::calorimeter
