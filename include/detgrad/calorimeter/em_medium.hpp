#pragma once
// What the per-particle shower code knows of a medium: a few scalars for the sampling of the
// interactions (screening of bremsstrahlung and pair production, Bohr straggling) and the
// tables of stopping powers, ranges and cross sections on a common logarithmic grid of
// kinetic energy. Built on the host (host/calorimeter/em_tables.cpp), read here as flat
// arrays so that the same code runs on the CPU and on a GPU. Units: GeV, m, kg.
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"

namespace detgrad::calorimeter {

// Columns of a medium's table, each `energies` values on the grid.
enum EmColumn : int {
  kDedxElectron = 0,  // mean energy loss of e-: collision (Berger-Seltzer) + bremsstrahlung below the photon cut, GeV/m
  kDedxPositron,      // the same for e+, GeV/m
  kRangeElectron,     // CSDA range of e- from kDedxElectron, m
  kRangePositron,     // CSDA range of e+, m
  kBremCrossSection,  // macroscopic cross section of bremsstrahlung above the photon cut (e+-), 1/m
  kPairCrossSection,  // photon: e+e- pair production, 1/m
  kComptonCrossSection,  // photon: Klein-Nishina, 1/m
  kPhotoCrossSection,    // photon: photoelectric absorption, 1/m
  kDedxMuon,             // mean ionisation loss of mu+-, GeV/m
  kRangeMuon,            // CSDA range of mu+-, m
  kEmColumns
};

// Per-medium scalars (T = float or double).
template <typename T>
struct EmMedium {
  T radiation_length_m;   // X0, m
  T bohr_factor_GeV_m;    // (K/2) <Z/A> rho: Bohr variance sigma^2 = bohr_factor ds Tmax (1 - beta^2/2) / beta^2, GeV/m
  T inv_cbrt_z;           // Z_eff^(-1/3) of the screening variable delta
  T screening_low;        // F = (4/3) ln Z_eff, below 50 MeV (no Coulomb correction)
  T screening_high;       // F = (4/3) ln Z_eff + 4 f_c(Z_eff), above 50 MeV
  T brem_norm;            // phi1(0) - screening_high: the complete-screening limit, so that dsigma/dk -> (4/3 - 4/3 y + y^2) / (X0 k)
};

// Logarithmic grid of kinetic energy: points E_i = E_min exp(i / inv_step), i = 0..energies-1.
template <typename T>
struct EmTables {
  const EmMedium<T>* media = nullptr;
  const T* values = nullptr;  // [medium][column][energy]
  int media_count = 0;
  int energies = 0;
  T log_min_energy = T(0);    // ln(E_min / GeV)
  T inv_log_step = T(0);      // 1 / ln(E_{i+1} / E_i)
  T min_energy_GeV = T(0);
  T max_energy_GeV = T(0);

  // Linear interpolation in ln E of one column (clamped to the grid's ends).
  DETGRAD_HD T lookup(int medium, int column, T energy_GeV) const {
    const T* row = values + (std::int64_t(medium) * kEmColumns + column) * energies;
    T u = (std::log(energy_GeV) - log_min_energy) * inv_log_step;
    if (!(u > T(0))) return row[0];
    if (u >= T(energies - 1)) return row[energies - 1];
    const int i = int(u);
    const T f = u - T(i);
    return row[i] + f * (row[i + 1] - row[i]);
  }
};

}  // namespace detgrad::calorimeter
