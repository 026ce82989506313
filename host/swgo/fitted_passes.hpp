#pragma once
// The optimisation-mode utility with errors from fits to sampled data
// (include/detgrad/swgo/fit_utility.hpp) on the CPU executor: pass 1 sums the per-shower
// accumulators (and, with c_GF != 0, keeps each shower's separation entry), the host forms
// U = c_IR U_IR + c_PR U_PR as for the expected errors (fisher_passes.hpp) plus
// c_GF U_GF, U_GF = f / sigma_f x R_span sqrt(1 / N_trials) (separation_utility.hpp, the
// evaluation mode's exposure factor), pass 2 replays the showers (data, fits) with
// dU/d(A, B, C) and dU/d(s_k, P_k) into dU/d(every unit's x, y). Deterministic
// (cpu_reduce_events, blocks of kFittedBlockShowers showers).
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
