#pragma once
// The optimisation-mode utility with errors from fits to sampled data
// (include/detgrad/swgo/fit_utility.hpp) on the CPU executor: pass 1 sums the per-shower
// accumulators, the host forms U as for the expected errors (fisher_passes.hpp), pass 2
// replays the showers (data, fit) with dU/d(A, B, C) into dU/d(every unit's x, y).
// Deterministic (cpu_reduce_events, blocks of kFittedBlockShowers showers).
#include <cstdint>

#include "detgrad/swgo/fit_utility.hpp"
#include "swgo/fisher_passes.hpp"

namespace detgrad::swgo {

// A shower's fit costs about a millisecond on 126 macro-units: small blocks spread a step of
// 2000 showers over the threads.
constexpr std::uint64_t kFittedBlockShowers = 32;

FisherUtility fitted_utility(const FitSetup<double>& setup, std::uint32_t step, std::uint64_t first,
                             std::uint64_t count, const UtilityCoefficients& c, bool with_gradient,
                             bool through_fit = true);

}  // namespace detgrad::swgo
