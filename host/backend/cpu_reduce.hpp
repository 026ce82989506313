#pragma once
// Deterministic reductions on the CPU executor. Events are cut into fixed blocks of
// kCpuReduceBlock (or a task's own number of) consecutive indices, aligned to absolute
// event numbers; each block's contributions are summed in event order into a row of its own, and the rows are added in
// the canonical pairwise order of pairwise_reduce.hpp, split over the ranks of an MPI run.
// The result is bitwise the same for any number of threads and ranks.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <omp.h>

#include "backend/pairwise_reduce.hpp"

namespace detgrad {

constexpr std::uint64_t kCpuReduceBlock = 2048;
constexpr std::size_t kCpuReduceRowBytes = std::size_t(4) << 20;

// body(event, row) adds event's contributions into row[0 .. row_size).
// total (size row_size) receives the sum over events [first, first + count). `block`: events
// per block (a task whose events are expensive, such as a shower fit, takes smaller blocks so
// that a step of a few thousand events still spreads over the threads; the result depends on
// the block size, which a task fixes).
template <class Body>
void cpu_reduce_events(std::uint64_t first, std::uint64_t count, std::size_t row_size, const Body& body,
                       std::vector<double>& total, std::uint64_t block_events = kCpuReduceBlock) {
  const std::uint64_t end = first + count;
  const std::uint64_t first_block = first / block_events;
  const std::uint64_t blocks = count == 0 ? 0 : (end + block_events - 1) / block_events - first_block;
  // Blocks are processed in batches so that the rows in memory stay bounded (to about
  // kCpuReduceRowBytes, at least 4 blocks per thread); large batches keep the threads'
  // waits at the end of each batch rare.
  const std::uint64_t threads = std::uint64_t(std::max(1, omp_get_max_threads()));
  const std::uint64_t fit = kCpuReduceRowBytes / (row_size * sizeof(double) + 1);
  const std::uint64_t batch = std::max(threads * 4, std::min(threads * 64, fit));
  std::vector<double> rows;
  total = reduce_units(blocks, row_size, [&](std::uint64_t begin_unit, std::uint64_t end_unit, PairwiseSum& sum) {
    rows.resize(std::min(batch, end_unit - begin_unit) * row_size);
    for (std::uint64_t b0 = begin_unit; b0 < end_unit; b0 += batch) {
      const std::uint64_t nb = std::min(batch, end_unit - b0);
      std::fill(rows.begin(), rows.begin() + std::ptrdiff_t(nb * row_size), 0.0);
#pragma omp parallel for schedule(dynamic, 1)
      for (std::int64_t i = 0; i < std::int64_t(nb); ++i) {
        double* row = rows.data() + std::size_t(i) * row_size;
        const std::uint64_t block = first_block + b0 + std::uint64_t(i);
        const std::uint64_t lo = std::max(first, block * block_events);
        const std::uint64_t hi = std::min(end, (block + 1) * block_events);
        for (std::uint64_t e = lo; e < hi; ++e) body(e, row);
      }
      for (std::uint64_t i = 0; i < nb; ++i) sum.push(rows.data() + i * row_size);
    }
  });
}

}  // namespace detgrad
