// End-to-end gradient check of the tomography task: the hand-written adjoint against
// central finite differences with common random numbers (same seed and step), in double,
// for every parameter of every panel of the hello-world study.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "support/tomography_study.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {
namespace {

TEST(TomographyGradient, AdjointMatchesFiniteDifferences) {
  const TomographyModel model(test::hello_world_tomography(4000));
  DesignParams<double> design = model.initial_design();
  // Move the panels off their symmetric start so that every parameter matters.
  for (int i = 0; i < model.panel_count(); ++i) {
    design.panel[i].x += 0.03 * (i % 3 - 1);
    design.panel[i].y -= 0.02 * (i % 2);
    design.panel[i].span_x *= 0.9;
    design.panel[i].sigma *= 1.0 + 0.1 * i;
  }
  PassOptions options;
  options.muons = 4000;
  options.precision = Precision::double_precision;
  const DesignParams<double> reference = design;
  options.reference_design = &reference;
  const LossAndGradient base = evaluate(model, design, options, true);
  ASSERT_GT(base.terms.informed_voxels, 0);
  const std::vector<double> x = model.flatten(design);
  const std::vector<std::string> names = model.parameter_names();
  double largest_gradient = 0;
  for (double g : base.gradient) largest_gradient = std::max(largest_gradient, std::fabs(g));
  int checked = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double h = 1e-6 * std::max(std::fabs(x[i]), 1e-2);
    std::vector<double> plus = x, minus = x;
    plus[i] += h;
    minus[i] -= h;
    const double lp = evaluate(model, model.unflatten(plus), options, false).terms.total;
    const double lm = evaluate(model, model.unflatten(minus), options, false).terms.total;
    const double fd = (lp - lm) / (2 * h);
    const double ad = base.gradient[i];
    std::printf("%-24s adjoint %+.8e  fd %+.8e  rel %.2e\n", names[i].c_str(), ad, fd,
                std::fabs(ad - fd) / std::max(std::fabs(fd), 1e-300));
    if (std::fabs(fd) < 1e-6 * largest_gradient) continue;  // negligible
    ++checked;
    EXPECT_NEAR(ad, fd, 1e-4 * std::fabs(fd)) << names[i];
  }
  EXPECT_GT(checked, 30);
}

}  // namespace
}  // namespace detgrad::tomography
