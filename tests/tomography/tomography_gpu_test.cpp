// The tomography passes on the CUDA executor: float on the GPU agrees with double on the
// CPU within 1e-3 (DESIGN.md, Testing): the loss relative, the gradient in the relative
// 2-norm (see precision_test.cpp); and the GPU results are bitwise reproducible.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "support/gpu.hpp"
#include "support/tomography_study.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {
namespace {

TEST(TomographyGpu, FloatGpuGradientMatchesDoubleCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const TomographyModel model(test::hello_world_tomography(1));
  const DesignParams<double> design = model.initial_design();
  PassOptions cpu;
  cpu.muons = 200000;
  cpu.precision = Precision::double_precision;
  PassOptions gpu = cpu;
  gpu.backend = Backend::cuda;
  gpu.precision = Precision::single;
  const LossAndGradient reference = evaluate(model, design, cpu, true);
  const LossAndGradient device = evaluate(model, design, gpu, true);
  EXPECT_NEAR(device.terms.total, reference.terms.total, 1e-3 * std::fabs(reference.terms.total));
  double difference = 0, norm = 0;
  const std::vector<std::string> names = model.parameter_names();
  for (std::size_t i = 0; i < reference.gradient.size(); ++i) {
    const double r = reference.gradient[i], d = device.gradient[i];
    std::printf("%-24s cpu double %+.6e  gpu float %+.6e\n", names[i].c_str(), r, d);
    difference += (d - r) * (d - r);
    norm += r * r;
  }
  EXPECT_LE(std::sqrt(difference / norm), 1e-3);
}

TEST(TomographyGpu, BitwiseReproducible) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const TomographyModel model(test::hello_world_tomography(1));
  PassOptions gpu;
  gpu.muons = 300000;
  gpu.backend = Backend::cuda;
  const LossAndGradient first = evaluate(model, model.initial_design(), gpu, true);
  const LossAndGradient second = evaluate(model, model.initial_design(), gpu, true);
  EXPECT_EQ(first.terms.total, second.terms.total);
  EXPECT_EQ(first.gradient, second.gradient);
}

}  // namespace
}  // namespace detgrad::tomography
