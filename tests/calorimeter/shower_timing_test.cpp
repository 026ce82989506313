// The deposits' times (ShowerParticle::time, ShowerTallies::visible_time): a muon's visible
// energy is deposited when the muon passes, at z / (beta c); no shower's visible energy can
// arrive before light from the front face reaches its layers (causality); the time
// resolution of electron showers from `evaluate` falls with their energy (the figures
// printed for docs/calorimeter.md).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calo_config_file.hpp"
#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "detgrad/calorimeter/em_formulas.hpp"
#include "detgrad/core/units.hpp"

namespace detgrad::calorimeter {
namespace {

CaloStudyConfig stack(const char* particle, std::vector<double> energies) {
  const nlohmann::json j = {
      {"task", "calorimeter"},
      {"showers", 400},
      {"calorimeter",
       {{"layers", test::lead_scintillator_layers()},
        {"source", {{"particle", particle}, {"energies_GeV", energies}}}}}};
  return read_calo_study(j);
}

// `showers` showers of the study's particle at `energy` on the CPU (seed 1).
ShowerTallies run_cpu(const CaloStudyConfig& s, const ShowerSetup& setup, double energy, std::uint64_t showers) {
  ShowerRunOptions o;
  o.showers = showers;
  return run_showers_cpu(setup, beam_at(s, energy), o);
}

// The visible-energy-weighted mean of z (each active slab's deposit at the slab's point
// `where`: 0 its front face, 0.5 its middle) of one shower.
double weighted_depth(const ShowerSetup& setup, const ShowerTallies& t, std::uint64_t i, double where) {
  double sum = 0.0, z = 0.0;
  for (int s = 0; s < setup.slab_count(); ++s) {
    const Slab<double>& slab = setup.slabs()[s];
    if (slab.readout < 0) continue;
    sum += t.slab(i, s);
    z += t.slab(i, s) * (slab.z_low + where * (slab.z_high - slab.z_low));
  }
  return z / sum;
}

TEST(ShowerTiming, MuonDepositsWhenItPasses) {
  const CaloStudyConfig s = stack("muon", {10.0});
  const ShowerSetup setup(stack_spec(s), em_cuts(s));
  const ShowerTallies t = run_cpu(s, setup, 10.0, 50);
  const double m = units::kMuonMass_GeV, e = 10.0 + m;
  const double beta = std::sqrt(1.0 - m * m / (e * e));
  double worst = 0.0;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    const double expected = weighted_depth(setup, t, i, 0.5) / (beta * kSpeedOfLight_m_per_ns);
    worst = std::fmax(worst, std::fabs(t.visible_time[i] - expected) / expected);
  }
  std::printf("10 GeV muons: largest relative difference of the visible time from z / (beta c): %.2e\n", worst);
  EXPECT_LT(worst, 2e-4);  // deposits spread over each slab, and the path's scattering (measured 2.5e-5)
}

TEST(ShowerTiming, NoVisibleEnergyBeforeLightReachesIt) {
  const CaloStudyConfig s = stack("electron", {2.0});
  const ShowerSetup setup(stack_spec(s), em_cuts(s));
  const ShowerTallies t = run_cpu(s, setup, 2.0, 200);
  double mean_delay = 0.0;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    const double light = weighted_depth(setup, t, i, 0.0) / kSpeedOfLight_m_per_ns;
    EXPECT_GE(t.visible_time[i], light) << "shower " << i;
    mean_delay += (t.visible_time[i] - weighted_depth(setup, t, i, 0.5) / kSpeedOfLight_m_per_ns) / double(t.showers);
  }
  std::printf("2 GeV electrons: mean delay of the visible energy behind light at its depth %.1f ps\n",
              1e3 * mean_delay);
  EXPECT_GT(mean_delay, 0.0);  // slow electrons and scattered paths lag behind
}

TEST(ShowerTiming, EvaluateReportsTheTimeResolution) {
  const CaloStudyConfig s = stack("electron", {0.5, 2.0, 8.0});
  const ShowerSetup setup(stack_spec(s), em_cuts(s));
  const CaloEvaluation e = evaluate_calorimeter(s, setup, s.showers);
  ASSERT_TRUE(e.has_time);
  for (const EnergyPoint& p : e.points) {
    std::printf("%.1f GeV electrons: mean time %.1f ps, rms %.2f +- %.2f ps\n", p.energy_GeV, 1e3 * p.mean_time_ns,
                1e3 * p.time_rms_ns, 1e3 * p.time_rms_error_ns);
    EXPECT_GT(p.time_rms_ns, 0.0);
  }
  std::printf("sigma_t = %.2f ps/sqrt(E) (+) %.2f ps (+) %.2f ps/E (chi2 %.2f, ndf %d)\n", 1e3 * e.time_fit.a,
              1e3 * e.time_fit.b, 1e3 * e.time_fit.c, e.time_fit.chi2, e.time_fit.ndf);
  // More particles average the time better: 8 GeV showers are timed better than 0.5 GeV ones
  // (by several of their errors).
  EXPECT_LT(e.points[2].time_rms_ns + 3.0 * e.points[2].time_rms_error_ns,
            e.points[0].time_rms_ns - 3.0 * e.points[0].time_rms_error_ns);
}

}  // namespace
}  // namespace detgrad::calorimeter
