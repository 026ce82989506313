// The evaluation mode over a batch: the gamma fraction from the templates finds the batch's
// true fraction within its error, and the utility terms follow their definitions; a batch's
// showers are the same bits however they are split (as MPI ranks split them) and on any
// number of threads.
#include "swgo/evaluation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include <omp.h>

#include "swgo/core_disc.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

Layout test_layout() {
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 127;
  g.spacing_m = 15.0;
  return generate_layout(g);
}

BatchSetup test_setup(const Layout& l) {
  BatchSetup b;
  b.tables = test::swgo_tables();
  b.source = make_shower_source(3, l.x, l.y, 200.0);
  b.array = {l.x.data(), l.y.data(), int(l.size()), kTankArea_m2, 1};
  return b;
}

bool same_bits(const double* a, const double* b, std::size_t n) { return std::memcmp(a, b, n * sizeof(double)) == 0; }

TEST(Evaluation, GammaFractionAndUtilityTerms) {
  const Layout l = test_layout();
  const BatchSetup b = test_setup(l);
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

// Showers 10 to 33 of a step at once on two threads, and as two pieces of 7 and 17 showers on
// one thread: the same results, bit for bit (what lets ranks split a batch).
TEST(Evaluation, ShowersAreTheSameHoweverTheBatchIsSplitAndOnAnyNumberOfThreads) {
  const Layout l = test_layout();
  const BatchSetup b = test_setup(l);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(2);
  const auto whole = run_showers(b, kEvaluationStep, 10, 24);
  omp_set_num_threads(1);
  auto pieces = run_showers(b, kEvaluationStep, 10, 7);
  const auto rest = run_showers(b, kEvaluationStep, 17, 17);
  omp_set_num_threads(threads);
  pieces.insert(pieces.end(), rest.begin(), rest.end());
  ASSERT_EQ(whole.size(), 24u);
  ASSERT_EQ(pieces.size(), 24u);
  int converged = 0;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const auto &a = whole[i], &c = pieces[i];
    EXPECT_EQ(a.truth.primary, c.truth.primary) << i;
    EXPECT_TRUE(same_bits(&a.truth.energy_PeV, &c.truth.energy_PeV, 1)) << i;
    EXPECT_TRUE(same_bits(&a.truth.x0, &c.truth.x0, 1) && same_bits(&a.truth.y0, &c.truth.y0, 1)) << i;
    EXPECT_EQ(a.truth.trials, c.truth.trials) << i;
    EXPECT_EQ(a.tanks_hit, c.tanks_hit) << i;
    EXPECT_TRUE(same_bits(&a.expected_tanks_hit, &c.expected_tanks_hit, 1)) << i;
    EXPECT_TRUE(same_bits(a.counts, c.counts, kSpecies)) << i;
    EXPECT_EQ(a.triggered, c.triggered) << i;
    for (int h = 0; h < kPrimaries; ++h) {
      EXPECT_EQ(a.fit[h].converged, c.fit[h].converged) << i << " " << h;
      EXPECT_EQ(a.fit[h].iterations, c.fit[h].iterations) << i << " " << h;
      if (!a.fit[h].converged) continue;
      ++converged;
      EXPECT_TRUE(same_bits(a.fit[h].a, c.fit[h].a, P)) << i << " " << h;
      EXPECT_TRUE(same_bits(&a.fit[h].cov[0][0], &c.fit[h].cov[0][0], P * P)) << i << " " << h;
      EXPECT_TRUE(same_bits(&a.fit[h].log_likelihood, &c.fit[h].log_likelihood, 1)) << i << " " << h;
    }
  }
  EXPECT_GT(converged, 24) << "too few fitted showers for the comparison to say much";
}

}  // namespace
}  // namespace detgrad::swgo
