#pragma once
// The host half of the CUDA passes' deterministic reductions (kernels/block_reduce.cuh is the
// device half): a pass's events go to the GPU in launches of a fixed number of events, aligned
// to the pass's first event; each launch is one unit of the pass's pairwise sum
// (pairwise_reduce.hpp), so the ranks of an MPI run share the launches and every rank gets
// the same bits for any number of ranks.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "backend/cuda_runtime.hpp"
#include "backend/pairwise_reduce.hpp"

namespace detgrad {

// row = the sum, in block order, of the `blocks` rows of `width` doubles that a launch wrote
// to `rows` (device memory; kernels/block_reduce.cuh's write_block_row).
inline void sum_block_rows(const DeviceArray<double>& rows, int blocks, std::size_t width, std::vector<double>& row) {
  std::vector<double> host;
  rows.download(host, std::size_t(blocks) * width);
  row.assign(width, 0.0);
  for (int b = 0; b < blocks; ++b)
    for (std::size_t j = 0; j < width; ++j) row[j] += host[std::size_t(b) * width + j];
}

// The sum over a pass of `events` events, in launches of `launch_events`: launch(done, count,
// row) runs the launch of the pass's events [done, done + count) and sets `row` (host, `width`
// doubles) to its sum. Every rank must call it.
template <class Launch>
std::vector<double> reduce_launches(std::uint64_t events, std::uint64_t launch_events, std::size_t width,
                                    const Launch& launch) {
  const std::uint64_t launches = (events + launch_events - 1) / launch_events;
  return reduce_units(launches, width, [&](std::uint64_t begin, std::uint64_t end, PairwiseSum& sum) {
    std::vector<double> row(width);
    for (std::uint64_t unit = begin; unit < end; ++unit) {
      const std::uint64_t done = unit * launch_events;
      launch(done, std::min(launch_events, events - done), row);
      sum.push(row.data());
    }
  });
}

}  // namespace detgrad
