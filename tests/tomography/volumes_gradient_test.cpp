// The loss over several training volumes (the ladle-furnace study's generated volumes):
// adjoint against central finite differences with common random numbers, in double, for
// the fill-height loss after a linear correction fitted over the volumes, whose
// correction couples the volumes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "detgrad/study/study_json.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {
namespace {

TEST(VolumesGradient, CalibratedFillHeightMatchesFiniteDifferences) {
  const char* source = std::getenv("DETGRAD_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "DETGRAD_SOURCE_DIR is set by CTest";
  StudyConfig study = load_study_file(std::string(source) + "/configs/tomography/ladle_furnace.json");
  study.volumes->per_step = 4;
  const TomographyModel model(study);
  const std::vector<TomographyVolume> volumes = model.training_volumes(0);
  ASSERT_EQ(volumes.size(), 4u);
  DesignParams<double> design = model.initial_design();
  for (int i = 0; i < model.panel_count(); ++i) design.panel[i].x += 0.02 * (i % 3 - 1);
  PassOptions options;
  options.muons = 3000;
  options.precision = Precision::double_precision;
  options.reference_design = &design;
  const LossAndGradient base = evaluate_over_volumes(model, design, options, volumes, true);
  ASSERT_GT(base.terms.task, 0.0);
  const std::vector<double> x = model.flatten(design);
  const std::vector<std::string> names = model.parameter_names();
  double largest = 0;
  for (double g : base.gradient) largest = std::max(largest, std::fabs(g));
  int judged = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    double best = 1e300, best_fd = 0;
    for (double relative : {1e-6, 1e-5}) {  // as host/tomography/gradient_check.hpp
      const double h = relative * std::max(std::fabs(x[i]), 1e-6);
      std::vector<double> plus = x, minus = x;
      plus[i] += h;
      minus[i] -= h;
      const double fd = (evaluate_over_volumes(model, model.unflatten(plus), options, volumes, false).terms.total -
                         evaluate_over_volumes(model, model.unflatten(minus), options, volumes, false).terms.total) /
                        (2 * h);
      const double error = std::fabs(base.gradient[i] - fd) / std::max(std::fabs(fd), 1e-300);
      if (error < best) best = error, best_fd = fd;
    }
    std::printf("%-24s adjoint %+.8e  fd %+.8e  rel %.2e\n", names[i].c_str(), base.gradient[i], best_fd, best);
    if (std::fabs(best_fd) < 1e-6 * largest) continue;
    ++judged;
    EXPECT_LE(best, 1e-4) << names[i];
  }
  EXPECT_GT(judged, 20);
}

}  // namespace
}  // namespace detgrad::tomography
