// CUDA launchers of the tomography task's passes (include/detgrad/tomography/
// muon_inference.hpp); see host/tomography/tomography_launchers.hpp for the reductions.
#include "block_reduce.cuh"
#include "grid_stride.cuh"
#include "tomography/tomography_launchers.hpp"

namespace detgrad::tomography {
namespace {

constexpr int kParams = int(PanelPacking::size(kMaxPanels));

__device__ void add_fixed(long long* target, float value) { fixed_point_add(target, value, kFixedPointScale); }

struct ForwardBody {
  TomographySetup setup;
  DesignParams<float> design;
  std::uint64_t first;
  long long *a, *b, *c, *scalars;

  __device__ void operator()(std::uint64_t i) const {
    MuonInference<float> r;
    infer_muon(setup, design, first + i, r);
    if (!r.usable) return;
    add_fixed(scalars, r.usable_weight);
    if (!(r.weight > 0.0f)) return;
    if (r.height_in_region > 0.0f) {
      add_fixed(scalars + 1, r.weight * r.height_in_region * r.poca_in_volume.z);
      add_fixed(scalars + 2, r.weight * r.height_in_region);
    }
    for_each_window_voxel(setup.transport.grid, r, [&](int v, int x, int y, int z) {
      const float w = r.weight * voxel_weight(r.ax, r.ay, r.az, x, y, z);
      add_fixed(a + v, w * r.inverse_x0);
      add_fixed(b + v, w);
      add_fixed(c + v, w * r.path_m);
    });
  }
};

// The setup and design travel as kernel parameters: keep them within the 4 kB that every
// CUDA version and architecture accepts (larger needs CUDA 12.1 and Volta or newer).
static_assert(sizeof(TomographySetup) + sizeof(DesignParams<float>) + sizeof(AccumulatorCotangents) + 64 <= 4096,
              "tomography kernel parameters above 4 kB");

// One block: its threads take events block + k * gridDim (in tiles of blockDim), each
// thread summing its own events in order into its column of shared memory; then
// write_block_row (block_reduce.cuh).
__global__ void __launch_bounds__(kAdjointThreads) adjoint_kernel(TomographySetup setup, DesignParams<float> design,
                                                                  AccumulatorCotangents cot, std::uint64_t first,
                                                                  std::uint64_t count, double* rows) {
  __shared__ float partial[kParams][kAdjointThreads];
  const int t = threadIdx.x;
  for (int p = 0; p < kParams; ++p) partial[p][t] = 0.0f;
  const std::uint64_t stride = std::uint64_t(gridDim.x) * blockDim.x;
  for (std::uint64_t i = std::uint64_t(blockIdx.x) * blockDim.x + t; i < count; i += stride) {
    DesignParams<float> d{};
    infer_muon_adjoint(setup, design, first + i, cot, d);
    for (int k = 0; k < kMaxPanels; ++k)
#pragma unroll
      for (int j = 0; j < kPanelFields; ++j) partial[PanelPacking::index(k, j)][t] += panel_field(d.panel[k], j);
  }
  write_block_row<kParams, kAdjointThreads>(partial, rows);
}

}  // namespace

void cuda_tomography_forward(const TomographySetup& setup, const DesignParams<float>& design, std::uint64_t first,
                             std::uint64_t count, long long* a, long long* b, long long* c, long long* scalars) {
  launch_grid_stride("tomography_forward", count, ForwardBody{setup, design, first, a, b, c, scalars});
}

void cuda_tomography_adjoint(const TomographySetup& setup, const DesignParams<float>& design,
                             const AccumulatorCotangents& cotangents, std::uint64_t first, std::uint64_t count,
                             double* rows) {
  adjoint_kernel<<<kAdjointBlocks, kAdjointThreads>>>(setup, design, cotangents, first, count, rows);
  check_cuda(cudaGetLastError(), "tomography_adjoint");
  check_cuda(cudaDeviceSynchronize(), "tomography_adjoint");
}

}  // namespace detgrad::tomography
