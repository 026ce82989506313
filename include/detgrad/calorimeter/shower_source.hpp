#pragma once
// The primary particle of a shower (per shower, host and device): a beam along +z, tilted by
// `angle_rad` in the x-z plane, from a Gaussian spot of rms `spot_m` in x and y at z = 0
// (the stack's front face, slab 0). Random numbers: stream `source`, event = shower index.
#include <cmath>
#include <cstdint>

#include "detgrad/calorimeter/shower_particle.hpp"
#include "detgrad/core/random.hpp"

namespace detgrad::calorimeter {

template <typename T>
struct BeamSource {
  ParticleType type;
  T kinetic_GeV;
  T angle_rad;
  T spot_m;
};

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
  const Vec3<T> d{std::sin(beam.angle_rad), T(0), std::cos(beam.angle_rad)};
  return ShowerParticle<T>{Vec3<T>{x, y, T(0)}, d, beam.kinetic_GeV, 0, 0u, beam.type};
}

}  // namespace detgrad::calorimeter
