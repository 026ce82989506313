#pragma once
// Entry points of the particle-level mode's CUDA launchers (kernels/swgo_particles.cu): a
// warp of 32 lanes per shower over include/detgrad/swgo/particle_counts.hpp, in float. In a
// build without CUDA they throw BackendError (swgo_cuda_unavailable.cpp).
// Adds the particles of showers [first, first + count) of `step` into counts[species * tanks
// + tank] and their tallies into tally[0 .. 4) = (drawn e/gamma, drawn muons, e/gamma in
// tanks, muons in tanks) (device memory; integer atomics, so the sums do not depend on the
// order).
#include <cstdint>

#include "detgrad/swgo/particle_counts.hpp"

namespace detgrad::swgo {

constexpr int kParticleTallies = 2 * kSpecies;

void cuda_count_particles(const ParticleSetup<float, ShowerSource<float>>& setup, std::uint32_t step,
                          std::uint64_t first, std::uint64_t count, unsigned long long* counts,
                          unsigned long long* tally);
void cuda_count_particles(const ParticleSetup<float, FixedShower<float>>& setup, std::uint32_t step,
                          std::uint64_t first, std::uint64_t count, unsigned long long* counts,
                          unsigned long long* tally);

}  // namespace detgrad::swgo
