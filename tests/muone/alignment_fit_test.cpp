// The alignment fit of a MUonE station (alignment_solver.hpp): the affine gauge modes are
// null modes of the normal equations, the passes give the same bits for any number of
// threads, a station misaligned by known amounts is recovered from simulated hits within 3
// of the fitted uncertainties (truth taken in the fit's gauge), and the pulls over repeated
// seeds (new misalignment, new data) have mean about 0 and rms about 1; the cut on the
// electron's momentum (muone.alignment.min_electron_GeV) leaves out exactly the events whose
// electron, by its fitted angle, is below it.
#include "muone/alignment_solver.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "muone/alignment_data.hpp"

namespace detgrad::muone {
namespace {

// Widths of the drawn misalignment: tens of um, tenths of mrad for the well-measured kinds;
// the priors' widths (AlignmentFitConfig) for the kinds that the priors constrain.
MuoneStudyConfig misaligned_study(std::uint64_t seed) {
  MuoneStudyConfig s;
  s.station = reference_station();
  s.common.seed = seed;
  MisalignmentConfig& m = s.misalignment;
  m.present = true;
  m.seed = 1000 + seed;
  const AlignmentFitConfig fit;
  m.widths.module[kDu] = 30e-6;
  m.widths.module[kDv] = 30e-6;
  m.widths.module[kRotZ] = 3e-4;
  m.widths.module[kDz] = fit.prior.module[kDz];
  m.widths.module[kTiltU] = fit.prior.module[kTiltU];
  m.widths.module[kTiltV] = fit.prior.module[kTiltV];
  m.widths.module[kBow] = fit.prior.module[kBow];
  m.widths.target[kTargetDz] = 1e-4;
  m.widths.target[kTargetTiltX] = m.widths.target[kTargetTiltY] = fit.prior.target[kTargetTiltX];
  // Known amounts on top.
  ModuleMisalignment out_u;
  out_u.name = "out_u";
  out_u.values.module[kDu] = 60e-6;
  out_u.values.module[kRotZ] = 5e-4;
  m.modules.push_back(out_u);
  m.target[kTargetDz] = 2e-4;
  s.alignment.iterations = 3;
  return s;
}

struct Pulls {
  std::vector<double> pull;
  std::vector<std::string> name;
};

Pulls fit_and_compare(const MuoneStudyConfig& s, std::uint64_t elastic) {
  const std::vector<RecordedEvent> events = simulate_alignment_records(s, elastic);
  const AlignmentResult r = fit_alignment(s, events);
  const std::vector<double> truth =
      project_out_gauge(flatten_alignment(true_alignment(s.misalignment, s.station), s.station), s.station);
  Pulls p;
  const std::size_t n = r.values.size();
  for (std::size_t i = 0; i < n; ++i) {
    p.pull.push_back((r.values[i] - truth[i]) / std::sqrt(r.covariance[i * n + i]));
    p.name.push_back(r.names[i]);
  }
  // The fit converged: the last Gauss-Newton steps are far below the uncertainties.
  EXPECT_LT(r.iterations[r.iterations.size() - 2].largest_step_m, 1e-7);
  const AlignmentIteration& last = r.iterations.back();
  EXPECT_NEAR(last.chi2 / double(last.ndf), 1.0, 0.02);
  return p;
}

TEST(AlignmentFit, AffineModesAreNullModes) {
  MuoneStudyConfig s = misaligned_study(3);
  const std::vector<RecordedEvent> events = simulate_alignment_records(s, 1500);
  const AlignmentPass pass = alignment_pass(s, StationAlignment<double>{}, events);
  const int n = alignment_global_count(s.station);
  const std::vector<double> g = alignment_gauge_modes(s.station);
  for (int k = 0; k < 9; ++k) {
    double gcg = 0, gdg = 0;
    for (int i = 0; i < n; ++i) {
      gdg += g[std::size_t(k * n + i)] * g[std::size_t(k * n + i)] * pass.normal[std::size_t(i * n + i)];
      for (int j = 0; j < n; ++j) gcg += g[std::size_t(k * n + i)] * pass.normal[std::size_t(i * n + j)] * g[std::size_t(k * n + j)];
    }
    // Eight modes are exact symmetries; the z scale stretches the target's depth spread
    // too, which the pseudo-measurement of the vertex sees, weakly.
    if (k < 8) EXPECT_LT(gcg / gdg, 1e-9) << "mode " << k;
    else EXPECT_LT(gcg / gdg, 1e-3) << "mode " << k;
  }
}

TEST(AlignmentFit, SameBitsForAnyThreadCount) {
  const MuoneStudyConfig s = misaligned_study(4);
  const std::vector<RecordedEvent> events = simulate_alignment_records(s, 1500);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const AlignmentPass one = alignment_pass(s, StationAlignment<double>{}, events);
  omp_set_num_threads(3);
  const AlignmentPass three = alignment_pass(s, StationAlignment<double>{}, events);
  omp_set_num_threads(threads);
  ASSERT_EQ(one.normal.size(), three.normal.size());
  for (std::size_t i = 0; i < one.normal.size(); ++i) ASSERT_EQ(one.normal[i], three.normal[i]) << i;
  for (std::size_t i = 0; i < one.rhs.size(); ++i) ASSERT_EQ(one.rhs[i], three.rhs[i]) << i;
  EXPECT_EQ(one.chi2, three.chi2);
}

TEST(AlignmentFit, ElectronMomentumCutLeavesOutSlowElectrons) {
  const MuoneStudyConfig s = misaligned_study(6);
  const std::vector<RecordedEvent> events = simulate_alignment_records(s, 1500);
  const StationFixed fixed = build_fixed(s.station, s.common.seed);
  const StationDesign<double> design = build_design<double>(s.station);
  AlignmentGeometry all{&fixed, &design, StationAlignment<double>{}};
  AlignmentGeometry cut = all;
  cut.min_electron_GeV = 5.0;
  const ElasticKinematics<double> k = ElasticKinematics<double>::from_momentum(fixed.beam.momentum_GeV);
  std::unique_ptr<AlignmentEventRows> rows(new AlignmentEventRows);
  int elastic = 0, left_out = 0, beam_kept = 0, beam = 0;
  for (const RecordedEvent& ev : events) {
    const bool used = fit_alignment_event(all, ev, *rows);
    const double* q = rows->weight_locals;  // the locals that set the weights (and the cut)
    const bool is_elastic = ev.kind == AlignmentEventKind::elastic;
    double e_e = 0.0;
    if (is_elastic && used) {
      const double ex = q[5] - q[3], ey = q[6] - q[4];
      e_e = electron_energy_from_angle(k, std::atan(std::sqrt(ex * ex + ey * ey)));
    }
    const bool kept = fit_alignment_event(cut, ev, *rows);
    if (!is_elastic) {
      beam += used;
      beam_kept += kept;
      continue;
    }
    if (!used) continue;
    ++elastic;
    left_out += !kept;
    // Kept exactly when the electron is fast enough (the momentum, sqrt(E^2 - m^2), differs
    // from E by 3e-8 GeV at 5 GeV).
    if (std::fabs(e_e - 5.0) > 1e-6) {
      EXPECT_EQ(kept, e_e > 5.0) << "electron " << e_e << " GeV";
    }
  }
  std::printf("%d of %d usable elastic events left out by the 5 GeV cut; beam muons %d of %d kept\n", left_out,
              elastic, beam_kept, beam);
  EXPECT_EQ(beam_kept, beam);  // beam muons have no electron
  EXPECT_GT(left_out, elastic / 2);  // most elastic electrons are slow (dsigma/dE ~ 1/E^2 above 1 GeV)
  EXPECT_LT(left_out, elastic);
}

TEST(AlignmentFit, RecoversKnownMisalignmentWithinThreeSigma) {
  const Pulls p = fit_and_compare(misaligned_study(1), 5000);
  for (std::size_t i = 0; i < p.pull.size(); ++i) EXPECT_LT(std::fabs(p.pull[i]), 3.0) << p.name[i];
}

TEST(AlignmentFit, PullsOverSeedsHaveUnitWidth) {
  double sum = 0, sum2 = 0, n = 0;
  for (std::uint64_t seed = 10; seed < 13; ++seed) {
    const Pulls p = fit_and_compare(misaligned_study(seed), 4000);
    for (double x : p.pull) {
      sum += x;
      sum2 += x * x;
      n += 1;
    }
  }
  const double mean = sum / n, rms = std::sqrt(sum2 / n);
  std::printf("pulls over %.0f parameters: mean %.3f, rms %.3f\n", n, mean, rms);
  EXPECT_LT(std::fabs(mean), 0.15);
  EXPECT_GT(rms, 0.85);
  EXPECT_LT(rms, 1.15);
}

}  // namespace
}  // namespace detgrad::muone
