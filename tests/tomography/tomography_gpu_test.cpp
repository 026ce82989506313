// The tomography passes on the CUDA executor: float on the GPU agrees with double on the
// CPU: the loss within 1e-3 relative, the gradient by less than a hundredth of its Monte Carlo
// standard error (support/gradient_noise.hpp, as precision_test.cpp on the CPU); and the
// GPU results are bitwise reproducible.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "support/gpu.hpp"
#include "support/gradient_noise.hpp"
#include "tomography/support/tomography_study.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {
namespace {

TEST(TomographyGpu, FloatGpuGradientMatchesDoubleCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const TomographyModel model(test::hello_world_tomography(1));
  const DesignParams<double> design = model.initial_design();
  PassOptions cpu;
  cpu.events = 200000;
  cpu.precision = Precision::double_precision;
  PassOptions gpu = cpu;
  gpu.backend = Backend::cuda;
  gpu.precision = Precision::single;
  const LossAndGradient reference = evaluate(model, design, cpu, true);
  const LossAndGradient device = evaluate(model, design, gpu, true);
  EXPECT_NEAR(device.terms.total, reference.terms.total, 1e-3 * std::fabs(reference.terms.total));
  const std::vector<std::string> names = model.parameter_names();
  for (std::size_t i = 0; i < reference.gradient.size(); ++i)
    std::printf("%-24s cpu double %+.6e  gpu float %+.6e\n", names[i].c_str(), reference.gradient[i], device.gradient[i]);
  const double difference = test::difference_norm(device.gradient, reference.gradient);
  const double noise = test::gradient_standard_error(model, design, cpu.events, 10);
  std::printf("gradient: |gpu float - cpu double| %.4g, relative %.3e; Monte Carlo standard error %.4g\n", difference,
              difference / test::norm(reference.gradient), noise);
  EXPECT_LE(difference, 0.01 * noise);
}

TEST(TomographyGpu, BitwiseReproducible) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const TomographyModel model(test::hello_world_tomography(1));
  PassOptions gpu;
  gpu.events = 300000;
  gpu.backend = Backend::cuda;
  const LossAndGradient first = evaluate(model, model.initial_design(), gpu, true);
  const LossAndGradient second = evaluate(model, model.initial_design(), gpu, true);
  EXPECT_EQ(first.terms.total, second.terms.total);
  EXPECT_EQ(first.gradient, second.gradient);
}

}  // namespace
}  // namespace detgrad::tomography
