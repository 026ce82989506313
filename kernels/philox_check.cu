// CUDA launcher of the Philox cross-check: detgrad's EventRandom against cuRAND's own
// Philox4_32_10 generator, word for word.
#include <curand_kernel.h>

#include "backend/cuda_launchers.hpp"
#include "detgrad/core/random.hpp"
#include "grid_stride.cuh"

namespace detgrad {
namespace {

struct PhiloxWordsBody {
  std::uint64_t seed;
  std::uint32_t blocks_per_event;
  std::uint32_t* detgrad_words;
  std::uint32_t* curand_words;

  __device__ void operator()(std::uint64_t event) const {
    EventRandom ours(seed, 0, RandomStream::source, event);
    curandStatePhilox4_32_10_t theirs;
    curand_init(seed, event, 0, &theirs);
    const std::uint64_t base = event * blocks_per_event * 4;
    for (std::uint32_t b = 0; b < blocks_per_event; ++b) {
      const uint4 w = curand4(&theirs);
      curand_words[base + 4 * b + 0] = w.x;
      curand_words[base + 4 * b + 1] = w.y;
      curand_words[base + 4 * b + 2] = w.z;
      curand_words[base + 4 * b + 3] = w.w;
      for (int k = 0; k < 4; ++k) detgrad_words[base + 4 * b + k] = ours.next_u32();
    }
  }
};

}  // namespace

void cuda_philox_words(std::uint64_t seed, std::uint32_t events, std::uint32_t blocks_per_event,
                       std::uint32_t* device_detgrad_words, std::uint32_t* device_curand_words) {
  launch_grid_stride("philox_words", events,
                     PhiloxWordsBody{seed, blocks_per_event, device_detgrad_words, device_curand_words});
}

}  // namespace detgrad
