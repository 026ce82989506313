// The particle stack's depth stays within floor(log2(E0 / c)) (shower_particle.hpp) at the
// high energy: 1 TeV electrons in a thick lead block, cuts at 1 MeV (the number of
// particles grows as E0 / cut; the bound only as log2(E0 / cut)).
#include <gtest/gtest.h>

#include <cstdio>

#include "calorimeter/shower_pass.hpp"

namespace detgrad::calorimeter {
namespace {

TEST(ParticleStack, DepthBoundHoldsAtHighEnergy) {
  StackSpec spec;
  spec.slabs = repeat({{"lead", 0.01, true}}, 20);  // 20 cm: 36 X0
  spec.half_width_m = 0.2;
  EmCuts cuts;
  cuts.electron_cut_GeV = 1e-3;
  cuts.photon_cut_GeV = 1e-3;
  const ShowerSetup setup(spec, cuts);
  const BeamSource<double> beam{ParticleType::electron, 1000.0, 0.0, 0.0};
  ShowerRunOptions o;
  o.showers = 2;
  o.precision = ShowerPrecision::single_precision;
  const ShowerTallies t = run_showers_cpu(setup, beam, o);
  const int bound = stack_depth_bound(1000.0, 1e-3);
  for (std::uint64_t i = 0; i < o.showers; ++i) {
    std::printf("1 TeV e- in lead, 1 MeV cuts: max stack depth %d (bound %d, capacity %d), %llu particles\n",
                t.max_stack_depth[i], bound, kShowerStackCapacity, (unsigned long long)(t.particles));
    EXPECT_LE(t.max_stack_depth[i], bound);
    EXPECT_GT(t.max_stack_depth[i], 5);  // a real cascade, not a trivial one
  }
  EXPECT_LT(stack_depth_bound(kTableMaxEnergy_GeV, kLowestCut_GeV), kShowerStackCapacity);
  EXPECT_EQ(t.overflows, 0);
}

TEST(ParticleStack, BoundFormula) {
  EXPECT_EQ(stack_depth_bound(1.0, 1.0), 0);
  EXPECT_EQ(stack_depth_bound(2.0, 1.0), 1);
  EXPECT_EQ(stack_depth_bound(3.9, 1.0), 1);
  EXPECT_EQ(stack_depth_bound(4.0, 1.0), 2);
  EXPECT_EQ(stack_depth_bound(1e5, 1e-5), 33);
}

}  // namespace
}  // namespace detgrad::calorimeter
