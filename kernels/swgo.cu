// CUDA launchers of the SWGO optimisation mode (include/detgrad/swgo/fisher_utility.hpp):
// one thread per shower over the same per-shower code as the CPU; see
// host/swgo/swgo_launchers.hpp for the fixed-point reductions.
#include "block_reduce.cuh"
#include "grid_stride.cuh"
#include "swgo/swgo_launchers.hpp"

namespace detgrad::swgo {
namespace {

// Rounds to 2^-32 units and adds with an integer atomic (order-independent; block_reduce.cuh).
struct FixedPointRow {
  long long* target;
  __device__ void add(int i, float value) const { fixed_point_add(target + i, value, kSwgoFixedPointScale); }
};

// Adapts fisher_forward / fisher_adjoint's `row[i] += v` to the fixed-point atomics.
struct AtomicSlot {
  const FixedPointRow* row;
  int i;
  __device__ AtomicSlot& operator+=(float v) {
    row->add(i, v);
    return *this;
  }
};
struct AtomicRow {
  FixedPointRow row;
  __device__ AtomicSlot operator[](int i) const { return AtomicSlot{&row, i}; }
};

static_assert(sizeof(FisherSetup<float>) + 64 <= 4096, "SWGO kernel parameters above 4 kB");

struct ForwardBody {
  FisherSetup<float> setup;
  std::uint32_t step;
  std::uint64_t first;
  long long* acc;
  __device__ void operator()(std::uint64_t i) const {
    float row[kFisherAccumulators] = {0.f, 0.f, 0.f, 0.f, 0.f, 0.f};
    fisher_forward(setup, step, first + i, static_cast<float*>(row));
    const FixedPointRow out{acc};
    for (int k = 0; k < kFisherAccumulators; ++k)
      if (row[k] != 0.f) out.add(k, row[k]);
  }
};

struct AdjointBody {
  FisherSetup<float> setup;
  std::uint32_t step;
  std::uint64_t first;
  float d_acc[3];
  long long* grad;
  __device__ void operator()(std::uint64_t i) const {
    const float d[3] = {d_acc[0], d_acc[1], d_acc[2]};
    AtomicRow row{FixedPointRow{grad}};
    fisher_adjoint(setup, step, first + i, d, row);
  }
};

}  // namespace

void cuda_fisher_forward(const FisherSetup<float>& setup, std::uint32_t step, std::uint64_t first, std::uint64_t count,
                         long long* acc) {
  launch_grid_stride("swgo_fisher_forward", count, ForwardBody{setup, step, first, acc}, 128);
}

void cuda_fisher_adjoint(const FisherSetup<float>& setup, std::uint32_t step, std::uint64_t first, std::uint64_t count,
                         const float (&d_acc)[3], long long* grad) {
  launch_grid_stride("swgo_fisher_adjoint", count, AdjointBody{setup, step, first, {d_acc[0], d_acc[1], d_acc[2]}, grad},
                     128);
}

}  // namespace detgrad::swgo
