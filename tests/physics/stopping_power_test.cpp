// Muon stopping power: minimum ionisation per material (PDG), iron totals (Groom, Mokhov,
// Striganov, ADNDT 78 (2001) 183, "GMS"), radiative part, muon critical energies.
#include "detgrad/physics/stopping_power.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "detgrad/physics/material_library.hpp"

namespace detgrad {
namespace {

double relative(double value, double expected) { return (value - expected) / expected; }

const Material& mat(const char* name) {
  const Material* m = find_material(name);
  if (!m) throw std::runtime_error(name);
  return *m;
}

TEST(StoppingPower, MinimumIonisationPerMaterialWithin3Percent) {
  // docs/references.md "min dE/dx (muon)" column, MeV cm^2/g (PDG Atomic and Nuclear Properties).
  const struct {
    const char* name;
    double min_dedx;
  } expected[] = {{"air", 1.815},     {"water", 1.992},   {"beryllium", 1.595}, {"carbon", 1.742},
                  {"aluminium", 1.615}, {"silicon", 1.664}, {"iron", 1.451},      {"copper", 1.403},
                  {"tungsten", 1.145},  {"lead", 1.122},    {"uranium", 1.081},   {"concrete", 1.711},
                  {"rock", 1.695}};
  for (const auto& e : expected) {
    double best = 1e30, at = 0.0;
    for (int i = 0; i <= 2000; ++i) {
      const double t = 0.05 * std::pow(10.0, i / 500.0);  // 50 MeV .. 5 GeV
      const double s = to_MeV_cm2_per_g(ionisation_stopping_power(mat(e.name), t));
      if (s < best) best = s, at = t;
    }
    std::printf("  %-10s min dE/dx %.4f MeV cm2/g at T = %.3f GeV (PDG %.3f, %+.2f %%)\n", e.name, best, at,
                e.min_dedx, 100.0 * relative(best, e.min_dedx));
    EXPECT_NEAR(best, e.min_dedx, 0.03 * e.min_dedx) << e.name;
  }
}

TEST(StoppingPower, MinimumOfIronIsNearP340MeV) {
  // docs/references.md: the minimum of dE/dx in iron is at p ~ 340 MeV/c (T ~ 0.26 GeV).
  double best = 1e30, at = 0.0;
  for (int i = 0; i <= 1000; ++i) {
    const double t = 0.1 * std::pow(10.0, i / 1000.0);
    const double s = ionisation_stopping_power(mat("iron"), t);
    if (s < best) best = s, at = t;
  }
  const double m = 0.1056583755;
  const double p = std::sqrt(at * (at + 2.0 * m));
  EXPECT_NEAR(p, 0.34, 0.06);
}

TEST(StoppingPower, IronTotalsAgreeWithGmsWithin3Percent) {
  // docs/references.md, GMS iron: total dE/dx at T = 10, 100, 1000 GeV (MeV cm^2/g).
  const double t[] = {10.0, 100.0, 1000.0};
  const double gms[] = {1.974, 2.781, 9.84};
  for (int k = 0; k < 3; ++k) {
    const double s = to_MeV_cm2_per_g(total_stopping_power(mat("iron"), t[k]));
    std::printf("  iron T = %6.0f GeV: total %.4f MeV cm2/g (GMS %.3f, %+.2f %%), ionisation %.4f\n", t[k], s,
                gms[k], 100.0 * relative(s, gms[k]), to_MeV_cm2_per_g(ionisation_stopping_power(mat("iron"), t[k])));
    EXPECT_NEAR(s, gms[k], 0.03 * gms[k]);
  }
}

TEST(StoppingPower, TotalIsSumOfParts) {
  for (const auto& name : material_names()) {
    const Material& m = mat(name.c_str());
    for (double t : {0.01, 1.0, 100.0, 1e4}) {
      EXPECT_DOUBLE_EQ(total_stopping_power(m, t), ionisation_stopping_power(m, t) + radiative_stopping_power(m, t));
    }
  }
}

TEST(StoppingPower, RadiativeZeroForVacuumAndNearlyLinearInEnergy) {
  EXPECT_EQ(radiative_stopping_power(mat("vacuum"), 1000.0), 0.0);
  EXPECT_EQ(muon_critical_energy_GeV(mat("vacuum")), INFINITY);
  for (const char* name : {"water", "iron", "lead", "rock"}) {
    const Material& m = mat(name);
    // b(E) = radiative / E grows only logarithmically (GMS: b rises by tens of % per decade)
    // and is in the GMS range 1e-6 .. 2e-5 cm^2/g at 100 GeV.
    const double m_mu = 0.1056583755;
    const double b100 = radiative_stopping_power(m, 100.0) / (100.0 + m_mu) / kCm2PerG_M2PerKg;
    const double b1000 = radiative_stopping_power(m, 1000.0) / (1000.0 + m_mu) / kCm2PerG_M2PerKg;
    EXPECT_GT(b100, 1e-6) << name;
    EXPECT_LT(b100, 2e-5) << name;
    EXPECT_GT(b1000 / b100, 1.0) << name;
    EXPECT_LT(b1000 / b100, 1.6) << name;
    // Radiative loss is negligible at low energy.
    EXPECT_LT(radiative_stopping_power(m, 1.0), 0.01 * ionisation_stopping_power(m, 1.0)) << name;
  }
}

TEST(StoppingPower, MuonCriticalEnergies) {
  // docs/references.md: ~340 GeV in iron, ~130 GeV in lead (within ~15 %). GMS 2001 (as quoted by
  // the PDG Atomic and Nuclear Properties pages): iron 347 GeV, lead 141 GeV, copper 315 GeV,
  // standard rock 693 GeV, water 1029 GeV; checked within 15 %. The radiative model is
  // fitted to the iron totals; other materials follow from their X0 with one exponent
  // chosen to match these GMS critical energies (stopping_power.cpp), so for them this is a
  // consistency check, for iron a prediction.
  const struct {
    const char* name;
    double critical_GeV;
  } expected[] = {{"iron", 340.0}, {"lead", 130.0}, {"iron", 347.0}, {"lead", 141.0}, {"copper", 315.0}, {"rock", 693.0},
                  {"water", 1029.0}};
  for (const auto& e : expected) {
    const double ec = muon_critical_energy_GeV(mat(e.name));
    std::printf("  %-8s muon critical energy %.1f GeV (expected %.0f, %+.1f %%)\n", e.name, ec, e.critical_GeV,
                100.0 * relative(ec, e.critical_GeV));
    EXPECT_NEAR(ec, e.critical_GeV, 0.15 * e.critical_GeV) << e.name;
  }
}

TEST(StoppingPower, UnitsAndEdgeCases) {
  EXPECT_DOUBLE_EQ(to_MeV_cm2_per_g(1e-4), 1.0);
  EXPECT_EQ(ionisation_stopping_power(mat("iron"), 0.0), 0.0);
  EXPECT_EQ(radiative_stopping_power(mat("iron"), -1.0), 0.0);
  // Positive and finite over the whole table range, 1 MeV .. 100 TeV.
  for (const auto& name : material_names()) {
    if (name == "vacuum") continue;
    for (int i = 0; i <= 80; ++i) {
      const double s = total_stopping_power(mat(name.c_str()), 1e-3 * std::pow(10.0, i / 10.0));
      EXPECT_TRUE(std::isfinite(s) && s > 0.0) << name << " " << i;
    }
  }
}

}  // namespace
}  // namespace detgrad
