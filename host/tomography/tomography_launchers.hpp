#pragma once
// Entry points of the tomography task's CUDA launchers (kernels/tomography.cu). In a build
// without CUDA they throw BackendError (host/tomography/tomography_cuda_unavailable.cpp).
//
// Determinism on the GPU (docs/design.md, principle 5):
//  - forward: each contribution to a voxel accumulator is rounded to a 64-bit fixed-point
//    integer (2^-24 units) and added with an integer atomic: integer sums do not depend on
//    the order, so the result is bitwise reproducible. 2^-24 (6e-8) is the resolution of
//    the float per-muon values; int64 holds sums up to 5e11 units.
//  - adjoint: a fixed grid of blocks, each summing its events in a fixed order into one
//    partial row per block (a shared-memory tree per parameter); the host adds the rows in
//    block order in double.
#include <cstdint>

#include "detgrad/tomography/muon_inference.hpp"
#include "detgrad/tomography/panel_packing.hpp"

namespace detgrad::tomography {

constexpr double kFixedPointScale = 16777216.0;  // 2^24 units per accumulator unit
constexpr int kAdjointBlocks = 1024;               // partial rows per adjoint launch
constexpr int kAdjointThreads = 64;  // 112 parameters x 64 threads of float: 28 KB of shared memory

// Adds events [first, first + count) into the fixed-point accumulators: a[v], b[v], c[v]
// (device arrays of `voxels` each) and scalars[0..2] (usable weight, H, W).
void cuda_tomography_forward(const TomographySetup& setup, const DesignParams<float>& design, std::uint64_t first,
                             std::uint64_t count, long long* a, long long* b, long long* c, long long* scalars);

// Writes kAdjointBlocks rows of PanelPacking::size(kMaxPanels) doubles (panel_packing.hpp) into
// rows: each block's sum of dLoss/d(design) over its events of [first, first + count).
void cuda_tomography_adjoint(const TomographySetup& setup, const DesignParams<float>& design,
                             const AccumulatorCotangents& cotangents, std::uint64_t first, std::uint64_t count,
                             double* rows);

}  // namespace detgrad::tomography
