#pragma once
// What the calorimeter needs of a material beyond the engine's library (Material): its
// elements (for Z_eff and the photoelectric cross section) and the critical energy E_c, from
// which the Moliere radius follows. Only the media listed in calo_media.cpp can be used in a
// calorimeter stack (host only).
#include <string>
#include <vector>

#include "detgrad/physics/material.hpp"

namespace detgrad::calorimeter {

struct Element {
  int z = 0;               // atomic number
  double a_g_mol = 0.0;    // atomic mass, g/mol
  double mass_fraction = 0.0;
  double k_edge_GeV = 0.0;  // K-shell binding energy where above 10 keV (the lowest photon cut), else 0
};

struct CaloMedium {
  std::string name;
  const Material* material = nullptr;  // the library's entry (density, X0, Z/A, I, density effect)
  std::vector<Element> elements;
  double critical_energy_GeV = 0.0;  // E_c of electrons (Rossi's definition), PDG Atomic and Nuclear Properties
  double z_eff = 0.0;                // sum w Z^2/A / sum w Z/A (electron-weighted Z, for the screening)
  // Moliere radius R_M = X0 E_s / E_c, E_s = 21.2052 MeV (PDG "Passage of particles through
  // matter", eq. 34.37 and its definition of E_s).
  double moliere_radius_m() const;
};

// E_s of the Moliere radius, GeV (PDG eq. 34.37: sqrt(4 pi / alpha) m_e c^2 = 21.2052 MeV).
constexpr double kMoliereScale_GeV = 21.2052e-3;

// The calorimeter medium of that library name, or nullptr.
const CaloMedium* find_calo_medium(const std::string& name);
// Names of the calorimeter media, in table order.
std::vector<std::string> calo_medium_names();

}  // namespace detgrad::calorimeter
