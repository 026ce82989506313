// Reconstruction of simulated events in the reference station: the pulls of the fitted
// track angles (fit covariance + scattering model + target) and of the reconstructed
// scattering angles (the reconstruction's own per-event uncertainties) have rms within
// 0.9-1.1; q2 from both angles is unbiased and at least as precise as from either alone.
#include "detgrad/muone/reconstruction.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "muone/side_model.hpp"
#include "muone/station_config.hpp"

namespace detgrad::muone {
namespace {

struct Rms {
  double n = 0, sum2 = 0;
  void add(double x) { n += 1; sum2 += x * x; }
  double rms() const { return std::sqrt(sum2 / n); }
};

ModelSetup reference_setup(std::uint64_t seed) {
  ModelSetup s;
  s.fixed = build_fixed(reference_station(), seed);
  return s;
}

TEST(MuoneReconstruction, PullsOfTrackAndScatteringAngles) {
  const ModelSetup s = reference_setup(17);
  ModelDesign<double> d;
  d.station = build_design<double>(reference_station());
  ASSERT_TRUE(fill_side_models(s.fixed, d));
  const double x0 = s.fixed.target.radiation_length_m, L = d.station.target.thickness;
  Rms track[3][2], theta_e, theta_mu;
  int failed = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    SimulatedEvent<double> ev;
    simulate_event(s.fixed, d.station, 0, std::uint64_t(i), ev);
    Reconstruction<double> r;
    reconstruct_event(s, d, ev, r);
    if (!r.ok) {
      ++failed;
      continue;
    }
    // Track pulls: fitted slopes against the true slopes at the vertex.
    const double depth = ev.vertex_z - (d.station.target.z - L / 2);
    const double p[3] = {ev.incoming.momentum, ev.electron_momentum, ev.muon_momentum};
    double true_tx[3] = {ev.incoming.tx, 0, 0}, true_ty[3] = {ev.incoming.ty, 0, 0};
    rotate_into_frame(ev.incoming.tx, ev.incoming.ty, ev.tan_electron, ev.interaction.cos_phi, ev.interaction.sin_phi,
                      true_tx[1], true_ty[1]);
    rotate_into_frame(ev.incoming.tx, ev.incoming.ty, ev.tan_muon, -ev.interaction.cos_phi, -ev.interaction.sin_phi,
                      true_tx[2], true_ty[2]);
    const tracking::TrackFit<double>* fits[3] = {&r.in, &r.electron, &r.muon};
    for (int t = 0; t < 3; ++t) {
      const SideModel<double>& side = t == 0 ? d.in : d.out;
      const double target = target_theta2(p[t], t == 0 ? depth : L - depth, x0);
      const double vx = fits[t]->covariance(tracking::kTx, tracking::kTx) + side.mxx / (p[t] * p[t]) + target;
      const double vy = fits[t]->covariance(tracking::kTy, tracking::kTy) + side.myy / (p[t] * p[t]) + target;
      track[t][0].add((fits[t]->tx - true_tx[t]) / std::sqrt(vx));
      track[t][1].add((fits[t]->ty - true_ty[t]) / std::sqrt(vy));
    }
    theta_e.add((r.theta_e - std::atan(ev.tan_electron)) / std::sqrt(r.var_theta_e));
    theta_mu.add((r.theta_mu - std::atan(ev.tan_muon)) / std::sqrt(r.var_theta_mu));
  }
  const char* names[3] = {"incoming muon", "electron", "outgoing muon"};
  for (int t = 0; t < 3; ++t) {
    std::printf("%s: slope pull rms x %.3f, y %.3f\n", names[t], track[t][0].rms(), track[t][1].rms());
    for (int c = 0; c < 2; ++c) {
      EXPECT_GT(track[t][c].rms(), 0.9) << names[t];
      EXPECT_LT(track[t][c].rms(), 1.1) << names[t];
    }
  }
  std::printf("scattering angle pulls: electron %.3f, muon %.3f (%d of %d events not reconstructed)\n", theta_e.rms(),
              theta_mu.rms(), failed, n);
  for (const Rms* r : {&theta_e, &theta_mu}) {
    EXPECT_GT(r->rms(), 0.9);
    EXPECT_LT(r->rms(), 1.1);
  }
}

TEST(MuoneReconstruction, VertexFitOfThreeTracks) {
  // Events with an electron angle above 5 mrad (E_e < 32 GeV): the vertex fit of the three
  // tracks is unbiased and closer to the true vertex than the closest approach of the two
  // outgoing tracks alone.
  StationConfig station = reference_station();
  station.electron_energy_max_GeV = 32.0;
  ModelSetup s;
  s.fixed = build_fixed(station, 29);
  ModelDesign<double> d;
  d.station = build_design<double>(station);
  ASSERT_TRUE(fill_side_models(s.fixed, d));
  Rms fit, pair;
  double sum = 0, n = 0;
  for (int i = 0; i < 10000; ++i) {
    SimulatedEvent<double> ev;
    simulate_event(s.fixed, d.station, 0, std::uint64_t(i), ev);
    Reconstruction<double> r;
    reconstruct_event(s, d, ev, r);
    if (!r.ok) continue;
    fit.add(r.vertex_z - ev.vertex_z);
    pair.add(closest_approach_z(r.electron, r.muon) - ev.vertex_z);
    sum += r.vertex_z - ev.vertex_z;
    n += 1;
  }
  std::printf("vertex z residual rms: three-track fit %.3g mm, closest approach of the outgoing tracks %.3g mm; "
              "mean %.3g mm\n", fit.rms() * 1e3, pair.rms() * 1e3, sum / n * 1e3);
  EXPECT_LT(fit.rms(), pair.rms());
  EXPECT_LT(std::fabs(sum / n), 4 * fit.rms() / std::sqrt(n));
}

TEST(MuoneReconstruction, BothAnglesBeatEitherAtHighQ2) {
  // High q2 (electron above 50 GeV): electron and muon angles are similar in size. A beam of
  // fixed momentum: the combination assumes the nominal beam energy (the spread of the M2
  // beam, 2.3 %, moves both angles' q2 scale and is not part of the constraint).
  StationConfig station = reference_station();
  station.electron_energy_min_GeV = 50.0;
  station.beam.momentum_sigma_GeV = 0.0;
  ModelSetup s;
  s.fixed = build_fixed(station, 23);
  ModelDesign<double> d;
  d.station = build_design<double>(station);
  ASSERT_TRUE(fill_side_models(s.fixed, d));
  Rms e, mu, both;
  double bias = 0, count = 0;
  for (int i = 0; i < 20000; ++i) {
    SimulatedEvent<double> ev;
    simulate_event(s.fixed, d.station, 0, std::uint64_t(i), ev);
    Reconstruction<double> r;
    reconstruct_event(s, d, ev, r);
    if (!r.ok) continue;
    const double q2 = ev.interaction.q2;
    e.add((r.q2_e - q2) / q2);
    mu.add((r.q2_mu - q2) / q2);
    both.add((r.q2 - q2) / q2);
    bias += (r.q2 - q2) / q2;
    count += 1;
  }
  std::printf("relative q2 rms, E_e > 50 GeV: electron %.4f, muon %.4f, both %.4f; mean %.2e\n", e.rms(), mu.rms(),
              both.rms(), bias / count);
  EXPECT_LT(both.rms(), e.rms());
  EXPECT_LT(both.rms(), mu.rms());
  EXPECT_LT(std::fabs(bias / count), 3 * both.rms() / std::sqrt(count) + 2e-3);
}

}  // namespace
}  // namespace detgrad::muone
