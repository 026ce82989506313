#pragma once
// The tomography passes on the CUDA executor (float per-muon math). Throw BackendError in a
// build without CUDA or without a device.
#include <vector>

#include "tomography/tomography_model.hpp"

namespace detgrad::tomography {

struct VoxelAccumulators;
struct AccumulatorGradient;

void cuda_forward_pass(const TomographyModel& model, const TomographySetup& host_setup,
                       const DesignParams<double>& design, std::uint64_t first_event, std::uint64_t muons,
                       VoxelAccumulators& out);

std::vector<double> cuda_adjoint_pass(const TomographyModel& model, const TomographySetup& host_setup,
                                      const DesignParams<double>& design, std::uint64_t first_event,
                                      std::uint64_t muons, const AccumulatorGradient& cotangents);

}  // namespace detgrad::tomography
