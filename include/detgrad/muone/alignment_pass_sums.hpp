#pragma once
// One block of events' contribution to an alignment pass (alignment_solver.hpp), as a flat
// row of doubles that the CPU's threads, the CUDA threads and the MPI gather share:
//   C (n x n, row-major; the upper triangle is summed), b (n), chi2, rows, events used,
//   locals, then per module and for the target's row: rows, sum and sum of squares of the
//   raw residuals, sum and sum of squares of the pulls, and the pulls' histogram.
// The counts are below 2^53: exact as doubles.
#include <cmath>
#include <cstddef>

#include "detgrad/core/macros.hpp"
#include "detgrad/muone/alignment_event_fit.hpp"

namespace detgrad::muone {

constexpr int kPullBins = 40;
constexpr double kPullRange = 5.0;
constexpr int kResidualFields = 5 + kPullBins;
constexpr int kPassCounts = 4;  // chi2, rows, events used, locals

DETGRAD_HDI std::size_t pass_sums_size(int n_global, int n_modules) {
  return std::size_t(n_global) * std::size_t(n_global) + std::size_t(n_global) + kPassCounts +
         std::size_t(n_modules + 1) * kResidualFields;
}

// Adds one fitted event's rows (fit_alignment_event) to a block's sums.
DETGRAD_HDI void add_event_rows(const AlignmentEventRows& rows, int n_modules, double* sums) {
  const int n = rows.n_global;
  double* normal = sums;
  double* rhs = sums + std::size_t(n) * std::size_t(n);
  double* counts = rhs + n;
  double* residuals = counts + kPassCounts;
  for (int r = 0; r < rows.n_rows; ++r) {
    const double* z = rows.z[r];
    for (int i = 0; i < n; ++i) {
      const double zi = z[i];
      if (zi == 0.0) continue;
      rhs[i] += zi * rows.r[r];
      double* c = normal + std::size_t(i) * std::size_t(n);
      for (int j = i; j < n; ++j) c[j] += zi * z[j];
    }
    double* s = residuals + std::size_t(rows.module[r] < 0 ? n_modules : rows.module[r]) * kResidualFields;
    const double pull = rows.q_diagonal[r] > 1e-12 ? rows.r[r] / std::sqrt(rows.q_diagonal[r]) : 0.0;
    s[0] += 1;
    s[1] += rows.raw_residual[r];
    s[2] += rows.raw_residual[r] * rows.raw_residual[r];
    s[3] += pull;
    s[4] += pull * pull;
    const int bin = int(std::floor((pull + kPullRange) / (2.0 * kPullRange) * kPullBins));
    s[5 + (bin < 0 ? 0 : (bin >= kPullBins ? kPullBins - 1 : bin))] += 1;
  }
  // The vertex depth integrated out: -2 log L = chi2 + log S, so the right-hand side (half
  // the negative gradient) loses half of d log S.
  if (rows.depth_information > 0.0)
    for (int i = 0; i < n; ++i) rhs[i] -= 0.5 * rows.depth_log_information_gradient[i];
  counts[0] += rows.chi2;
  counts[1] += rows.n_rows;
  counts[2] += 1;
  counts[3] += rows.n_local;
}

// The sums of the events [first, end) that fit_alignment_event accepts, into `sums` (zeroed
// here); `rows` is scratch.
DETGRAD_HDI void sum_event_block(const AlignmentGeometry& g, const RecordedEvent* events, std::uint64_t first,
                                 std::uint64_t end, int n_global, int n_modules, AlignmentEventRows& rows,
                                 double* sums) {
  const std::size_t size = pass_sums_size(n_global, n_modules);
  for (std::size_t k = 0; k < size; ++k) sums[k] = 0.0;
  for (std::uint64_t e = first; e < end; ++e)
    if (fit_alignment_event(g, events[e], rows)) add_event_rows(rows, n_modules, sums);
}

}  // namespace detgrad::muone
