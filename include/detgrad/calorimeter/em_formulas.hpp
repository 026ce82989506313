#pragma once
// Differential cross sections of the electromagnetic cascade, shared by the host's table
// building (host/calorimeter/em_tables.cpp, double) and the per-particle sampling
// (em_interactions.hpp). Energies in GeV.
//
// Bremsstrahlung and pair production: Bethe-Heitler with screening in the form of Butcher
// and Messel (Nucl. Phys. 20 (1960) 15) used by EGS4 (Nelson, Hirayama, Rogers, SLAC-265
// (1985), eqs. 2.7.14-2.7.19 and 2.7.80-2.7.84): screening functions phi1, phi2 of
//   delta = 136 m_e Z^(-1/3) k / (E E')   (brems: E, E' total energies before and after),
//   delta = 136 m_e Z^(-1/3) / (k eps (1 - eps))   (pairs: eps = E+ / k),
// and F = (4/3) ln Z (+ 4 f_c(Z), the Coulomb correction, above 50 MeV). Both are
// normalised by the complete-screening bracket phi1(0) - F_high, so that at high energy
// dsigma/dk -> (1/X0)(4/3 - 4/3 y + y^2)/k (PDG "Passage of particles through matter",
// eq. 34.29) and sigma_pair -> (7/9)/X0 (PDG eq. 34.31): the tables' X0 fixes the scale and
// the screening functions the shape. Z is the medium's electron-weighted Z_eff for
// compounds. No Landau-Pomeranchuk-Migdal or dielectric suppression (relevant only for
// photons below ~1e-4 of E above ~1 TeV, and below ~ E/1000 via dielectric suppression).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/units.hpp"

namespace detgrad::calorimeter {

constexpr double kElectronMass_GeV = units::kElectronMass_GeV;  // m_e c^2, GeV (core/units.hpp: PDG 2022)
constexpr double kFineStructure = 1.0 / 137.035999084;  // alpha (PDG 2022)
constexpr double kClassicalElectronRadius_m = 2.8179403262e-15;  // r_e, m (PDG 2022)
constexpr double kSpeedOfLight_m_per_ns = units::kSpeedOfLight_m_per_ns;  // c, m/ns (core/units.hpp: exact)
constexpr double kScreeningConstant = 136.0;  // 136 m_e Z^(-1/3): Butcher-Messel / EGS4 screening scale
constexpr double kCoulombCorrectionThreshold_GeV = 0.05;  // f_c applied above 50 MeV (EGS4, SLAC-265 sec. 2.7)

// Screening functions of Butcher and Messel (EGS4, SLAC-265 eq. 2.7.14).
template <typename T>
DETGRAD_HDI T screening_phi1(T delta) {
  return delta <= T(1) ? T(20.867) - T(3.242) * delta + T(0.625) * delta * delta
                       : T(21.12) - T(4.184) * std::log(delta + T(0.952));
}
template <typename T>
DETGRAD_HDI T screening_phi2(T delta) {
  return delta <= T(1) ? T(20.029) - T(1.930) * delta - T(0.086) * delta * delta
                       : T(21.12) - T(4.184) * std::log(delta + T(0.952));
}

// Coulomb correction f_c(Z) (Davies, Bethe, Maximon; PDG eq. 34.27), a = alpha Z.
inline double coulomb_correction(double z) {
  const double a2 = (kFineStructure * z) * (kFineStructure * z);
  return a2 * (1.0 / (1.0 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2 * a2 - 0.002 * a2 * a2 * a2);
}

// Bremsstrahlung bracket for photon energy k from an e+- of total energy E (y = k / E):
//   (1 + (1 - y)^2)(phi1 - F) - (2/3)(1 - y)(phi2 - F), clamped at 0.
// dsigma/dk = bracket / (X0 k brem_norm).
template <typename T>
DETGRAD_HDI T brem_bracket(T k, T total_energy, T inv_cbrt_z, T screening) {
  const T y = k / total_energy;
  const T after = total_energy - k;
  if (!(after > T(0))) return T(0);
  const T delta = T(kScreeningConstant * kElectronMass_GeV) * inv_cbrt_z * k / (total_energy * after);
  const T one_minus_y = T(1) - y;
  const T b = (T(1) + one_minus_y * one_minus_y) * (screening_phi1(delta) - screening) -
              T(2.0 / 3.0) * one_minus_y * (screening_phi2(delta) - screening);
  return b > T(0) ? b : T(0);
}

// Pair-production bracket for the energy fraction eps of the positron (or electron):
//   (eps^2 + (1 - eps)^2)(phi1 - F) + (2/3) eps (1 - eps)(phi2 - F), clamped at 0.
// dsigma/deps = bracket / (X0 brem_norm).
template <typename T>
DETGRAD_HDI T pair_bracket(T eps, T photon_energy, T inv_cbrt_z, T screening) {
  const T e1 = eps * (T(1) - eps);
  if (!(e1 > T(0))) return T(0);
  const T delta = T(kScreeningConstant * kElectronMass_GeV) * inv_cbrt_z / (photon_energy * e1);
  const T b = (eps * eps + (T(1) - eps) * (T(1) - eps)) * (screening_phi1(delta) - screening) +
              T(2.0 / 3.0) * e1 * (screening_phi2(delta) - screening);
  return b > T(0) ? b : T(0);
}

}  // namespace detgrad::calorimeter
