// Source energy spectra (shower_source.hpp's spectrum_energy, the study's source.spectrum):
// the drawn energies stay in range and have the analytic mean of a uniform and of a power law
// (index 2 and 1), a fixed beam is unchanged, and the particle level of a spectrum gives one
// point per log bin, at energies inside the bins, with the resolution falling with energy.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calo_config_file.hpp"
#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"

namespace detgrad::calorimeter {
namespace {

double mean_energy(const BeamSource<double>& beam, int n, double& lowest, double& highest) {
  double sum = 0.0;
  lowest = 1e300;
  highest = 0.0;
  for (int i = 0; i < n; ++i) {
    const double e = make_primary(beam, 7, 0, std::uint64_t(i)).energy;
    sum += e;
    lowest = std::fmin(lowest, e);
    highest = std::fmax(highest, e);
  }
  return sum / n;
}

TEST(EnergySpectrum, DrawsHaveTheAnalyticMean) {
  const int n = 200000;
  double lo = 0, hi = 0;
  BeamSource<double> b{ParticleType::electron, 1.0, 0.0, 0.001, SpectrumShape::uniform, 10.0, 0.0};
  // Uniform on [1, 10]: mean 5.5, rms 9 / sqrt(12).
  EXPECT_NEAR(mean_energy(b, n, lo, hi), 5.5, 4.0 * 9.0 / std::sqrt(12.0 * n));
  EXPECT_GE(lo, 1.0);
  EXPECT_LE(hi, 10.0);
  // E^-2 on [1, 10]: mean ln(10) / (1 - 1/10) = 2.5584, variance 10 - 2.5584^2 = 3.454.
  b.spectrum = SpectrumShape::power_law;
  b.index = 2.0;
  EXPECT_NEAR(mean_energy(b, n, lo, hi), std::log(10.0) / 0.9, 4.0 * std::sqrt(3.454 / n));
  EXPECT_GE(lo, 1.0);
  EXPECT_LE(hi, 10.0);
  // E^-1 on [1, 10]: mean 9 / ln(10) = 3.9087, second moment 99 / (2 ln 10) = 21.498.
  b.index = 1.0;
  EXPECT_NEAR(mean_energy(b, n, lo, hi), 9.0 / std::log(10.0), 4.0 * std::sqrt((21.498 - 15.278) / n));
  // A fixed beam: its energy, and the same spot as before the spectrum was drawn after it.
  const BeamSource<double> fixed{ParticleType::electron, 3.0, 0.0, 0.001};
  BeamSource<double> spectrum = fixed;
  spectrum.spectrum = SpectrumShape::uniform;
  spectrum.max_GeV = 4.0;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const ShowerParticle<double> a = make_primary(fixed, 1, 0, i), c = make_primary(spectrum, 1, 0, i);
    EXPECT_EQ(a.energy, 3.0);
    EXPECT_EQ(a.position.x, c.position.x);
    EXPECT_EQ(a.position.y, c.position.y);
  }
}

// 20 x [4 mm lead, 4 mm scintillator] with an E^-1 spectrum over 0.5-4 GeV in three bins.
nlohmann::json spectrum_study() {
  return {{"task", "calorimeter"},
          {"calorimeter",
           {{"layers", test::lead_scintillator_layers()},
            {"source",
             {{"spectrum",
               {{"shape", "power_law"}, {"min_GeV", 0.5}, {"max_GeV", 4.0}, {"index", 1.0}, {"bins", 3}}}}}}}};
}

TEST(EnergySpectrum, ParticleLevelPerBin) {
  const CaloStudyConfig s = read_calo_study(spectrum_study());
  ASSERT_EQ(s.source.energies_GeV.size(), 3u);
  EXPECT_NEAR(s.source.energies_GeV[0], 0.5 * std::pow(8.0, 1.0 / 6.0), 1e-12);
  const ShowerSetup setup(stack_spec(s), em_cuts(s), 1e-3 * s.cuts.range_rejection_MeV);
  std::vector<ShowerTallies> rows;
  const CaloEvaluation e = evaluate_calorimeter(s, setup, 300, &rows);
  ASSERT_EQ(e.points.size(), 3u);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].showers, 900u);
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const EnergyPoint& p = e.points[k];
    std::printf("bin %zu: %llu showers at %.3f GeV, sigma/E %.4f +- %.4f\n", k, (unsigned long long)p.showers,
                p.energy_GeV, p.resolution, p.resolution_error);
    EXPECT_GT(p.energy_GeV, 0.5 * std::pow(8.0, k / 3.0));
    EXPECT_LT(p.energy_GeV, 0.5 * std::pow(8.0, (k + 1) / 3.0));
    // E^-1: equal numbers per log bin (300 each, binomial rms 14).
    EXPECT_NEAR(double(p.showers), 300.0, 4.0 * std::sqrt(900.0 * (1.0 / 3.0) * (2.0 / 3.0)));
    total += p.showers;
    if (k > 0) {
      EXPECT_LT(p.resolution, e.points[k - 1].resolution);
    }
  }
  EXPECT_EQ(total, 900u);
}

TEST(EnergySpectrum, CellsPerBin) {
  // The same spectrum with 2 cm cells in two sections: every bin's cells, over its own
  // showers, hold its mean visible energy, and the bins' tower figures are those of showers.
  nlohmann::json j = spectrum_study();
  j["calorimeter"]["cell_size_m"] = 0.02;
  j["calorimeter"]["cell_sections"] = 2;
  j["calorimeter"]["source"]["spot_m"] = 0.005;
  const CaloStudyConfig s = read_calo_study(j);
  const ShowerSetup setup(stack_spec(s), em_cuts(s), 1e-3 * s.cuts.range_rejection_MeV);
  const CaloEvaluation e = evaluate_calorimeter(s, setup, 100);
  ASSERT_EQ(e.points.size(), 3u);
  for (const EnergyPoint& p : e.points) {
    ASSERT_TRUE(p.has_cells);
    double map = 0.0;
    for (double c : p.cells.mean_map_GeV) map += c;
    std::printf("bin at %.3f GeV: cells hold %.5f GeV, visible %.5f GeV; 3x3 %.3f; position %.2f mm\n", p.energy_GeV,
                map, p.mean_visible_GeV, p.cells.cluster_fraction, 1e3 * p.cells.position_resolution_m);
    EXPECT_NEAR(map, p.mean_visible_GeV, 1e-9 * p.mean_visible_GeV);
    EXPECT_GT(p.cells.cluster_fraction, 0.8);
    EXPECT_NEAR(p.cells.section_fraction[0] + p.cells.section_fraction[1], 1.0, 1e-9);
  }
}

}  // namespace
}  // namespace detgrad::calorimeter
