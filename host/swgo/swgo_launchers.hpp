#pragma once
// Entry points of the SWGO task's CUDA launchers (kernels/swgo.cu): the optimisation mode's
// two passes (include/detgrad/swgo/fisher_utility.hpp) over showers, one thread per shower,
// in float. In a build without CUDA they throw BackendError (swgo_cuda_unavailable.cpp).
// Determinism: every per-shower contribution is rounded to a 64-bit fixed-point integer
// (2^-32 units) and added with an integer atomic, so sums do not depend on the order.
#include <cstdint>

#include "detgrad/swgo/fisher_utility.hpp"

namespace detgrad::swgo {

constexpr double kSwgoFixedPointScale = 4294967296.0;  // 2^32 units per accumulator unit

// Adds showers [first, first + count) of `step` into acc[0 .. kFisherAccumulators) (device).
void cuda_fisher_forward(const FisherSetup<float>& setup, std::uint32_t step, std::uint64_t first, std::uint64_t count,
                         long long* acc);
// Adds their dU/d(x, y) into grad[0 .. 2 units) (device).
void cuda_fisher_adjoint(const FisherSetup<float>& setup, std::uint32_t step, std::uint64_t first, std::uint64_t count,
                         const float (&d_acc)[3], long long* grad);

}  // namespace detgrad::swgo
