#pragma once
// The optimisation-mode utility on the CUDA executor, in float (host side of kernels/swgo.cu):
// the same passes and host arithmetic as fisher_passes.hpp.
#include <cstdint>

#include "swgo/fisher_passes.hpp"

namespace detgrad::swgo {

FisherUtility fisher_utility_cuda(const FisherSetup<double>& setup, std::uint32_t step, std::uint64_t first,
                                  std::uint64_t count, const UtilityCoefficients& c, bool with_gradient);

}  // namespace detgrad::swgo
