#pragma once
// Entry points of the engine's own CUDA launchers (kernels/*.cu; a task declares its own
// launchers in its folder). In a build without CUDA they throw
// BackendError("built without CUDA") (host/backend/cuda_unavailable.cpp).
#include <cstdint>

namespace detgrad {

// Random-number cross-check: words [4 * draws_per_event] per event from detgrad's
// EventRandom (seed, step 0, stream source) and from cuRAND's Philox4_32_10 with
// curand_init(seed, subsequence = event, offset 0), for events [0, events).
void cuda_philox_words(std::uint64_t seed, std::uint32_t events, std::uint32_t blocks_per_event,
                       std::uint32_t* device_detgrad_words, std::uint32_t* device_curand_words);

}  // namespace detgrad
