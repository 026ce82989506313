#pragma once
// The device half of the deterministic reductions (host/backend/device_rows.hpp is the host
// half; backend/pairwise_reduce.hpp joins launches and ranks):
//  - fixed-point sums: a value rounded to 1/scale units and added with a 64-bit integer
//    atomic; integer sums do not depend on the order of the additions;
//  - block rows: each thread's float sums in a column of shared memory, added by a fixed tree,
//    one row of doubles per block, which the host adds in block order.
#include <cuda_runtime.h>

#include <cstddef>

namespace detgrad {

__device__ inline void fixed_point_add(long long* target, float value, double scale) {
  const long long units = __double2ll_rn(double(value) * scale);
  atomicAdd(reinterpret_cast<unsigned long long*>(target), static_cast<unsigned long long>(units));
}

// partial[p][t]: thread t's sum of value p. Adds the block's threads by a fixed tree per
// value; thread 0 writes the block's kWidth sums to rows[blockIdx.x * kWidth ...]. Every thread
// of the block calls it (it synchronises the block).
template <int kWidth, int kThreads>
__device__ void write_block_row(float (*partial)[kThreads], double* rows) {
  static_assert((kThreads & (kThreads - 1)) == 0, "the tree needs a power-of-two block");
  const int t = threadIdx.x;
  __syncthreads();
  for (int width = kThreads / 2; width > 0; width /= 2) {
    if (t < width)
      for (int p = 0; p < kWidth; ++p) partial[p][t] += partial[p][t + width];
    __syncthreads();
  }
  if (t == 0)
    for (int p = 0; p < kWidth; ++p) rows[std::size_t(blockIdx.x) * kWidth + p] = double(partial[p][0]);
}

}  // namespace detgrad
