// The alignment's passes on the CUDA executor (kernels/muone_alignment.cu) against the CPU's
// on the same recorded events of a misaligned station: the same events used, rows and pull
// histograms; the normal equations and the chi2 within 1e-10 of the CPU's (relative to each
// one's largest entry: the device contracts products into fused multiply-adds where the host
// may not); and bitwise the same from one GPU run to the next.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "muone/alignment_data.hpp"
#include "muone/alignment_solver.hpp"
#include "support/gpu.hpp"

namespace detgrad::muone {
namespace {

MuoneStudyConfig misaligned_study() {
  MuoneStudyConfig s;
  s.station = reference_station();
  s.common.seed = 7;
  s.misalignment.present = true;
  s.misalignment.seed = 1007;
  s.misalignment.widths.module[kDu] = 30e-6;
  s.misalignment.widths.module[kRotZ] = 3e-4;
  s.misalignment.widths.target[kTargetDz] = 1e-4;
  return s;
}

double largest(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m;
}

TEST(AlignmentGpu, PassMatchesTheCpuAndRepeatsBitwise) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const MuoneStudyConfig s = misaligned_study();
  // 3000 elastic events and as many beam muons: 12 blocks of 512 events.
  const std::vector<RecordedEvent> events = simulate_alignment_records(s, 3000);
  const AlignmentPass cpu = alignment_pass(s, StationAlignment<double>{}, events, Backend::cpu);
  const AlignmentPass gpu = alignment_pass(s, StationAlignment<double>{}, events, Backend::cuda);
  const AlignmentPass again = alignment_pass(s, StationAlignment<double>{}, events, Backend::cuda);
  ASSERT_GT(cpu.events_used, 5000u);
  EXPECT_EQ(gpu.events_used, cpu.events_used);
  EXPECT_EQ(gpu.rows, cpu.rows);
  EXPECT_EQ(gpu.locals, cpu.locals);
  ASSERT_EQ(gpu.residuals.size(), cpu.residuals.size());
  for (std::size_t m = 0; m < cpu.residuals.size(); ++m) {
    EXPECT_EQ(gpu.residuals[m].rows, cpu.residuals[m].rows) << m;
    for (int k = 0; k < kPullBins; ++k)
      EXPECT_NEAR(gpu.residuals[m].pull_histogram[k], cpu.residuals[m].pull_histogram[k], 1.0) << m << " " << k;
  }
  const double c_scale = largest(cpu.normal), b_scale = largest(cpu.rhs);
  for (std::size_t i = 0; i < cpu.normal.size(); ++i) EXPECT_NEAR(gpu.normal[i], cpu.normal[i], 1e-10 * c_scale) << i;
  for (std::size_t i = 0; i < cpu.rhs.size(); ++i) EXPECT_NEAR(gpu.rhs[i], cpu.rhs[i], 1e-10 * b_scale) << i;
  EXPECT_NEAR(gpu.chi2, cpu.chi2, 1e-10 * cpu.chi2);
  for (std::size_t i = 0; i < gpu.normal.size(); ++i) ASSERT_EQ(gpu.normal[i], again.normal[i]) << i;
  for (std::size_t i = 0; i < gpu.rhs.size(); ++i) ASSERT_EQ(gpu.rhs[i], again.rhs[i]) << i;
  EXPECT_EQ(gpu.chi2, again.chi2);
}

}  // namespace
}  // namespace detgrad::muone
