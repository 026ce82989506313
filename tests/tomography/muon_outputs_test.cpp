// The tomography task's per-muon outputs (TomographyStudy::event_outputs, muon_outputs.hpp):
// their vector-Jacobian product against central finite differences with common random
// numbers (same seed, step and reference planes), in double, along every parameter of the
// hello-world study's panels moved off their symmetric start; and the outputs' agreement
// with the passes' own per-muon inference.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "detgrad/tomography/muon_outputs.hpp"
#include "tomography/support/tomography_study.hpp"
#include "tomography/tomography_model.hpp"
#include "tomography/tomography_study.hpp"

namespace detgrad::tomography {
namespace {

constexpr std::uint64_t kMuons = 2000;

double weighted_sum(const tasks::EventOutputs& out, const tasks::EventOutputs& w) {
  double sum = 0.0;
  for (std::size_t k = 0; k < w.names.size(); ++k) {
    std::size_t c = 0;
    while (out.names[c] != w.names[k]) ++c;
    for (std::size_t e = 0; e < w.columns[k].size(); ++e) sum += w.columns[k][e] * out.columns[c][e];
  }
  return sum;
}

TEST(TomographyMuonOutputs, VjpMatchesCentralDifferences) {
  const TomographyStudyConfig config = test::hello_world_tomography(kMuons);
  const TomographyStudy study(config);
  const TomographyModel model(config);
  DesignParams<double> design = model.initial_design();
  for (int i = 0; i < model.panel_count(); ++i) {
    design.panel[i].x += 0.03 * (i % 3 - 1);
    design.panel[i].span_x *= 0.9;
  }
  const std::vector<double> x0 = model.flatten(design);
  tasks::EventOutputOptions options;
  options.events = kMuons;
  options.step = 3;
  options.reference = x0;
  const tasks::EventOutputs base = study.event_outputs(x0, options);
  ASSERT_EQ(base.names.size(), std::size_t(kMuonOutputs));

  // A random cotangent on every column that depends on the design, scaled by the column's
  // root mean square (so that the variances, ~1e-8 rad^2, weigh as much as the positions).
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  tasks::EventOutputs w;
  for (std::size_t c = 0; c < base.names.size(); ++c) {
    if (base.names[c] == "usable" || base.names[c] == "beta_momentum_GeV") continue;
    double square = 0.0;
    for (double v : base.columns[c]) square += v * v;
    const double rms = std::sqrt(square / kMuons);
    ASSERT_GT(rms, 0.0) << base.names[c];
    w.names.push_back(base.names[c]);
    w.widths.push_back(1);
    std::vector<double> column(kMuons);
    for (double& v : column) v = normal(rng) / rms;
    w.columns.push_back(std::move(column));
  }
  const std::vector<double> vjp = study.event_outputs_vjp(x0, options, w);
  ASSERT_EQ(vjp.size(), x0.size());

  // Steps: 1e-6 of the value (at least of 1e-3). A panel's resolution (1e-4 m) takes 1e-3 of
  // its value instead: it moves the hits by sigma x noise, and the PoCA of nearly parallel
  // fits turns steps of 1e-9 m into rounding noise of up to 1e-3 of a muon's derivative
  // (measured), while its outputs curve on the scale of sigma itself.
  const std::vector<std::string> names = model.parameter_names();
  std::vector<double> fd(x0.size());
  double largest = 0.0;
  for (std::size_t i = 0; i < x0.size(); ++i) {
    const bool resolution = names[i].size() > 8 && names[i].compare(names[i].size() - 8, 8, ".sigma_m") == 0;
    const double h = resolution ? 1e-3 * std::abs(x0[i]) : 1e-6 * std::max(std::abs(x0[i]), 1e-3);
    std::vector<double> up = x0, down = x0;
    up[i] += h;
    down[i] -= h;
    fd[i] = (weighted_sum(study.event_outputs(up, options), w) - weighted_sum(study.event_outputs(down, options), w)) /
            (2 * h);
    largest = std::max(largest, std::abs(fd[i]));
  }
  ASSERT_GT(largest, 0.0);
  int judged = 0;
  for (std::size_t i = 0; i < x0.size(); ++i) {
    std::printf("%-24s vjp %+.8e  fd %+.8e\n", names[i].c_str(), vjp[i], fd[i]);
    EXPECT_LE(std::abs(vjp[i] - fd[i]), 1e-6 * largest + 1e-4 * std::abs(fd[i])) << names[i];
    judged += std::abs(fd[i]) > 1e-3 * largest;
  }
  EXPECT_GE(judged, 10);
}

TEST(TomographyMuonOutputs, OutputsAreThePassesInference) {
  const TomographyStudyConfig config = test::hello_world_tomography(500);
  const TomographyStudy study(config);
  const TomographyModel model(config);
  const DesignParams<double> design = model.initial_design();
  tasks::EventOutputOptions options;
  options.events = 500;
  const tasks::EventOutputs out = study.event_outputs(model.flatten(design), options);
  const TomographySetup setup = model.setup(0, DetectorModel::optimisation, design);
  int usable = 0;
  for (std::uint64_t e = 0; e < 500; ++e) {
    MuonInference<double> r;
    infer_muon(setup, design, e, r);
    ASSERT_EQ(out.columns[kOutUsable][e], r.usable ? 1.0 : 0.0);
    if (!r.usable) {
      EXPECT_EQ(out.columns[kOutThetaSpace][e], 0.0);
      continue;
    }
    ++usable;
    EXPECT_EQ(out.columns[kOutWeight][e], r.weight);
    EXPECT_EQ(out.columns[kOutThetaSpace][e], r.angles.theta_space);
    EXPECT_EQ(out.columns[kOutPocaZ][e], r.poca.z);
    EXPECT_EQ(out.columns[kOutOutSlopeY][e], r.out.ty);
  }
  EXPECT_GT(usable, 100);
}

}  // namespace
}  // namespace detgrad::tomography
