#pragma once
// Deterministic sums over a pass's events, on any number of threads and ranks (docs/design.md
// principle 5). A pass's events are cut into units (the CPU's blocks of 2048 events, the
// GPU's launches), aligned to absolute event numbers; each unit's contributions form one
// row. The rows are added in the canonical pairwise order of their unit index: the sum of
// units [k 2^L, (k + 1) 2^L) is the sum of its two halves, left + right, and the leftover
// complete subtrees are added from the largest (leftmost) down. Any contiguous range of
// units splits into aligned subtrees that a rank can sum alone, and adding those subtree sums
// in order on rank 0 gives the same bits as adding every row there: the result is bitwise
// the same for any number of ranks, threads or batches. (Pairwise summation also rounds
// less than a running sum: its error grows as log n instead of n.)
#include <algorithm>
#include <cstdint>
#include <vector>

#include "backend/ranks.hpp"

namespace detgrad {

// The canonical pairwise sum of rows pushed in unit order: a binary counter of subtree sums.
class PairwiseSum {
 public:
  explicit PairwiseSum(std::size_t row_size) : row_size_(row_size) {}

  // Adds the next unit's row, or (level L > 0) the sum of the next 2^L units, which must start
  // at a unit index aligned to 2^L.
  void push(const double* row, int level = 0) {
    std::vector<double> carry(row, row + row_size_);
    while (!stack_.empty() && stack_.back().level == level) {
      std::vector<double>& left = stack_.back().row;
      for (std::size_t j = 0; j < row_size_; ++j) carry[j] = left[j] + carry[j];
      stack_.pop_back();
      ++level;
    }
    stack_.push_back({level, std::move(carry)});
  }

  // The subtree sums, largest (leftmost) first, added left to right.
  std::vector<double> result() const {
    std::vector<double> total(row_size_, 0.0);
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const std::vector<double>& row = stack_[i].row;
      if (i == 0) total = row;
      else for (std::size_t j = 0; j < row_size_; ++j) total[j] += row[j];
    }
    return total;
  }

  std::size_t row_size() const { return row_size_; }

 private:
  struct Subtree {
    int level;
    std::vector<double> row;
  };
  std::size_t row_size_;
  std::vector<Subtree> stack_;
};

// This rank's contiguous share [begin, end) of `units` units: the first units % ranks ranks
// take one more. Sums that are exact in any order (fixed-point integers) need only this and
// ranks::sum; double rows go through reduce_units.
struct UnitRange {
  std::uint64_t begin = 0, end = 0;
};
inline UnitRange rank_share(std::uint64_t units) {
  const auto r = std::uint64_t(ranks::rank()), n = std::uint64_t(ranks::size());
  const std::uint64_t begin = units / n * r + std::min(r, units % n);
  return {begin, begin + units / n + (r < units % n ? 1 : 0)};
}

// The sum over `units` units of the rows that compute(begin, end, sum) pushes into `sum` for
// units [begin, end), in order. Each rank computes a contiguous share of the units (as
// aligned subtrees); every rank receives the same total. Every rank must call it.
template <class Compute>
std::vector<double> reduce_units(std::uint64_t units, std::size_t row_size, const Compute& compute) {
  if (ranks::size() == 1) {
    PairwiseSum sum(row_size);
    if (units > 0) compute(std::uint64_t(0), units, sum);
    return sum.result();
  }
  const UnitRange share = rank_share(units);
  const std::uint64_t begin = share.begin, end = share.end;
  // Per aligned subtree of this rank: its first unit, its level and its sum.
  std::vector<double> packed;
  for (std::uint64_t p = begin; p < end;) {
    int level = 0;
    while (level < 62 && p % (std::uint64_t(2) << level) == 0 && p + (std::uint64_t(2) << level) <= end) ++level;
    const std::uint64_t length = std::uint64_t(1) << level;
    PairwiseSum piece(row_size);
    compute(p, p + length, piece);
    const std::vector<double> row = piece.result();
    packed.push_back(double(p));
    packed.push_back(double(level));
    packed.insert(packed.end(), row.begin(), row.end());
    p += length;
  }
  const std::vector<double> all = ranks::gather(packed);
  std::vector<double> total(row_size, 0.0);
  if (ranks::is_root()) {
    PairwiseSum sum(row_size);
    for (std::size_t at = 0; at < all.size(); at += 2 + row_size) sum.push(all.data() + at + 2, int(all[at + 1]));
    total = sum.result();
  }
  ranks::broadcast(total);
  return total;
}

}  // namespace detgrad
