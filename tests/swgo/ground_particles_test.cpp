#include "detgrad/swgo/ground_particles.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "swgo/swgo_tables.hpp"
#include "swgo/tank_expectation.hpp"
#include "swgo/tank_grid.hpp"

namespace detgrad::swgo {
namespace {

using detgrad::test::swgo_tables;

TEST(GroundParticles, ProfileParticlesIntegrateTheDensity) {
  const auto s = make_shower_image(swgo_tables(), Primary::gamma, 0.3, 0.2, 0.0, 0.0, 0.0, 1.0);
  for (int k = 0; k < 2; ++k) {
    const auto d = density_profile(Species(k), s.ldf[k]);
    // 2 pi int_0^inf a exp(-k R^p) R dR by the trapezoid rule in log R.
    double sum = 0;
    const int n = 20000;
    const double lo = std::log(1e-6), hi = std::log(1e5), h = (hi - lo) / n;
    for (int i = 0; i <= n; ++i) {
      const double R = std::exp(lo + i * h);
      sum += (i == 0 || i == n ? 0.5 : 1.0) * d.amplitude * std::exp(-d.slope * std::pow(R, d.power)) * R * R;
    }
    EXPECT_NEAR(profile_particles(d), 2 * M_PI * sum * h, 1e-6 * profile_particles(d)) << k;
  }
}

TEST(GroundParticles, TankCountsAgreeWithTheExpectedCountsWithinStatistics) {
  const auto s = make_shower_image(swgo_tables(), Primary::proton, test::kCheckEnergy_PeV, test::kCheckTheta,
                                   test::kCheckPhi, 0.0, 0.0, kTankArea_m2);
  const Layout tanks = test::check_tanks();
  TankGridStorage grid;
  build_tank_grid(tanks, kTankRadius_m, grid);
  const int* showers = test::kCheckShowers;
  std::vector<double> counts[2] = {std::vector<double>(tanks.size()), std::vector<double>(tanks.size())};
  for (int k = 0; k < 2; ++k) {
    for (int e = 0; e < showers[k]; ++e) {
      EventRandom rng(21, 0, RandomStream::task, std::uint64_t(e) * 2 + std::uint64_t(k));
      draw_ground_particles(s, Species(k), rng, [&](double dx, double dy) {
        const int t = grid.grid.find(dx, dy);
        if (t >= 0) counts[k][std::size_t(t)] += 1;
      });
    }
  }
  for (int k = 0; k < 2; ++k) {
    for (std::size_t t = 0; t < tanks.size(); ++t) {
      const double expected = showers[k] * test::tank_integral(s, Species(k), tanks.x[t], tanks.y[t], kTankRadius_m);
      ASSERT_GT(expected, 3.0) << k << " " << t;
      EXPECT_NEAR(counts[k][t], expected, 5 * std::sqrt(expected)) << "species " << k << " tank " << t;
    }
  }
}

TEST(GroundParticles, TankGridFindsTheTankOfAPoint) {
  Layout tanks;
  for (int i = 0; i < 30; ++i) tanks.add(5.0 * i, 7.0 * (i % 4));
  TankGridStorage grid;
  build_tank_grid(tanks, kTankRadius_m, grid);
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(grid.grid.find(5.0 * i + 1.0, 7.0 * (i % 4) - 1.5), i);
    EXPECT_EQ(grid.grid.find(5.0 * i + 1.91, 7.0 * (i % 4) + 0.05), -1);
  }
  EXPECT_EQ(grid.grid.find(-1000.0, 3.0), -1);
}

}  // namespace
}  // namespace detgrad::swgo
