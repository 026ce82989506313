// Energy conservation per shower and replay: deposited (along steps + below the cuts) +
// escaped = E0, to 1e-9 relative in double; the float figure printed and bounded.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include <omp.h>

#include "calorimeter/shower_pass.hpp"

namespace detgrad::calorimeter {
namespace {

StackSpec pb_scint(int layers) {
  StackSpec s;
  s.slabs = repeat({{"lead", 2e-3, false}, {"polystyrene", 4e-3, true}}, layers);
  s.half_width_m = 0.1;
  return s;
}

double worst_imbalance(const ShowerSetup& setup, const BeamSource<double>& beam, ShowerPrecision precision,
                       std::uint64_t showers) {
  ShowerRunOptions o;
  o.showers = showers;
  o.seed = 7;
  o.precision = precision;
  const ShowerTallies t = run_showers_cpu(setup, beam, o);
  const double e0 = shower_energy(beam);
  double worst = 0.0;
  for (std::uint64_t i = 0; i < showers; ++i) {
    double slabs = 0.0;
    for (int s = 0; s < t.slabs; ++s) slabs += t.slab(i, s);
    const double balance = t.continuous[i] + t.below_cut[i] + t.escaped[i];
    worst = std::fmax(worst, std::fabs(balance - e0) / e0);
    EXPECT_NEAR(slabs, t.continuous[i] + t.below_cut[i], 1e-12 * e0);
  }
  EXPECT_EQ(t.overflows, 0);
  return worst;
}

TEST(ShowerConservation, EveryParticleTypeBalancesInDouble) {
  // Short stack: much of the energy escapes, so the escape bookkeeping is tested too.
  const ShowerSetup setup(pb_scint(10), EmCuts{});
  for (ParticleType type : {ParticleType::electron, ParticleType::positron, ParticleType::photon, ParticleType::muon}) {
    const BeamSource<double> beam{type, 2.0, 0.2, 0.005};
    const double worst = worst_imbalance(setup, beam, ShowerPrecision::double_precision, 20);
    std::printf("type %d: worst |deposited + escaped - E0| / E0 = %.3e (double)\n", int(type), worst);
    EXPECT_LT(worst, 1e-9);
  }
}

TEST(ShowerConservation, FloatFigure) {
  const ShowerSetup setup(pb_scint(66), EmCuts{});
  const BeamSource<double> beam{ParticleType::electron, 10.0, 0.0, 0.0};
  const double worst = worst_imbalance(setup, beam, ShowerPrecision::single_precision, 10);
  std::printf("10 GeV e- in 66 x (2 mm Pb, 4 mm scintillator): worst imbalance %.3e (float)\n", worst);
  EXPECT_LT(worst, 1e-4);
}

TEST(ShowerConservation, ShowersReplayIdentically) {
  const ShowerSetup setup(pb_scint(20), EmCuts{});
  const BeamSource<double> beam{ParticleType::electron, 1.0, 0.0, 0.0};
  ShowerRunOptions all;
  all.showers = 8;
  const ShowerTallies a = run_showers_cpu(setup, beam, all);
  ShowerRunOptions one = all;
  one.first = 5;
  one.showers = 1;
  const ShowerTallies b = run_showers_cpu(setup, beam, one);
  for (int s = 0; s < a.slabs; ++s) EXPECT_EQ(a.slab(5, s), b.slab(0, s)) << s;
  EXPECT_NE(a.slab(4, 3), a.slab(5, 3));
}

TEST(ShowerConservation, ResultsDoNotDependOnTheThreadCount) {
  const ShowerSetup setup(pb_scint(20), EmCuts{});
  const BeamSource<double> beam{ParticleType::photon, 2.0, 0.0, 0.002};
  ShowerRunOptions o;
  o.showers = 12;
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const ShowerTallies one = run_showers_cpu(setup, beam, o);
  omp_set_num_threads(3);
  const ShowerTallies three = run_showers_cpu(setup, beam, o);
  omp_set_num_threads(threads);
  EXPECT_EQ(one.slab_deposit, three.slab_deposit);
  EXPECT_EQ(one.escaped, three.escaped);
  EXPECT_EQ(one.steps, three.steps);
}

}  // namespace
}  // namespace detgrad::calorimeter
