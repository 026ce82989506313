#pragma once
// The particle-level mode's pass on the CPU executor (OpenMP): every ground particle of
// showers [first, first + count) of `step` drawn and counted per tank and species
// (include/detgrad/swgo/particle_counts.hpp, one shower per loop iteration, a team of one).
// The counts are integers added with atomic increments: the same whatever the number of
// threads or the order of the showers.
#include <cstdint>
#include <vector>

#include "detgrad/swgo/particle_counts.hpp"

namespace detgrad::swgo {

struct ParticleCounts {
  int tanks = 0;
  std::vector<std::uint64_t> counts;  // counts[species * tanks + tank]
  ParticleTally totals;               // over all showers

  std::uint64_t count(Species species, int tank) const { return counts[std::size_t(int(species) * tanks + tank)]; }
};

ParticleCounts count_particles(const ParticleSetup<double, ShowerSource<double>>& setup, std::uint32_t step,
                               std::uint64_t first, std::uint64_t count);
ParticleCounts count_particles(const ParticleSetup<double, FixedShower<double>>& setup, std::uint32_t step,
                               std::uint64_t first, std::uint64_t count);

}  // namespace detgrad::swgo
