// CUDA launchers of the MUonE task's passes (include/detgrad/muone/resolution_model.hpp);
// see host/muone/muone_launchers.hpp for the reductions.
#include "block_reduce.cuh"
#include "grid_stride.cuh"
#include "muone/muone_launchers.hpp"

namespace detgrad::muone {
namespace {

constexpr int kParams = model_parameter_count<float>();
constexpr int kSums = 2 * kMaxQ2Bins;

static_assert(sizeof(ModelSetup) + sizeof(ModelDesign<float>) + sizeof(BinCotangents<float>) + 64 <= 4096,
              "MUonE kernel parameters above 4 kB");

// Each thread sums its events (block + k * gridDim, in tiles of blockDim) into its column of
// shared memory; then write_block_row (block_reduce.cuh) writes the block's row.
__global__ void __launch_bounds__(kMuoneThreads) forward_kernel(ModelSetup setup, ModelDesign<float> design,
                                                                std::uint32_t step, std::uint64_t first,
                                                                std::uint64_t count, double* rows) {
  __shared__ float partial[kSums][kMuoneThreads];
  const int t = threadIdx.x;
  float row[kSums];
  for (int p = 0; p < kSums; ++p) row[p] = 0.0f;
  const std::uint64_t stride = std::uint64_t(gridDim.x) * blockDim.x;
  for (std::uint64_t i = std::uint64_t(blockIdx.x) * blockDim.x + t; i < count; i += stride)
    model_event_forward(setup, design, step, first + i, row);
  for (int p = 0; p < kSums; ++p) partial[p][t] = row[p];
  write_block_row<kSums, kMuoneThreads>(partial, rows);
}

__global__ void __launch_bounds__(kMuoneThreads) adjoint_kernel(ModelSetup setup, ModelDesign<float> design,
                                                                BinCotangents<float> cot, std::uint32_t step,
                                                                std::uint64_t first, std::uint64_t count,
                                                                double* rows) {
  __shared__ float partial[kParams][kMuoneThreads];
  const int t = threadIdx.x;
  ModelDesign<float> d{};
  const std::uint64_t stride = std::uint64_t(gridDim.x) * blockDim.x;
  for (std::uint64_t i = std::uint64_t(blockIdx.x) * blockDim.x + t; i < count; i += stride)
    model_event_backward(setup, design, cot, step, first + i, d);
  const float* values = flat(d);
  for (int p = 0; p < kParams; ++p) partial[p][t] = values[p];
  write_block_row<kParams, kMuoneThreads>(partial, rows);
}

}  // namespace

void cuda_muone_forward(const ModelSetup& setup, const ModelDesign<float>& design, std::uint32_t step,
                        std::uint64_t first, std::uint64_t count, double* rows) {
  forward_kernel<<<kMuoneBlocks, kMuoneThreads>>>(setup, design, step, first, count, rows);
  check_cuda(cudaGetLastError(), "muone_forward");
  check_cuda(cudaDeviceSynchronize(), "muone_forward");
}

void cuda_muone_adjoint(const ModelSetup& setup, const ModelDesign<float>& design,
                        const BinCotangents<float>& cotangents, std::uint32_t step, std::uint64_t first,
                        std::uint64_t count, double* rows) {
  adjoint_kernel<<<kMuoneBlocks, kMuoneThreads>>>(setup, design, cotangents, step, first, count, rows);
  check_cuda(cudaGetLastError(), "muone_adjoint");
  check_cuda(cudaDeviceSynchronize(), "muone_adjoint");
}

}  // namespace detgrad::muone
