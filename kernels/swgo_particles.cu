// CUDA launcher of the SWGO particle-level mode (include/detgrad/swgo/particle_counts.hpp):
// a warp of 32 lanes per shower, over the same per-shower code as the CPU pass.
//
// Why a warp per shower: a shower holds from some 3e5 ground particles (0.1 PeV) to 2e7
// (10 PeV), all drawn from one random sequence (the draws of a particle start where the
// previous particle's ended). One thread per shower would leave a 10 PeV shower's 2e7
// particles on one thread and would need some 1e5 showers in flight to fill the device. The
// lanes of a warp instead draw 32 consecutive particles of the sequence at once
// (speculatively, see particle_counts.hpp: 30 of the 32 are kept on average) with the warp's
// ballot and shuffle only: no shared memory, no block barrier, and the counts stay those of
// the sequential draw. A block per shower would keep fewer of its lanes' particles a round
// (the first rejection among 128 lanes ends the round) and need block barriers. What this
// leaves: a shower's time is its particles / 30 rounds of one warp, so the largest shower of
// a launch bounds the launch, and a pass needs thousands of showers to fill the device.
// The grid-stride loop runs over (shower, lane) pairs: thread i is lane i % 32 of shower
// i / 32, and a whole warp always holds one shower (blocks of 128 threads, a multiple of 32).
// Tank counts are 64-bit integer atomics (a particle in a tank is one increment).
#include "grid_stride.cuh"
#include "swgo/particle_launchers.hpp"

namespace detgrad::swgo {
namespace {

constexpr unsigned kWarp = 32;
constexpr unsigned kAllLanes = 0xffffffffu;

struct WarpTeam {
  unsigned lane_;
  __device__ unsigned lane() const { return lane_; }
  __device__ unsigned lanes() const { return kWarp; }
  __device__ std::uint32_t ballot(bool p) const { return __ballot_sync(kAllLanes, p); }
  __device__ unsigned first(std::uint32_t mask) const { return unsigned(__ffs(int(mask)) - 1); }
  __device__ std::uint32_t broadcast(std::uint32_t v, unsigned from) const { return __shfl_sync(kAllLanes, v, int(from)); }
};

struct AtomicCountSlot {
  unsigned long long* count;
  __device__ AtomicCountSlot& operator+=(unsigned long long v) {
    atomicAdd(count, v);
    return *this;
  }
};
struct AtomicCountRow {
  unsigned long long* counts;
  __device__ AtomicCountSlot operator[](int i) const { return AtomicCountSlot{counts + i}; }
};

template <class Showers>
struct ParticleBody {
  ParticleSetup<float, Showers> setup;
  std::uint32_t step;
  std::uint64_t first;
  unsigned long long* counts;
  unsigned long long* tally;
  __device__ void operator()(std::uint64_t i) const {
    const WarpTeam team{unsigned(i % kWarp)};
    AtomicCountRow row{counts};
    ParticleTally t;
    count_shower_particles(setup, step, first + i / kWarp, team, row, t);
    for (int k = 0; k < kSpecies; ++k) {
      if (t.drawn[k]) atomicAdd(tally + k, static_cast<unsigned long long>(t.drawn[k]));
      if (t.in_tanks[k]) atomicAdd(tally + kSpecies + k, static_cast<unsigned long long>(t.in_tanks[k]));
    }
  }
};

static_assert(sizeof(ParticleBody<ShowerSource<float>>) + 64 <= 4096, "particle kernel parameters above 4 kB");

template <class Showers>
void launch(const char* name, const ParticleSetup<float, Showers>& setup, std::uint32_t step, std::uint64_t first,
            std::uint64_t count, unsigned long long* counts, unsigned long long* tally) {
  launch_grid_stride(name, count * kWarp, ParticleBody<Showers>{setup, step, first, counts, tally}, 128);
}

}  // namespace

void cuda_count_particles(const ParticleSetup<float, ShowerSource<float>>& setup, std::uint32_t step,
                          std::uint64_t first, std::uint64_t count, unsigned long long* counts,
                          unsigned long long* tally) {
  launch("swgo_particles", setup, step, first, count, counts, tally);
}

void cuda_count_particles(const ParticleSetup<float, FixedShower<float>>& setup, std::uint32_t step,
                          std::uint64_t first, std::uint64_t count, unsigned long long* counts,
                          unsigned long long* tally) {
  launch("swgo_particles_fixed_shower", setup, step, first, count, counts, tally);
}

}  // namespace detgrad::swgo
