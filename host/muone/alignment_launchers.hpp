#pragma once
// The CUDA launcher of the alignment's passes (kernels/muone_alignment.cu): one CUDA thread per
// block of events sums it with the CPU's code (alignment_pass_sums.hpp, sum_event_block) into
// its own row of the output; the host adds the rows in block order (alignment_solver.cpp), so
// the result does not depend on the launch configuration. In a build without CUDA it throws
// BackendError (host/muone/muone_cuda_unavailable.cpp).
#include <cstdint>
#include <vector>

#include "detgrad/muone/alignment_event_fit.hpp"

namespace detgrad::muone {

// sums: blocks.size() rows of pass_sums_size(n_global, n_modules) doubles; row k holds block
// blocks[k], the events [blocks[k] block_events, + block_events) of `events`;
// min_electron_GeV: AlignmentGeometry's cut.
void cuda_alignment_block_sums(const StationFixed& fixed, const StationDesign<double>& design,
                               const StationAlignment<double>& alignment, double min_electron_GeV,
                               const std::vector<RecordedEvent>& events,
                               std::uint64_t block_events, const std::vector<std::uint64_t>& blocks, int n_global,
                               int n_modules, double* sums);

}  // namespace detgrad::muone
