// Cosmic-muon intensities: the formulas against independent transcriptions of
// docs/references.md ("Sea-level cosmic muon flux"), float against double, and the
// PDG sanity figures (cosmic-ray review): vertical integral intensity above 1 GeV/c about
// 70 m^-2 s^-1 sr^-1, about 1 cm^-2 min^-1 through a horizontal plane, ~cos^2 at a few GeV.
#include "detgrad/physics/muon_flux.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "detgrad/core/units.hpp"
#include "detgrad/physics/cosmic_rate.hpp"

namespace detgrad {
namespace {

// Guan et al. 2015 (arXiv:1509.06176) as written in docs/references.md, in cm^-2 s^-1 sr^-1 GeV^-1.
double guan_reference(double e, double c) {
  const double p1 = 0.102573, p2 = -0.068287, p3 = 0.958633, p4 = 0.0407253, p5 = 0.817285;
  const double cs = std::sqrt((c * c + p1 * p1 + p2 * std::pow(c, p3) + p4 * std::pow(c, p5)) / (1 + p1 * p1 + p2 + p4));
  return 0.14 * std::pow(e * (1 + 3.64 / (e * std::pow(cs, 1.29))), -2.7) *
         (1 / (1 + 1.1 * e * cs / 115) + 0.054 / (1 + 1.1 * e * cs / 850));
}

// Shukla & Sankrith 2016 (arXiv:1606.06907) with I0 = 88.5 m^-2 s^-1 sr^-1 = 88.5e-4 cm^-2,
// n = 3, E0 = 4.28 GeV, eps = 854 GeV, R/d = 174, Ec = 0.5 GeV (assumption, see header).
double shukla_reference(double e, double c) {
  const double i0 = 88.5e-4, n = 3, e0 = 4.28, eps = 854, rd = 174, ec = 0.5;
  const double norm = (n - 1) * std::pow(e0 + ec, n - 1);
  const double d = std::sqrt(rd * rd * c * c + 2 * rd + 1) - rd * c;
  return i0 * norm * std::pow(e0 + e, -n) / (1 + e / eps) * std::pow(d, -(n - 1));
}

const double kEnergies[] = {0.2, 1.0, 3.0, 10.0, 100.0, 1000.0};
const double kCosines[] = {0.0, 0.05, 0.3, 0.7, 1.0};

TEST(MuonFlux, GuanMatchesPaperFormula) {
  for (double e : kEnergies)
    for (double c : kCosines) {
      const double want = guan_reference(e, c);
      EXPECT_NEAR(muon_intensity<double>(CosmicModel::guan2015, e, c), want, 1e-12 * want) << e << " " << c;
      EXPECT_NEAR(muon_intensity<float>(CosmicModel::guan2015, float(e), float(c)), want, 2e-5 * want);
    }
  // cos* is 1 at the vertical: dI/dE(10 GeV, vertical) = 0.14 * 13.64^-2.7 * (1/(1 + 11/115) + 0.054/(1 + 11/850)).
  EXPECT_NEAR(guan2015::cos_star(1.0), 1.0, 1e-15);
  const double vertical10 = 0.14 * std::pow(13.64, -2.7) * (1 / (1 + 11.0 / 115) + 0.054 / (1 + 11.0 / 850));
  EXPECT_NEAR(muon_intensity<double>(CosmicModel::guan2015, 10.0, 1.0), vertical10, 1e-13 * vertical10);
}

TEST(MuonFlux, ShuklaMatchesPaperFormula) {
  for (double e : kEnergies)
    for (double c : kCosines) {
      const double want = shukla_reference(e, c);
      EXPECT_NEAR(muon_intensity<double>(CosmicModel::shukla2016, e, c), want, 1e-11 * want) << e << " " << c;
      EXPECT_NEAR(muon_intensity<float>(CosmicModel::shukla2016, float(e), float(c)), want, 2e-5 * want);
    }
  EXPECT_NEAR(shukla2016::path_ratio(1.0), 1.0, 1e-14);  // D(0) = sqrt(175^2) - 174 = 1
}

TEST(MuonFlux, VerticalIntegralIntensityNearPdg) {
  for (CosmicModel model : {CosmicModel::guan2015, CosmicModel::shukla2016}) {
    const double iv = vertical_integral_intensity_per_m2_s_sr(model, 1.0, 1e5);
    std::printf("vertical integral intensity above 1 GeV/c (%s): %.2f m^-2 s^-1 sr^-1\n",
                model == CosmicModel::guan2015 ? "Guan" : "Shukla", iv);
    EXPECT_NEAR(iv, 70.0, 0.25 * 70.0);
  }
}

TEST(MuonFlux, HorizontalPlaneRateNearOnePerCm2PerMinute) {
  // PDG's "about 1 cm^-2 min^-1" counts muons of all energies. With ~70 m^-2 s^-1 sr^-1
  // above 1 GeV/c and a cos^2 law, muons above 1 GeV/c alone give only
  // (pi/2) * 70 = 110 m^-2 s^-1 = 0.66 cm^-2 min^-1. So: the whole flux (models extrapolated
  // down to 0.1 GeV/c) within +-30 % of 1 cm^-2 min^-1, and the flux above 1 GeV/c within
  // +-15 % of (pi/2) times the model's own vertical integral intensity.
  const double per_cm2_min = 1e4 / 60.0;  // 1 cm^-2 min^-1 in m^-2 s^-1
  for (CosmicModel model : {CosmicModel::guan2015, CosmicModel::shukla2016}) {
    const char* name = model == CosmicModel::guan2015 ? "Guan" : "Shukla";
    CosmicSourceConfig config;
    config.model = model;
    config.momentum_max_GeV = 1e5;
    config.zenith_max_rad = 0.5 * units::kPi;
    config.momentum_min_GeV = 0.1;
    const double all = cosmic_rate_per_m2_s(config);
    config.momentum_min_GeV = 1.0;
    const double above1 = cosmic_rate_per_m2_s(config);
    std::printf("rate through a horizontal plane (%s): p > 0.1 GeV/c %.2f m^-2 s^-1 = %.3f cm^-2 min^-1; "
                "p > 1 GeV/c %.2f m^-2 s^-1 = %.3f cm^-2 min^-1\n",
                name, all, all / per_cm2_min, above1, above1 / per_cm2_min);
    EXPECT_NEAR(all, per_cm2_min, 0.3 * per_cm2_min) << name;
    const double cos2 = 0.5 * units::kPi * vertical_integral_intensity_per_m2_s_sr(model, 1.0, 1e5);
    EXPECT_NEAR(above1, cos2, 0.15 * cos2) << name;
  }
}

TEST(MuonFlux, AngularShapeRoughlyCosSquaredAtFewGeV) {
  // Integral above 1 GeV at 60 degrees relative to the vertical: cos^2 = 0.25 (PDG: "about").
  for (CosmicModel model : {CosmicModel::guan2015, CosmicModel::shukla2016}) {
    const double e1 = muon_energy_GeV(1.0);
    // Rates in a window carry the plane factor c and the window width: divide both out.
    const double r = (cosmic_rate_in_window_per_m2_s(model, e1, 1e4, 0.49, 0.51) / (0.5 * 0.02)) /
                     (cosmic_rate_in_window_per_m2_s(model, e1, 1e4, 0.99, 1.0) / (0.995 * 0.01));
    EXPECT_NEAR(r, 0.25, 0.1) << int(model);
  }
}

TEST(MuonFlux, HighEnergyHorizontalEnhancementForGuan) {
  // Above ~100 GeV inclined muons outnumber vertical ones (longer decay path): sec(theta) enhancement.
  EXPECT_GT(muon_intensity<double>(CosmicModel::guan2015, 1000.0, 0.3),
            muon_intensity<double>(CosmicModel::guan2015, 1000.0, 1.0));
  EXPECT_LT(muon_intensity<double>(CosmicModel::guan2015, 3.0, 0.3),
            muon_intensity<double>(CosmicModel::guan2015, 3.0, 1.0));
}

}  // namespace
}  // namespace detgrad
