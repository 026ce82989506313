// The vertex depth integrated out of an elastic event's likelihood
// (alignment_depth_marginal.hpp): the hand-written derivative of chi2_min + log S in the
// globals agrees with central differences of the event fit (double), at a misaligned
// geometry, for every global that the hits' covariance does not depend on (du, rot_z, the
// tilts and bows of the modules, the target's tilts; the covariance, held fixed by the fit,
// moves with the z positions, whose mixed second derivatives alignment_geometry_test checks).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "muone/alignment_data.hpp"
#include "muone/alignment_solver.hpp"
#include "muone/misalignment_config.hpp"

namespace detgrad::muone {
namespace {

MuoneStudyConfig misaligned_study() {
  MuoneStudyConfig s;
  s.station = reference_station();
  s.common.seed = 5;
  MisalignmentConfig& m = s.misalignment;
  m.present = true;
  m.seed = 77;
  m.widths.module[kDu] = 30e-6;
  m.widths.module[kDz] = 1e-4;
  m.widths.module[kRotZ] = 3e-4;
  m.widths.module[kTiltU] = m.widths.module[kTiltV] = 3e-4;
  m.widths.module[kBow] = 2e-5;
  m.widths.target[kTargetDz] = 1e-4;
  m.widths.target[kTargetTiltX] = m.widths.target[kTargetTiltY] = 3e-4;
  return s;
}

// chi2_min and log S of one event at an alignment; false if the event is not used.
bool objective(const AlignmentGeometry& g, const RecordedEvent& ev, AlignmentEventRows& rows, double& chi2,
               double& log_s) {
  if (!fit_alignment_event(g, ev, rows)) return false;
  chi2 = rows.chi2;
  log_s = std::log(rows.depth_information);
  return true;
}

constexpr int kSteps = 10;

TEST(AlignmentDepthMarginal, GradientAgreesWithFiniteDifferences) {
  const MuoneStudyConfig s = misaligned_study();
  const std::vector<RecordedEvent> events = simulate_alignment_records(s, 40);
  const StationFixed fixed = build_fixed(s.station, s.common.seed);
  const StationDesign<double> design = build_design<double>(s.station);
  // The fit at the true geometry's neighbourhood: the drawn truth plus a further offset.
  StationAlignment<double> at = true_alignment(s.misalignment, s.station);
  for (std::size_t m = 0; m < s.station.modules.size(); ++m) at.module[m].dv = 0.0;
  const int n_mod = int(s.station.modules.size());
  const int n = alignment_global_count(s.station);
  std::unique_ptr<AlignmentEventRows> rows(new AlignmentEventRows), probe(new AlignmentEventRows);
  int checked_events = 0, checked = 0;
  double worst = 0.0, largest_log_s = 0.0;
  for (const RecordedEvent& ev : events) {
    if (ev.kind != AlignmentEventKind::elastic) continue;
    // The hits' covariance held at the one of the unperturbed fit, as the fit holds it.
    if (!fit_alignment_event(AlignmentGeometry{&fixed, &design, at, nullptr, kSteps}, ev, *rows)) continue;
    double weights[kMaxAlignmentLocals];
    for (int k = 0; k < kMaxAlignmentLocals; ++k) weights[k] = rows->weight_locals[k];
    // Ten steps on the locals: log S's derivative is that of the exact optimum.
    const AlignmentGeometry g{&fixed, &design, at, weights, kSteps};
    double chi2 = 0.0, log_s = 0.0;
    if (!objective(g, ev, *rows, chi2, log_s)) continue;
    ASSERT_GT(rows->depth_information, 0.0);
    ++checked_events;
    for (int i = 0; i < n; ++i) {
      const bool module = i < kFittedModuleParameters * n_mod;
      const int p = module ? i % kFittedModuleParameters : i - kFittedModuleParameters * n_mod;
      if (module ? p == kDz : p == kTargetDz) continue;  // the covariance moves with z
      // d(chi2_min)/dg = -2 B^T r = -2 Z^T r at the locals' optimum.
      double analytic_chi2 = 0.0;
      for (int r = 0; r < rows->n_rows; ++r) analytic_chi2 -= 2.0 * rows->z[r][i] * rows->r[r];
      const double analytic_log_s = rows->depth_log_information_gradient[i];
      const double h = module && p == kDu ? 1e-7 : (module && p == kBow ? 1e-6 : 1e-5);
      StationAlignment<double> plus = at, minus = at;
      if (module) {
        module_parameter_ref(plus.module[i / kFittedModuleParameters], p) += h;
        module_parameter_ref(minus.module[i / kFittedModuleParameters], p) -= h;
      } else {
        (p == kTargetTiltX ? plus.target.tilt_x : plus.target.tilt_y) += h;
        (p == kTargetTiltX ? minus.target.tilt_x : minus.target.tilt_y) -= h;
      }
      double chi2_plus, chi2_minus, log_s_plus, log_s_minus;
      if (!objective(AlignmentGeometry{&fixed, &design, plus, weights, kSteps}, ev, *probe, chi2_plus, log_s_plus)) continue;
      if (!objective(AlignmentGeometry{&fixed, &design, minus, weights, kSteps}, ev, *probe, chi2_minus, log_s_minus)) continue;
      const double numeric_chi2 = (chi2_plus - chi2_minus) / (2.0 * h);
      const double numeric_log_s = (log_s_plus - log_s_minus) / (2.0 * h);
      worst = std::max(worst, std::fabs(analytic_log_s - numeric_log_s) / (std::fabs(numeric_log_s) + 1.0));
      largest_log_s = std::max(largest_log_s, std::fabs(numeric_log_s));
      EXPECT_NEAR(analytic_chi2, numeric_chi2, 1e-5 * (std::fabs(numeric_chi2) + 1.0)) << "event parameter " << i;
      EXPECT_NEAR(analytic_log_s, numeric_log_s, 1e-5 * (std::fabs(numeric_log_s) + 1.0)) << "event parameter " << i;
      ++checked;
    }
  }
  std::printf("%d events, %d derivatives, largest |d log S / dg| %.3g, largest difference %.2e of (|it| + 1)\n",
              checked_events, checked, largest_log_s, worst);
  EXPECT_GT(checked_events, 10);
  EXPECT_GT(largest_log_s, 1.0);  // the check sees the log-determinant's derivative
}

}  // namespace
}  // namespace detgrad::muone
