// The vertex-constrained reconstruction (vertex_constrained_reconstruction.hpp) in the
// reference station: on the same events, the electron's and the muon's polar angles are
// closer to the truth than the independent fits' (paired: the mean of the squared-error
// differences is negative by more than 3 of its standard errors), q2 is unbiased within its
// statistical error, the vertex's depth is inside the target, and an event with a missing
// hit keeps the independent fits' result.
#include "detgrad/muone/vertex_constrained_reconstruction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "muone/side_model.hpp"
#include "muone/station_config.hpp"

namespace detgrad::muone {
namespace {

// Mean and standard error of paired differences.
struct Paired {
  double n = 0, sum = 0, sum2 = 0;
  void add(double x) {
    n += 1;
    sum += x;
    sum2 += x * x;
  }
  double mean() const { return sum / n; }
  double error() const { return std::sqrt((sum2 / n - mean() * mean()) / (n - 1)); }
};

struct Reference {
  ModelSetup setup;
  ModelDesign<double> design;
};

Reference reference(std::uint64_t seed) {
  Reference r;
  r.setup.fixed = build_fixed(reference_station(), seed);
  r.design.station = build_design<double>(reference_station());
  return r;
}

TEST(VertexConstrainedReconstruction, AnglesCloserToTheTruthOnTheSameEvents) {
  Reference ref = reference(31);
  ASSERT_TRUE(fill_side_models(ref.setup.fixed, ref.design));
  const double z_target = ref.design.station.target.z, half = 0.5 * ref.design.station.target.thickness;
  auto rows = std::make_unique<AlignmentEventRows>();
  Paired electron, muon, bias, depth;
  int fitted = 0, reconstructed = 0, outside = 0;
  for (int i = 0; i < 6000; ++i) {
    SimulatedEvent<double> ev;
    simulate_event(ref.setup.fixed, ref.design.station, 0, std::uint64_t(i), ev);
    Reconstruction<double> r, v;
    reconstruct_event(ref.setup, ref.design, ev, r);
    if (!r.ok) continue;
    ++reconstructed;
    if (!reconstruct_event_with_vertex(ref.setup, ref.design, ev, r, *rows, v)) continue;
    ++fitted;
    const double te = std::atan(ev.tan_electron), tm = std::atan(ev.tan_muon);
    electron.add(std::pow(v.theta_e - te, 2) - std::pow(r.theta_e - te, 2));
    muon.add(std::pow(v.theta_mu - tm, 2) - std::pow(r.theta_mu - tm, 2));
    bias.add((v.q2_e - ev.interaction.q2) / ev.interaction.q2);
    if (std::fabs(v.vertex_z - z_target) > half + 0.01) ++outside;
    depth.add(v.vertex_z - ev.vertex_z);
  }
  std::printf("%d of %d reconstructed events vertex-fitted; mean squared-error change: electron %.3g +- %.2g rad^2, "
              "muon %.3g +- %.2g rad^2; q2_e bias %.2e +- %.1e; vertex more than 1 cm outside the target: %d; vertex z - true z: mean %.2g mm, rms %.2g mm\n",
              fitted, reconstructed, electron.mean(), electron.error(), muon.mean(), muon.error(), bias.mean(),
              bias.error(), outside, depth.mean() * 1e3, std::sqrt(depth.sum2 / depth.n) * 1e3);
  EXPECT_GT(fitted, reconstructed * 9 / 10);
  EXPECT_LT(electron.mean(), -3 * electron.error());
  EXPECT_LT(muon.mean(), -3 * muon.error());
  EXPECT_LT(std::fabs(bias.mean()), 3 * bias.error() + 2e-3);
  EXPECT_EQ(outside, 0);
}

TEST(VertexConstrainedReconstruction, AnEventWithAMissingHitKeepsTheIndependentFits) {
  Reference ref = reference(32);
  ASSERT_TRUE(fill_side_models(ref.setup.fixed, ref.design));
  auto rows = std::make_unique<AlignmentEventRows>();
  for (int i = 0; i < 200; ++i) {
    SimulatedEvent<double> ev;
    simulate_event(ref.setup.fixed, ref.design.station, 0, std::uint64_t(i), ev);
    Reconstruction<double> r, v;
    reconstruct_event(ref.setup, ref.design, ev, r);
    if (!r.ok) continue;
    ev.electron_hit[ref.setup.fixed.n_modules - 1].present = false;  // the last module missed the electron
    EXPECT_FALSE(reconstruct_event_with_vertex(ref.setup, ref.design, ev, r, *rows, v));
    EXPECT_EQ(v.theta_e, r.theta_e);
    EXPECT_EQ(v.q2, r.q2);
    return;
  }
  FAIL() << "no reconstructed event";
}

}  // namespace
}  // namespace detgrad::muone
