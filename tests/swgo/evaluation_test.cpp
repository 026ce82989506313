// The evaluation mode over a batch: the gamma fraction from the templates finds the batch's
// true fraction within its error, and the utility terms follow their definitions.
#include "swgo/evaluation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "swgo/core_disc.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

TEST(Evaluation, GammaFractionAndUtilityTerms) {
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 127;
  g.spacing_m = 15.0;
  const Layout l = generate_layout(g);
  BatchSetup b;
  b.tables = test::swgo_tables();
  b.source = make_shower_source(3, l.x, l.y, 200.0);
  b.array = {l.x.data(), l.y.data(), int(l.size()), kTankArea_m2, 1};
  const auto templates = make_templates(run_showers(b, kTemplateStep, 0, 150));
  const auto batch = run_showers(b, kEvaluationStep, 0, 150);
  const EvaluationResult e = evaluate_batch(batch, templates, b.source.span_radius_m, UtilityCoefficients{});
  int usable = 0, gammas = 0;
  double sum_sigma = 0;
  for (const auto& r : batch) {
    if (usable_for_separation(r)) {
      ++usable;
      gammas += r.truth.primary == Primary::gamma;
    }
    if (r.truth.primary == Primary::gamma && r.triggered && r.fit[0].converged)
      sum_sigma += std::sqrt(r.fit[0].cov[kLogEnergy][kLogEnergy]);
  }
  ASSERT_GT(usable, 100);
  ASSERT_GT(e.fraction_sigma, 0.0);
  EXPECT_NEAR(e.fraction, double(gammas) / usable, 4 * e.fraction_sigma) << e.fraction << " +- " << e.fraction_sigma;
  EXPECT_NEAR(e.energy_term, 50.0 * double(e.gammas_used) / sum_sigma, 1e-9 * e.energy_term);
  EXPECT_GT(e.pointing_term, 0.0);
  EXPECT_LE(e.pointing_term, 2000.0);
  std::uint64_t trials = 0;
  for (const auto& r : batch) trials += r.truth.trials;
  EXPECT_NEAR(e.gamma_fraction_term, e.fraction / e.fraction_sigma * b.source.span_radius_m / std::sqrt(double(trials)),
              1e-9 * e.gamma_fraction_term);
  EXPECT_NEAR(e.utility, e.gamma_fraction_term + e.energy_term + e.pointing_term, 1e-9 * e.utility);
  EXPECT_GT(e.utility_error, 0.0);
  ASSERT_EQ(e.resolution.size(), 5u);
  int binned = 0;
  for (const auto& bin : e.resolution) binned += bin.showers;
  EXPECT_EQ(binned, int(e.gammas_used));
}

}  // namespace
}  // namespace detgrad::swgo
