// The loss over several training volumes (the ladle-furnace study's generated volumes):
// adjoint against central finite differences with common random numbers, in double, for
// the fill-height loss after a linear correction fitted over the volumes, whose
// correction couples the volumes. Also: the volumes' passes, run side by side on the CPU
// threads when each has few muons, give bitwise the same loss and gradient on one thread.
#include <gtest/gtest.h>
#include <omp.h>

#include <cstdio>
#include <string>

#include "tomography/support/config_study.hpp"
#include "tomography/gradient_check.hpp"

namespace detgrad::tomography {
namespace {

TEST(VolumesGradient, CalibratedFillHeightMatchesFiniteDifferences) {
  TomographyStudyConfig study = test::load_config_study("ladle_furnace");
  study.volumes->per_step = 4;
  const TomographyModel model(study);
  const std::vector<TomographyVolume> volumes = model.training_volumes(0);
  ASSERT_EQ(volumes.size(), 4u);
  DesignParams<double> design = model.initial_design();
  for (int i = 0; i < model.panel_count(); ++i) design.panel[i].x += 0.02 * (i % 3 - 1);
  PassOptions options;
  options.events = 3000;
  options.precision = Precision::double_precision;
  options.reference_design = &design;
  const GradientCheck check = check_gradient(model, design, [&](const DesignParams<double>& d, bool gradient) {
    return evaluate_over_volumes(model, d, options, volumes, gradient);
  });
  ASSERT_GT(check.loss, 0.0);
  int judged = 0;
  for (const ParameterCheck& p : check.parameters) {
    std::printf("%-24s adjoint %+.8e  fd %+.8e  rel %.2e\n", p.name.c_str(), p.adjoint, p.finite_difference,
                p.relative_error);
    if (p.negligible) continue;
    ++judged;
    EXPECT_LE(p.relative_error, 1e-4) << p.name;
  }
  EXPECT_GT(judged, 20);
}

TEST(VolumesGradient, SameLossAndGradientOnOneOrTwoThreads) {
  TomographyStudyConfig study = test::load_config_study("ladle_furnace");
  study.volumes->per_step = 6;
  const TomographyModel model(study);
  const std::vector<TomographyVolume> volumes = model.training_volumes(0);
  const DesignParams<double> design = model.initial_design();
  PassOptions options;
  options.events = 1000;  // fewer than a reduction block: the volumes run side by side
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const LossAndGradient one = evaluate_over_volumes(model, design, options, volumes, true);
  omp_set_num_threads(2);
  const LossAndGradient two = evaluate_over_volumes(model, design, options, volumes, true);
  omp_set_num_threads(threads);
  ASSERT_GT(one.terms.task, 0.0);
  EXPECT_EQ(one.terms.total, two.terms.total);
  ASSERT_EQ(one.gradient.size(), two.gradient.size());
  for (std::size_t i = 0; i < one.gradient.size(); ++i) EXPECT_EQ(one.gradient[i], two.gradient[i]) << i;
  // The same with the plain mean over volumes (below three volumes, no linear correction).
  const std::vector<TomographyVolume> pair(volumes.begin(), volumes.begin() + 2);
  omp_set_num_threads(1);
  const LossAndGradient mean_one = evaluate_over_volumes(model, design, options, pair, true);
  omp_set_num_threads(2);
  const LossAndGradient mean_two = evaluate_over_volumes(model, design, options, pair, true);
  omp_set_num_threads(threads);
  EXPECT_EQ(mean_one.terms.total, mean_two.terms.total);
  for (std::size_t i = 0; i < mean_one.gradient.size(); ++i) EXPECT_EQ(mean_one.gradient[i], mean_two.gradient[i]) << i;
}

}  // namespace
}  // namespace detgrad::tomography
