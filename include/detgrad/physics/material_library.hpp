#pragma once
// The standard materials (by lower-case name) and user-defined materials (host only).
//
// Standard names: vacuum, air, water, beryllium, carbon, aluminium, silicon, iron, copper,
// tungsten, lead, uranium, concrete, rock (standard rock), steel, liquid_steel, slag,
// polystyrene, liquid_argon, pbwo4 (calorimeter media).
// Densities and radiation lengths: PDG Atomic and Nuclear Properties (docs/references.md);
// steel, liquid_steel and slag: the ladle-furnace benchmark of TomOpt (arXiv:2309.14027),
// see material_library.cpp for the assumptions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detgrad/physics/material.hpp"

namespace detgrad {

// The standard material of that name, or nullptr if there is none. The pointer stays valid
// for the whole program.
const Material* find_material(std::string_view name);

// Names of all standard materials, in library order.
std::vector<std::string> material_names();

// A user-defined material (the study file's custom materials): density in g/cm^3 and
// radiation length in g/cm^2 are required; <Z/A> (mol/g) and I (eV) are optional.
// Defaults: Z/A and I of the standard material whose X0 (g/cm^2) is nearest in log
// (condensed materials only); the density effect from the Sternheimer-Peierls general
// formulas for the given density, Z/A and I (set_sternheimer_peierls_density_effect);
// radiative losses from X0 (set_radiative_loss_coefficients). Throws std::invalid_argument
// for a non-positive or non-finite density, X0, Z/A or I.
Material make_custom_material(const std::string& name, double density_g_cm3, double radiation_length_g_cm2,
                              std::optional<double> z_over_a = std::nullopt,
                              std::optional<double> mean_excitation_energy_eV = std::nullopt);

// Sternheimer-Peierls general formulas (Phys. Rev. B 3 (1971) 3681, as summarised in
// Sternheimer, Berger, Seltzer 1984): cbar = 1 + 2 ln(I / hbar omega_p), with the plasma
// energy hbar omega_p = 28.816 eV sqrt(rho[g/cm^3] <Z/A>) (PDG Table 34.1); x0, x1 from
// cbar and I in bands (condensed media, or gases below 0.01 g/cm^3); k = 3;
// a = (cbar - 2 ln10 x0) / (x1 - x0)^3 (continuity of delta at x0); delta0 = 0.
void set_sternheimer_peierls_density_effect(Material& material);

}  // namespace detgrad
