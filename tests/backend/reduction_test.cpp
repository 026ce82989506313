// The deterministic reduction toolkit: the canonical pairwise order of PairwiseSum, the units
// that reduce_launches hands to a CUDA pass's launches, and cpu_reduce_events' independence
// from the thread count.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "backend/cpu_reduce.hpp"
#include "backend/device_rows.hpp"
#include "backend/pairwise_reduce.hpp"

namespace detgrad {
namespace {

// Values whose sum depends on the order of the additions.
double awkward(std::uint64_t i) { return (i % 3 == 0 ? 1e16 : 1.0) * (i % 2 ? -1.0 : 1.0) + 0.1 * double(i); }

TEST(PairwiseSum, AddsFiveRowsInTheCanonicalTree) {
  PairwiseSum sum(1);
  const double v[5] = {0.7, 1e16, -1e16, 0.7, 0.25};  // 1e16's neighbours are 2 apart
  for (const double& x : v) sum.push(&x);
  // Units [0, 4) as ((0 + 1) + (2 + 3)), then unit 4 added to it.
  const double expected = ((v[0] + v[1]) + (v[2] + v[3])) + v[4];
  EXPECT_EQ(sum.result()[0], expected);
  const double running = (((v[0] + v[1]) + v[2]) + v[3]) + v[4];
  EXPECT_NE(expected, running) << "the values should tell the two orders apart";
}

TEST(PairwiseSum, SubtreesPushedWholeGiveTheSameBits) {
  std::vector<double> v(7);
  PairwiseSum rows(1), pieces(1);
  for (std::uint64_t i = 0; i < 7; ++i) {
    v[i] = awkward(i);
    rows.push(&v[i]);
  }
  PairwiseSum left(1), middle(1);
  for (int i = 0; i < 4; ++i) left.push(&v[std::size_t(i)]);
  for (int i = 4; i < 6; ++i) middle.push(&v[std::size_t(i)]);
  pieces.push(left.result().data(), 2);
  pieces.push(middle.result().data(), 1);
  pieces.push(&v[6]);
  EXPECT_EQ(rows.result()[0], pieces.result()[0]);
}

TEST(ReduceLaunches, EachLaunchIsOneUnitCoveringItsEvents) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
  const std::vector<double> total =
      reduce_launches(10, 4, 2, [&](std::uint64_t done, std::uint64_t count, std::vector<double>& row) {
        seen.emplace_back(done, count);
        row[0] = awkward(done);
        row[1] = double(count);
      });
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], std::make_pair(std::uint64_t(0), std::uint64_t(4)));
  EXPECT_EQ(seen[1], std::make_pair(std::uint64_t(4), std::uint64_t(4)));
  EXPECT_EQ(seen[2], std::make_pair(std::uint64_t(8), std::uint64_t(2)));
  EXPECT_EQ(total[0], (awkward(0) + awkward(4)) + awkward(8));
  EXPECT_EQ(total[1], 10.0);
}

TEST(CpuReduceEvents, SameBitsForAnyThreadCount) {
  const auto body = [](std::uint64_t e, double* row) {
    row[0] += awkward(e);
    row[1] += std::sqrt(double(e));
  };
  const int threads = omp_get_max_threads();
  std::vector<double> one, two;
  omp_set_num_threads(1);
  cpu_reduce_events(3, 50000, 2, body, one, 1000);
  omp_set_num_threads(2);
  cpu_reduce_events(3, 50000, 2, body, two, 1000);
  omp_set_num_threads(threads);
  EXPECT_EQ(one[0], two[0]);
  EXPECT_EQ(one[1], two[1]);
  double plain = 0.0;
  for (std::uint64_t e = 3; e < 50003; ++e) plain += std::sqrt(double(e));
  EXPECT_NEAR(one[1], plain, 1e-9 * plain);
}

}  // namespace
}  // namespace detgrad
