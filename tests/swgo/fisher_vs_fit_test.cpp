// The optimisation mode against the evaluation mode: the expected errors (Fisher information
// at the truth) against the errors the fits of sampled showers report (their Hessians).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "detgrad/swgo/fisher_utility.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TEST(FisherVersusFit, ExpectedErrorsMatchTheFitsErrors) {
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 127;
  g.spacing_m = 15.0;
  const Layout layout = generate_layout(g);
  const auto source = make_shower_source(31, layout.x, layout.y, 200.0);
  FisherSetup<double> setup;
  setup.tables = test::swgo_tables();
  setup.source = source;
  setup.array = {layout.x.data(), layout.y.data(), int(layout.size()), kTankArea_m2, 1};
  std::vector<UnitObservation<double>> scratch(layout.size());
  std::vector<double> ratio[P];
  int used = 0;
  for (std::uint64_t i = 0; used < 60 && i < 3000; ++i) {
    if (setup.source(0, i).primary != Primary::gamma) continue;
    const auto r = run_shower(setup.tables, setup.source, setup.array, 0, i, TimeErrors::recorded, scratch.data());
    if (!r.triggered || !r.fit[0].converged) continue;
    const auto f = fisher_shower(setup, r.truth);
    if (!f.regular) continue;
    for (int p = 0; p < P; ++p) ratio[p].push_back(std::sqrt(r.fit[0].cov[p][p] / f.covariance[p][p]));
    ++used;
  }
  ASSERT_GE(used, 60);
  for (int p = 0; p < P; ++p) {
    const double m = median(ratio[p]);
    std::printf("parameter %d: median fit error / expected error %.3f\n", p, m);
    EXPECT_GT(m, 0.9) << p;
    EXPECT_LT(m, 1.1) << p;
  }
}

}  // namespace
}  // namespace detgrad::swgo
