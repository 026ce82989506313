// Standard materials and user-defined materials. See material_library.hpp.
//
// Sources, per column of the table below:
//  - density (g/cm^3), X0 (g/cm^2): PDG Atomic and Nuclear Properties, as in docs/references.md.
//  - <Z/A> (mol/g), I (eV), Sternheimer cbar (-C), x0, x1, a, k, delta0: Sternheimer, Berger
//    and Seltzer, ADNDT 30 (1984) 261, the values the PDG tables and GMS (ADNDT 78 (2001)
//    183) use. Water: I = 75.0 eV (ICRU 37, used by GMS and by the density-effect fit; it
//    reproduces the PDG minimum 1.992 MeV cm^2/g). Standard rock: Z = 11, A = 22 (GMS).
//    Concrete: "shielding concrete" (PDG). Air: dry, 1 atm, 20 C.
//  - radiative b(E): from X0 by set_radiative_loss_coefficients (stopping_power.hpp).
// Ladle-furnace materials of TomOpt (arXiv:2309.14027, docs/references.md), only X0 (m) given:
//  - steel: iron's energy-loss data; X0 = 0.01782 m; density derived from iron's mass X0,
//    13.84 g/cm^2 / 1.782 cm = 7.767 g/cm^3 (within the 7.75-8.05 of common steels).
//  - liquid_steel: iron's energy-loss data; X0 = 0.01991 m; density 13.84 / 1.991 =
//    6.951 g/cm^3 (liquid steel near 1600 C is ~6.9-7.0 g/cm^3).
//  - slag: assumed to be oxide rock, so standard rock's energy-loss data and mass X0
//    26.54 g/cm^2; X0 = 0.08211 m gives a density 26.54 / 8.211 = 3.232 g/cm^3.
// Calorimeter media (density g/cm^3, X0 g/cm^2, <Z/A> mol/g, I eV from PDG Atomic and Nuclear
// Properties, pdg.lbl.gov/AtomicNuclearProperties; density effect from the Sternheimer-Peierls
// general formulas, set_sternheimer_peierls_density_effect):
//  - polystyrene (C8H8, the base of plastic scintillators): 1.060, 43.79, 0.53768, 68.7.
//  - liquid_argon: 1.396, 19.55, 0.45059, 188.0.
//  - pbwo4 (lead tungstate): 8.300, 7.39, 0.41315, 600.7.
// Vacuum: zero density, infinite X0, no electrons: no scattering and no energy loss.
#include "detgrad/physics/material_library.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "detgrad/core/units.hpp"
#include "detgrad/physics/stopping_power.hpp"

namespace detgrad {
namespace {

constexpr double kLn10 = 2.302585092994046;
constexpr double kEv_GeV = 1e-9;

struct MaterialRow {
  const char* name;
  double density_g_cm3, x0_g_cm2, z_over_a, i_eV, cbar, x0, x1, a, k, delta0;
};

// name          density    X0      Z/A      I(eV)  cbar     x0       x1      a        k       delta0
constexpr MaterialRow kRows[] = {
    {"air", 1.205e-3, 36.62, 0.49919, 85.7, 10.5961, 1.7418, 4.2759, 0.10914, 3.3994, 0.0},
    {"water", 1.000, 36.08, 0.55509, 75.0, 3.5017, 0.2400, 2.8004, 0.09116, 3.4773, 0.0},
    {"beryllium", 1.848, 65.19, 0.44384, 63.7, 2.7847, 0.0592, 1.6922, 0.80392, 2.4339, 0.14},
    {"carbon", 2.210, 42.70, 0.49955, 78.0, 2.8680, -0.0178, 2.3415, 0.26142, 2.8697, 0.12},
    {"aluminium", 2.699, 24.01, 0.48181, 166.0, 4.2395, 0.1708, 3.0127, 0.08024, 3.6345, 0.12},
    {"silicon", 2.329, 21.82, 0.49848, 173.0, 4.4355, 0.2014, 2.8715, 0.14921, 3.2546, 0.14},
    {"iron", 7.874, 13.84, 0.46557, 286.0, 4.2911, -0.0012, 3.1531, 0.14680, 2.9632, 0.12},
    {"copper", 8.960, 12.86, 0.45636, 322.0, 4.4190, -0.0254, 3.2792, 0.14339, 2.9044, 0.08},
    {"tungsten", 19.30, 6.76, 0.40250, 727.0, 5.4059, 0.2167, 3.4960, 0.15509, 2.8447, 0.14},
    {"lead", 11.35, 6.37, 0.39575, 823.0, 6.2018, 0.3776, 3.8073, 0.09359, 3.1608, 0.14},
    {"uranium", 18.95, 6.00, 0.38683, 890.0, 5.8694, 0.2260, 3.3721, 0.19677, 2.8171, 0.14},
    {"concrete", 2.300, 26.57, 0.50274, 135.2, 3.9464, 0.1301, 3.0466, 0.07515, 3.5467, 0.0},
    {"rock", 2.650, 26.54, 0.50000, 136.4, 3.7738, 0.0492, 3.0549, 0.08301, 3.4120, 0.0},
};

Material from_row(const MaterialRow& r) {
  Material m;
  m.name = r.name;
  m.density_kg_m3 = r.density_g_cm3 * units::kGramPerCm3_kgPerM3;
  m.radiation_length_kg_m2 = r.x0_g_cm2 * units::kGramPerCm2_kgPerM2;
  m.z_over_a = r.z_over_a;
  m.mean_excitation_energy_GeV = r.i_eV * kEv_GeV;
  m.density_cbar = r.cbar;
  m.density_x0 = r.x0;
  m.density_x1 = r.x1;
  m.density_a = r.a;
  m.density_k = r.k;
  m.density_delta0 = r.delta0;
  set_radiative_loss_coefficients(m);
  return m;
}

// Energy-loss data of `base` with a new name, X0 length (m) and the density that keeps
// base's mass X0.
Material with_radiation_length(const Material& base, const char* name, double x0_m) {
  Material m = base;
  m.name = name;
  m.density_kg_m3 = base.radiation_length_kg_m2 / x0_m;
  return m;
}

// A medium given by density (g/cm^3), X0 (g/cm^2), <Z/A> (mol/g) and I (eV), with the
// Sternheimer-Peierls density effect.
Material tabulated_medium(const char* name, double density_g_cm3, double x0_g_cm2, double z_over_a, double i_eV) {
  Material m;
  m.name = name;
  m.density_kg_m3 = density_g_cm3 * units::kGramPerCm3_kgPerM3;
  m.radiation_length_kg_m2 = x0_g_cm2 * units::kGramPerCm2_kgPerM2;
  m.z_over_a = z_over_a;
  m.mean_excitation_energy_GeV = i_eV * kEv_GeV;
  set_sternheimer_peierls_density_effect(m);
  set_radiative_loss_coefficients(m);
  return m;
}

std::vector<Material> build_library() {
  std::vector<Material> lib;
  Material vacuum;
  vacuum.name = "vacuum";
  vacuum.radiation_length_kg_m2 = std::numeric_limits<double>::infinity();
  lib.push_back(vacuum);
  for (const MaterialRow& r : kRows) lib.push_back(from_row(r));
  const Material iron = from_row(kRows[6]);
  const Material rock = from_row(kRows[12]);
  lib.push_back(with_radiation_length(iron, "steel", 0.01782));
  lib.push_back(with_radiation_length(iron, "liquid_steel", 0.01991));
  lib.push_back(with_radiation_length(rock, "slag", 0.08211));
  lib.push_back(tabulated_medium("polystyrene", 1.060, 43.79, 0.53768, 68.7));
  lib.push_back(tabulated_medium("liquid_argon", 1.396, 19.55, 0.45059, 188.0));
  lib.push_back(tabulated_medium("pbwo4", 8.300, 7.39, 0.41315, 600.7));
  return lib;
}

const std::vector<Material>& library() {
  static const std::vector<Material> lib = build_library();
  return lib;
}

void require_positive(double value, const char* what) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw std::invalid_argument(std::string("custom material: ") + what + " must be positive and finite, got " +
                                std::to_string(value));
}

}  // namespace

const Material* find_material(std::string_view name) {
  for (const Material& m : library())
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<std::string> material_names() {
  std::vector<std::string> names;
  for (const Material& m : library()) names.push_back(m.name);
  return names;
}

void set_sternheimer_peierls_density_effect(Material& m) {
  const double density_g_cm3 = m.density_kg_m3 / units::kGramPerCm3_kgPerM3;
  const double plasma_eV = 28.816 * std::sqrt(density_g_cm3 * m.z_over_a);  // PDG Table 34.1
  const double i_eV = m.mean_excitation_energy_GeV / kEv_GeV;
  const double cbar = 1.0 + 2.0 * std::log(i_eV / plasma_eV);
  double x0, x1;
  if (density_g_cm3 < 0.01) {  // gases (Sternheimer-Peierls bands)
    x1 = cbar < 12.25 ? 4.0 : 5.0;
    if (cbar < 10.0) x0 = 1.6;
    else if (cbar < 10.5) x0 = 1.7;
    else if (cbar < 11.0) x0 = 1.8;
    else if (cbar < 11.5) x0 = 1.9;
    else if (cbar < 13.804) x0 = 2.0;
    else x0 = 0.326 * cbar - 2.5;
  } else if (i_eV < 100.0) {  // condensed, I < 100 eV
    x1 = 2.0;
    x0 = cbar <= 3.681 ? 0.2 : 0.326 * cbar - 1.0;
  } else {  // condensed, I >= 100 eV
    x1 = 3.0;
    x0 = cbar <= 5.215 ? 0.2 : 0.326 * cbar - 1.5;
  }
  m.density_cbar = cbar;
  m.density_x0 = x0;
  m.density_x1 = x1;
  m.density_k = 3.0;
  m.density_a = (cbar - 2.0 * kLn10 * x0) / std::pow(x1 - x0, 3.0);
  m.density_delta0 = 0.0;
}

Material make_custom_material(const std::string& name, double density_g_cm3, double radiation_length_g_cm2,
                              std::optional<double> z_over_a, std::optional<double> mean_excitation_energy_eV) {
  require_positive(density_g_cm3, "density (g/cm^3)");
  require_positive(radiation_length_g_cm2, "radiation length (g/cm^2)");
  if (z_over_a) require_positive(*z_over_a, "Z/A (mol/g)");
  if (mean_excitation_energy_eV) require_positive(*mean_excitation_energy_eV, "mean excitation energy (eV)");

  // Nearest condensed standard material in ln X0 supplies the missing Z/A and I.
  const Material* nearest = nullptr;
  double best = std::numeric_limits<double>::infinity();
  for (const MaterialRow& r : kRows) {
    if (r.density_g_cm3 < 0.01) continue;
    const double d = std::fabs(std::log(r.x0_g_cm2 / radiation_length_g_cm2));
    if (d < best) {
      best = d;
      nearest = find_material(r.name);
    }
  }
  Material m;
  m.name = name;
  m.density_kg_m3 = density_g_cm3 * units::kGramPerCm3_kgPerM3;
  m.radiation_length_kg_m2 = radiation_length_g_cm2 * units::kGramPerCm2_kgPerM2;
  m.z_over_a = z_over_a ? *z_over_a : nearest->z_over_a;
  m.mean_excitation_energy_GeV =
      mean_excitation_energy_eV ? *mean_excitation_energy_eV * kEv_GeV : nearest->mean_excitation_energy_GeV;
  set_sternheimer_peierls_density_effect(m);
  set_radiative_loss_coefficients(m);
  return m;
}

}  // namespace detgrad
