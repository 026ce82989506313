// The optimisation mode on the CUDA executor (float) against the CPU (double) on the same
// showers: utility terms and gradient.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "support/gpu.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/cuda_fisher.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

TEST(FisherUtilityGpu, AgreesWithTheCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 61;
  g.spacing_m = 40.0;
  const Layout l = generate_layout(g);
  FisherSetup<double> s;
  s.tables = test::swgo_tables();
  s.source = make_shower_source(5, l.x, l.y, 1000.0);
  s.array = {l.x.data(), l.y.data(), int(l.size()), kMacroUnitArea_m2, kTanksPerMacroUnit};
  const UtilityCoefficients c;
  const FisherUtility cpu = fisher_utility(s, 0, 0, 4000, c, true);
  const FisherUtility gpu = fisher_utility_cuda(s, 0, 0, 4000, c, true);
  EXPECT_NEAR(gpu.accumulators[3], cpu.accumulators[3], 0.5);  // the same gamma showers
  EXPECT_NEAR(gpu.energy_term, cpu.energy_term, 1e-3 * cpu.energy_term);
  EXPECT_NEAR(gpu.pointing_term, cpu.pointing_term, 1e-3 * cpu.pointing_term);
  double num = 0, den = 0;
  for (std::size_t i = 0; i < cpu.gradient.size(); ++i) {
    num += (gpu.gradient[i] - cpu.gradient[i]) * (gpu.gradient[i] - cpu.gradient[i]);
    den += cpu.gradient[i] * cpu.gradient[i];
  }
  EXPECT_LT(std::sqrt(num / den), 1e-2);  // relative 2-norm of the float-double difference
}

}  // namespace
}  // namespace detgrad::swgo
