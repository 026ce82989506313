#pragma once
// A particle of an electromagnetic shower and the fixed-capacity stack of the particles a
// shower has still to transport (per particle, host and device).
//
// The stack's depth is bounded whatever the energy. Every interaction gives at most two
// particles above the cuts whose "available energies" (kinetic for e-, mu and photons,
// kinetic + 2 m_e for e+) add up to at most the parent's; the larger one is pushed and the
// smaller one is followed at once. So the particle followed after the j-th push from the
// bottom has at most 1/2 of the energy of the one followed before it, and a push needs two
// particles of available energy at least c = min(electron cut, photon cut, m_e) (a positron
// is always kept: its available energy is at least 2 m_e; its annihilation photons have
// m_e each): the j-th entry exists only if E0 / 2^(j-1) >= 2 c, and
//   depth <= floor(log2(E0 / c)),
// 33 for 100 TeV and a 10 keV cut (tests/calorimeter/particle_stack_test.cpp).
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad::calorimeter {

enum class ParticleType : int { electron = 0, positron = 1, photon = 2, muon = 3 };

template <typename T>
struct ShowerParticle {
  Vec3<T> position;   // m
  Vec3<T> direction;  // unit
  T energy;           // kinetic energy, GeV (a photon's energy)
  int slab;           // index of the slab it is in
  std::uint32_t serial;  // its number in the shower (keys its random numbers)
  ParticleType type;
  T time;             // ns since the primary entered the stack's front face
};

constexpr int kShowerStackCapacity = 40;  // > 33, the bound for the tables' top energy and lowest cut

template <typename T>
struct ParticleStack {
  ShowerParticle<T> items[kShowerStackCapacity];
  int size = 0;
  int max_size = 0;
  DETGRAD_HD bool push(const ShowerParticle<T>& p) {
    if (size == kShowerStackCapacity) return false;
    items[size++] = p;
    if (size > max_size) max_size = size;
    return true;
  }
  DETGRAD_HD ShowerParticle<T> pop() { return items[--size]; }
};

// floor(log2(E0 / c)): the bound on the depth proven above.
inline int stack_depth_bound(double available_energy, double lowest_cut) {
  int n = 0;
  while (available_energy >= 2.0 * lowest_cut) {
    available_energy *= 0.5;
    ++n;
  }
  return n;
}

}  // namespace detgrad::calorimeter
