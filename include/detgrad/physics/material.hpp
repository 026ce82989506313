#pragma once
// A material as the muon physics sees it (host only; per-event code gets flat arrays built
// from it, e.g. the range tables of range_table.hpp). Sources of the numbers: see
// host/physics/material_library.cpp.
#include <limits>
#include <string>

namespace detgrad {

struct Material {
  std::string name;  // lower case, e.g. "iron"

  double density_kg_m3 = 0.0;           // mass density, kg/m^3 (0 for vacuum)
  double radiation_length_kg_m2 = 0.0;  // X0 as a mass thickness, kg/m^2 (+inf for vacuum)

  // Ionisation (Bethe, PDG "Passage of particles through matter" eq. 34.5).
  double z_over_a = 0.0;                    // <Z/A>, mol/g (0 for vacuum: no electrons)
  double mean_excitation_energy_GeV = 0.0;  // I, GeV

  // Sternheimer density-effect parameterisation (PDG eq. 34.7; Sternheimer, Berger and
  // Seltzer, At. Data Nucl. Data Tables 30 (1984) 261), x = log10(beta gamma):
  //   delta = 2 ln10 x - cbar + a (x1 - x)^k   for x0 <= x < x1
  //   delta = 2 ln10 x - cbar                  for x >= x1
  //   delta = delta0 10^(2 (x - x0))           for x < x0 (conductors; 0 for insulators)
  double density_x0 = 0.0;      // dimensionless
  double density_x1 = 0.0;      // dimensionless
  double density_a = 0.0;       // dimensionless
  double density_k = 0.0;       // dimensionless
  double density_cbar = 0.0;    // -C, dimensionless
  double density_delta0 = 0.0;  // dimensionless

  // Radiative losses (bremsstrahlung + e+e- pair production + photonuclear):
  //   dE/dx_rad = b(E) E,  b(E) = b0 + b1 ln(min(E, E_sat) / GeV), E the muon's total energy,
  // E_sat = kRadiativeSaturationEnergy_GeV (stopping_power.hpp). b in m^2/kg
  // (1 cm^2/g = 0.1 m^2/kg). Zero for vacuum. Filled by radiative_loss_coefficients().
  double radiative_b0_m2_kg = 0.0;
  double radiative_b1_m2_kg = 0.0;

  // X0 as a length, m (+inf where the density is zero).
  double radiation_length_m() const {
    if (!(density_kg_m3 > 0.0)) return std::numeric_limits<double>::infinity();
    return radiation_length_kg_m2 / density_kg_m3;
  }
  bool is_vacuum() const { return !(density_kg_m3 > 0.0); }
};

}  // namespace detgrad
