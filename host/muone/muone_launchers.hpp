#pragma once
// Entry points of the MUonE task's CUDA launchers (kernels/muone.cu). In a build without
// CUDA they throw BackendError (host/muone/muone_cuda_unavailable.cpp).
//
// Determinism (docs/design.md, principle 5): a fixed grid of kMuoneBlocks blocks; each thread sums
// its events in order, each block reduces its threads by a fixed tree into one row of
// doubles; the host adds the rows in block order.
#include <cstdint>

#include "detgrad/muone/resolution_model.hpp"

namespace detgrad::muone {

constexpr int kMuoneBlocks = 1024;
constexpr int kMuoneThreads = 64;  // 62 floats x 64 threads: 16 kB of shared memory

// rows: kMuoneBlocks x (2 kMaxQ2Bins) doubles, (N_b, S_b) per bin.
void cuda_muone_forward(const ModelSetup& setup, const ModelDesign<float>& design, std::uint32_t step,
                        std::uint64_t first, std::uint64_t count, double* rows);
// rows: kMuoneBlocks x model_parameter_count<float>() doubles.
void cuda_muone_adjoint(const ModelSetup& setup, const ModelDesign<float>& design,
                        const BinCotangents<float>& cotangents, std::uint32_t step, std::uint64_t first,
                        std::uint64_t count, double* rows);

}  // namespace detgrad::muone
