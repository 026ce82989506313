// The calorimeter's showers on the CUDA executor against the CPU pass (float both): the
// same per-particle code and random numbers. A shower's particles follow the same path until
// the first float rounding that differs between the two compilers (fused multiply-adds),
// after which the shower differs, so the comparison is statistical: mean visible energy
// within 4 standard errors, sigma/E within 15 %; every GPU shower balances its energy to
// 1e-4 (float); two GPU runs are bitwise identical.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calorimeter/shower_pass.hpp"
#include "support/gpu.hpp"

namespace detgrad::calorimeter {
namespace {

struct Stats {
  double mean, rms;
};

Stats visible_stats(const ShowerSetup& setup, const ShowerTallies& t) {
  double s1 = 0, s2 = 0;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    const double v = t.visible(setup, i);
    s1 += v;
    s2 += v * v;
  }
  const double mean = s1 / t.showers;
  return {mean, std::sqrt(s2 / t.showers - mean * mean)};
}

TEST(CaloGpu, ShowersMatchTheCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  StackSpec spec;
  spec.slabs = repeat({{"lead", 2e-3, false}, {"polystyrene", 4e-3, true}}, 66);
  spec.half_width_m = 0.06;
  const ShowerSetup setup(spec, EmCuts{});
  const BeamSource<double> beam{ParticleType::electron, 2.0, 0.0, 0.001};
  ShowerRunOptions o;
  o.showers = 2000;
  o.precision = ShowerPrecision::single_precision;
  const ShowerTallies cpu = run_showers_cpu(setup, beam, o);
  const ShowerTallies gpu = run_showers_cuda(setup, beam, o);
  const ShowerTallies gpu2 = run_showers_cuda(setup, beam, o);
  const Stats c = visible_stats(setup, cpu), g = visible_stats(setup, gpu);
  std::printf("visible: cpu %.5f +- %.5f GeV (rms %.5f), gpu %.5f (rms %.5f); steps cpu %llu gpu %llu\n", c.mean,
              c.rms / std::sqrt(double(o.showers)), c.rms, g.mean, g.rms, (unsigned long long)cpu.steps,
              (unsigned long long)gpu.steps);
  EXPECT_NEAR(g.mean, c.mean, 4.0 * std::sqrt(2.0) * c.rms / std::sqrt(double(o.showers)));
  EXPECT_NEAR(g.rms / g.mean, c.rms / c.mean, 0.15 * c.rms / c.mean);
  double worst = 0;
  for (std::uint64_t i = 0; i < o.showers; ++i)
    worst = std::fmax(worst, std::fabs(gpu.continuous[i] + gpu.below_cut[i] + gpu.escaped[i] - 2.0) / 2.0);
  std::printf("gpu: worst energy imbalance %.3e\n", worst);
  EXPECT_LT(worst, 1e-4);
  EXPECT_EQ(gpu.slab_deposit, gpu2.slab_deposit);
  EXPECT_EQ(gpu.steps, gpu2.steps);
}

}  // namespace
}  // namespace detgrad::calorimeter
