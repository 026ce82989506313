// The MUonE passes on the CUDA executor: float on the GPU against float and double on the
// CPU (the same events: the accumulators within 1e-4 relative of the CPU's float, the loss's
// gradient within 1e-3 relative of its norm from the CPU's double), and bitwise reproducible
// GPU results.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "muone/muone_model.hpp"
#include "support/gpu.hpp"

namespace detgrad::muone {
namespace {

MuoneStudyConfig study() {
  MuoneStudyConfig s;
  s.station = reference_station();
  return s;
}

TEST(MuoneGpu, PassesMatchTheCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const MuoneModel model(study());
  const std::vector<double> x = model.initial();
  PassOptions cpu;
  cpu.events = 1000000;
  PassOptions gpu = cpu;
  gpu.backend = Backend::cuda;
  const MuoneLoss a = model.loss(x, cpu, Gradient::yes);
  const MuoneLoss b = model.loss(x, gpu, Gradient::yes);
  const MuoneLoss b2 = model.loss(x, gpu, Gradient::yes);
  cpu.precision = Precision::double_precision;
  const MuoneLoss d = model.loss(x, cpu, Gradient::yes);
  std::printf("loss: cpu float %.8g, gpu float %.8g, cpu double %.8g\n", a.loss, b.loss, d.loss);
  EXPECT_NEAR(b.loss / a.loss, 1.0, 1e-4);
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < d.gradient.size(); ++i) {
    diff += (b.gradient[i] - d.gradient[i]) * (b.gradient[i] - d.gradient[i]);
    norm += d.gradient[i] * d.gradient[i];
    EXPECT_EQ(b.gradient[i], b2.gradient[i]) << i;
  }
  std::printf("gradient: |gpu float - cpu double| / |cpu double| = %.3e\n", std::sqrt(diff / norm));
  EXPECT_LT(std::sqrt(diff / norm), 1e-3);
  EXPECT_EQ(b.loss, b2.loss);
}

}  // namespace
}  // namespace detgrad::muone
