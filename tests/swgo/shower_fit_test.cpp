#include "detgrad/swgo/shower_event.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "swgo/core_disc.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

double wrap(double d) { return d - 2 * M_PI * std::round(d / (2 * M_PI)); }

// Reconstruction on a small array of single tanks: convergence and pulls of the true
// hypothesis' fits (fit - true) / sigma.
TEST(ShowerFit, ConvergesWithPullsOfUnitWidth) {
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 127;
  g.spacing_m = 15.0;
  const Layout layout = generate_layout(g);
  // Cores within 200 m of a unit (the reference draws them up to 2 km away, where a 127-tank
  // array still triggers on 10 PeV showers but cannot constrain them).
  auto source = make_shower_source(17, layout.x, layout.y, 200.0);
  ArrayView<double> array{layout.x.data(), layout.y.data(), int(layout.size()), kTankArea_m2, 1};
  std::vector<UnitObservation<double>> scratch(layout.size());
  int triggered = 0, converged = 0;
  double pull2[P] = {0, 0, 0, 0, 0};
  int pulls = 0;
  for (std::uint64_t i = 0; triggered < 120 && i < 4000; ++i) {
    const auto r = run_shower(test::swgo_tables(), source, array, 0, i, TimeErrors::recorded, scratch.data());
    if (!r.triggered) continue;
    ++triggered;
    const auto& f = r.fit[int(r.truth.primary)];
    if (!f.converged) continue;
    ++converged;
    const double truth[P] = {r.truth.x0, r.truth.y0, r.truth.theta, r.truth.phi, std::log(r.truth.energy_PeV)};
    double d[P];
    for (int p = 0; p < P; ++p) d[p] = f.a[p] - truth[p];
    d[kPhi] = wrap(d[kPhi]);
    for (int p = 0; p < P; ++p) pull2[p] += d[p] * d[p] / f.cov[p][p];
    ++pulls;
  }
  ASSERT_GE(triggered, 120);
  std::printf("pulls of %d showers\n", pulls);
  std::printf("converged %d of %d triggered\n", converged, triggered);
  EXPECT_GE(converged, int(std::ceil(0.99 * triggered)));
  for (int p = 0; p < P; ++p) {
    const double rms = std::sqrt(pull2[p] / pulls);
    std::printf("pull rms %d: %.3f\n", p, rms);
    EXPECT_GT(rms, 0.8) << p;
    EXPECT_LT(rms, 1.25) << p;
  }
}

}  // namespace
}  // namespace detgrad::swgo
