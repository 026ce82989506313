#pragma once
// The particle-level mode's pass on the CUDA executor, in float (host side of
// kernels/swgo_particles.cu): the same showers, sequences and counts as particle_pass.hpp
// (up to float rounding, which may move a particle across a tank's edge or change a Gamma
// draw's acceptance). Runs on the current device only (no split over MPI ranks).
#include <cstdint>

#include "swgo/particle_pass.hpp"

namespace detgrad::swgo {

ParticleCounts count_particles_cuda(const ParticleSetup<double, ShowerSource<double>>& setup, std::uint32_t step,
                                    std::uint64_t first, std::uint64_t count);
ParticleCounts count_particles_cuda(const ParticleSetup<double, FixedShower<double>>& setup, std::uint32_t step,
                                    std::uint64_t first, std::uint64_t count);

}  // namespace detgrad::swgo
