// The particle-level mode on the CUDA executor (float, a warp per shower) against the CPU
// pass (double) on the same showers, and against the expected counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "support/gpu.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/cuda_particles.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"
#include "swgo/tank_expectation.hpp"
#include "swgo/tank_grid.hpp"

namespace detgrad::swgo {
namespace {

// Float rounding may move a particle across a tank's edge, or flip a Gamma draw's acceptance
// and with it the rest of a shower's sequence: the two passes are then two samples of the
// same showers, whose counts differ by at most sqrt(a + b) per standard deviation (Poisson).
void expect_within_statistics(double gpu, double cpu, const char* what) {
  EXPECT_NEAR(gpu, cpu, 5.0 * std::sqrt(gpu + cpu)) << what;
}

TEST(ParticlesGpu, AgreesWithTheCpuPass) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 127;
  g.spacing_m = 6.0;
  const Layout l = generate_layout(g);
  TankGridStorage grid;
  build_tank_grid(l, kTankRadius_m, grid);
  ParticleSetup<double, ShowerSource<double>> s;
  s.tables = detgrad::test::swgo_tables();
  s.showers = make_shower_source(5, l.x, l.y, 40.0);
  s.showers.energy_max_PeV = 0.3;  // 3e5 to 7e5 particles a shower
  s.tanks = grid.grid;
  s.seed = 5;
  const std::uint64_t showers = 200;
  const ParticleCounts cpu = count_particles(s, 2, 0, showers);
  const ParticleCounts gpu = count_particles_cuda(s, 2, 0, showers);
  ASSERT_EQ(gpu.tanks, cpu.tanks);
  for (int k = 0; k < kSpecies; ++k) {
    ASSERT_GT(cpu.totals.in_tanks[k], 1000u) << k;
    expect_within_statistics(double(gpu.totals.drawn[k]), double(cpu.totals.drawn[k]), "particles drawn");
    expect_within_statistics(double(gpu.totals.in_tanks[k]), double(cpu.totals.in_tanks[k]), "particles in tanks");
    // The per-tank counts add up to the tally.
    std::uint64_t sum = 0;
    for (int t = 0; t < gpu.tanks; ++t) sum += gpu.count(Species(k), t);
    EXPECT_EQ(sum, gpu.totals.in_tanks[k]) << k;
    // The ten busiest tanks, one by one.
    std::vector<int> order(std::size_t(cpu.tanks));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return cpu.count(Species(k), a) > cpu.count(Species(k), b); });
    for (int i = 0; i < 10; ++i) {
      const int t = order[std::size_t(i)];
      expect_within_statistics(double(gpu.count(Species(k), t)), double(cpu.count(Species(k), t)), "a busy tank");
    }
  }
}

TEST(ParticlesGpu, TankCountsAgreeWithTheExpectedCountsWithinStatistics) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const Layout tanks = test::check_tanks();
  TankGridStorage grid;
  build_tank_grid(tanks, kTankRadius_m, grid);
  ParticleSetup<double, FixedShower<double>> s;
  s.tables = detgrad::test::swgo_tables();
  s.showers.shower = {Primary::proton, test::kCheckEnergy_PeV, test::kCheckTheta, test::kCheckPhi, 0.0, 0.0, 1};
  s.tanks = grid.grid;
  s.seed = 21;
  const auto image = make_shower_image(s.tables, Primary::proton, test::kCheckEnergy_PeV, test::kCheckTheta,
                                       test::kCheckPhi, 0.0, 0.0, kTankArea_m2);
  for (int k = 0; k < kSpecies; ++k) {
    s.species_begin = k;
    s.species_end = k + 1;
    const ParticleCounts gpu = count_particles_cuda(s, 0, 0, std::uint64_t(test::kCheckShowers[k]));
    for (int t = 0; t < int(tanks.size()); ++t) {
      const double expected = test::kCheckShowers[k] *
                              test::tank_integral(image, Species(k), tanks.x[std::size_t(t)], tanks.y[std::size_t(t)], kTankRadius_m);
      ASSERT_GT(expected, 3.0) << k << " " << t;
      EXPECT_NEAR(double(gpu.count(Species(k), t)), expected, 5 * std::sqrt(expected)) << "species " << k << " tank " << t;
    }
  }
}

}  // namespace
}  // namespace detgrad::swgo
