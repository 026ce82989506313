#pragma once
// Mean (continuous) stopping power of muons in matter, host double functions. Results in
// GeV m^2/kg (mass stopping power; 1 MeV cm^2/g = 1e-4 GeV m^2/kg); kinetic energy in GeV.
//   total = ionisation a(E) + radiative b(E) E      (Groom, Mokhov, Striganov, ADNDT 78
//   (2001) 183, "GMS" below; PDG "Passage of particles through matter", sec. 34.6)
#include "detgrad/physics/material.hpp"

namespace detgrad {

// 1 MeV cm^2/g expressed in GeV m^2/kg: 1e-3 GeV * 1e-4 m^2 / 1e-3 kg.
constexpr double kMeVCm2PerG_GeVM2PerKg = 1e-4;
// 1 cm^2/g expressed in m^2/kg.
constexpr double kCm2PerG_M2PerKg = 0.1;

// b(E) is held constant above this total energy (GeV): the GMS tables show b(E) flattening
// at multi-TeV energies; the logarithmic fit below is calibrated between 10 GeV and 1 TeV.
constexpr double kRadiativeSaturationEnergy_GeV = 1e4;

// Electronic (ionisation) stopping power, GeV m^2/kg: Bethe (PDG eq. 34.5, Tmax eq. 34.4)
// with the Sternheimer density effect (eq. 34.7), the spin-1/2 term Tmax^2 / (8 E^2) and the
// bremsstrahlung-on-atomic-electrons correction of GMS (sec. 3) / PDG sec. 34.6:
//   Delta = K/(4 pi) Z/A alpha [ln(2E/M) - ln(2Tmax/me)/3] ln^2(2Tmax/me)  (where > 0).
// Zero for vacuum and for kinetic_GeV <= 0. No shell or Barkas corrections: valid above
// a few MeV kinetic energy (beta gamma > ~0.3), the range the tables need.
double ionisation_stopping_power(const Material& material, double kinetic_GeV);

// Radiative stopping power b(E) E, GeV m^2/kg (E = kinetic + muon mass). Zero for vacuum.
double radiative_stopping_power(const Material& material, double kinetic_GeV);

// ionisation + radiative, GeV m^2/kg.
double total_stopping_power(const Material& material, double kinetic_GeV);

// Unit helper for tests and tables: GeV m^2/kg -> MeV cm^2/g.
constexpr double to_MeV_cm2_per_g(double GeV_m2_per_kg) { return GeV_m2_per_kg / kMeVCm2PerG_GeVM2PerKg; }

// Muon critical energy (GeV, total energy) where ionisation equals radiative loss (GMS's
// definition); bisection in log E between 1 GeV and 100 TeV. +inf for vacuum.
double muon_critical_energy_GeV(const Material& material);

// Radiative-loss model shared by every material (so user-defined materials get it too):
//   b(E) = b_nucl + (X0_Fe / X0)^1.05 * (c0 + c1 ln(E/GeV))
// Bremsstrahlung and pair production both scale with Z(Z+1)/A nearly like 1/X0 (the
// exponent 1.05 is fitted to GMS muon critical energies, see the .cpp); the photonuclear
// part is nearly the same per unit mass in every material. c0, c1 are fitted to the GMS
// iron totals (docs/references.md) minus this file's ionisation; b_nucl = 0.4e-6 cm^2/g (GMS,
// b_nucl at ~100 GeV, nearly material independent). Sets radiative_b0/b1 of `material`
// from its radiation_length_kg_m2; zero for vacuum (infinite X0 or zero density).
void set_radiative_loss_coefficients(Material& material);

}  // namespace detgrad
