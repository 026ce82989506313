// The MUonE passes on the CPU: bitwise the same for any number of threads, float close to
// double, and the loss's gradient through both passes (double) against central finite
// differences with common random numbers.
#include "muone/muone_passes.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstdio>

#include "muone/resolution_loss.hpp"
#include "muone/station_config.hpp"

namespace detgrad::muone {
namespace {

ModelSetup setup_with_bins(const ResolutionLossConfig& loss) {
  ModelSetup s;
  s.fixed = build_fixed(reference_station(), 99);
  s.n_bins = int(loss.q2_edges_GeV2.size()) - 1;
  for (std::size_t i = 0; i < loss.q2_edges_GeV2.size(); ++i) s.q2_edges_GeV2[i] = loss.q2_edges_GeV2[i];
  s.softness_m = 2e-3;
  return s;
}

ModelDesign<double> design() {
  ModelDesign<double> d;
  d.station = build_design<double>(reference_station());
  d.in = SideModel<double>{6e-10, 1e-11, 5e-10, 4e-9, 2e-10, 3e-9};
  d.out = SideModel<double>{7e-10, -2e-11, 6e-10, 5e-9, -3e-10, 4e-9};
  return d;
}

const ResolutionLossConfig kLoss{{0.001, 0.02, 0.06, 0.1, 0.1531}, 1.0};

TEST(MuonePasses, SameBitsForAnyThreadCount) {
  const ModelSetup s = setup_with_bins(kLoss);
  PassOptions o;
  o.events = 50000;
  o.step = 3;
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const std::vector<double> one = forward_pass(s, design(), o);
  const ModelDesign<double> g1 = adjoint_pass(s, design(), o, {1, 2, 3, 4}, {0.1, 0.2, 0.3, 0.4});
  omp_set_num_threads(2);
  const std::vector<double> two = forward_pass(s, design(), o);
  const ModelDesign<double> g2 = adjoint_pass(s, design(), o, {1, 2, 3, 4}, {0.1, 0.2, 0.3, 0.4});
  omp_set_num_threads(threads);
  EXPECT_EQ(one, two);
  for (int i = 0; i < model_parameter_count<double>(); ++i) EXPECT_EQ(flat(g1)[i], flat(g2)[i]) << i;
}

TEST(MuonePasses, FloatCloseToDouble) {
  const ModelSetup s = setup_with_bins(kLoss);
  PassOptions o;
  o.events = 20000;
  const std::vector<double> f = forward_pass(s, design(), o);
  o.precision = Precision::double_precision;
  const std::vector<double> d = forward_pass(s, design(), o);
  for (std::size_t i = 0; i < d.size(); ++i) EXPECT_NEAR(f[i] / d[i], 1.0, 2e-4) << i;
}

double loss_at(const ModelSetup& s, const ModelDesign<double>& d, const PassOptions& o) {
  return resolution_loss(kLoss, forward_pass(s, d, o)).loss;
}

TEST(MuonePasses, LossGradientAgainstFiniteDifferences) {
  const ModelSetup s = setup_with_bins(kLoss);
  PassOptions o;
  o.events = 20000;
  o.precision = Precision::double_precision;
  ModelDesign<double> d = design();
  const ResolutionLoss l = resolution_loss(kLoss, forward_pass(s, d, o));
  std::printf("relative q2 resolution per bin:");
  for (double r : l.resolution) std::printf(" %.4g", r);
  std::printf("  loss %.5g\n", l.loss);
  const ModelDesign<double> g = adjoint_pass(s, d, o, l.d_s, l.d_n);
  int checked = 0;
  double* x = flat(d);
  for (int i = 0; i < model_parameter_count<double>(); ++i) {
    const double keep = x[i];
    const bool matrix = i >= 3 * kMaxModules + 2;
    if (!matrix && i < 3 * kMaxModules && i / 3 >= s.fixed.n_modules) continue;
    // The loss is smooth only between event migrations (an event leaving a bin or the
    // acceptance), which make central differences scatter as 1/h below some step: for the
    // matrix entries, measured at 2e4 events (entry 54), steps of 1e-5, 5e-6, 2.5e-6 and
    // 1e-6 |x| scattered by up to 4e-4 relative around the adjoint, steps of 2e-5 and 4e-5
    // |x| agreed with it to 5e-5 and 3e-5. Hence 4e-5 |x|.
    const double h = matrix ? std::fabs(keep) * 4e-5 : 1e-6;
    if (h == 0) continue;
    x[i] = keep + h;
    const double up = loss_at(s, d, o);
    x[i] = keep - h;
    const double down = loss_at(s, d, o);
    x[i] = keep;
    const double fd = (up - down) / (2 * h);
    if (std::fabs(fd) * (matrix ? std::fabs(keep) : 0.01) < 1e-8 * l.loss) continue;
    ++checked;
    EXPECT_NEAR(flat(g)[i], fd, 1e-4 * std::fabs(fd)) << "parameter " << i;
  }
  std::printf("checked %d parameters\n", checked);
  EXPECT_GE(checked, 14);
}

}  // namespace
}  // namespace detgrad::muone
