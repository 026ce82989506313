// Standard and user-defined materials: names, densities and radiation lengths as in
// docs/references.md (PDG Atomic and Nuclear Properties), vacuum, the ladle-furnace materials.
#include "detgrad/physics/material_library.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "detgrad/physics/stopping_power.hpp"

namespace detgrad {
namespace {

struct Expected {
  const char* name;
  double density_g_cm3, x0_g_cm2, x0_cm;
};

// docs/references.md materials table (PDG Atomic and Nuclear Properties).
constexpr Expected kExpected[] = {
    {"air", 1.205e-3, 36.62, 30390}, {"water", 1.000, 36.08, 36.08},   {"beryllium", 1.848, 65.19, 35.28},
    {"carbon", 2.210, 42.70, 19.32}, {"aluminium", 2.699, 24.01, 8.896}, {"silicon", 2.329, 21.82, 9.370},
    {"iron", 7.874, 13.84, 1.757},   {"copper", 8.960, 12.86, 1.436},  {"tungsten", 19.30, 6.76, 0.3504},
    {"lead", 11.35, 6.37, 0.5612},   {"uranium", 18.95, 6.00, 0.3166}, {"concrete", 2.300, 26.57, 11.55},
    {"rock", 2.650, 26.54, 10.02},
};

TEST(MaterialLibrary, DensitiesAndRadiationLengthsAsReferences) {
  for (const Expected& e : kExpected) {
    SCOPED_TRACE(e.name);
    const Material* m = find_material(e.name);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->name, e.name);
    EXPECT_NEAR(m->density_kg_m3, e.density_g_cm3 * 1000.0, 1e-9 * e.density_g_cm3 * 1000.0);
    EXPECT_NEAR(m->radiation_length_kg_m2, e.x0_g_cm2 * 10.0, 1e-9 * e.x0_g_cm2 * 10.0);
    // The cm column is rounded to 4 digits in the table.
    EXPECT_NEAR(m->radiation_length_m(), e.x0_cm * 0.01, 1.5e-3 * e.x0_cm * 0.01);
  }
}

TEST(MaterialLibrary, NamesAreCompleteAndUnknownIsNull) {
  const auto names = material_names();
  EXPECT_EQ(names.size(), 20u);  // 17 + the calorimeter media polystyrene, liquid_argon, pbwo4
  for (const auto& n : names) EXPECT_NE(find_material(n), nullptr) << n;
  for (const char* n : {"vacuum", "steel", "liquid_steel", "slag"}) EXPECT_NE(find_material(n), nullptr) << n;
  EXPECT_EQ(find_material("unobtainium"), nullptr);
  EXPECT_EQ(find_material("Iron"), nullptr);  // names are lower case
}

TEST(MaterialLibrary, VacuumHasNoScatteringAndNoLoss) {
  const Material* v = find_material("vacuum");
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(v->is_vacuum());
  EXPECT_EQ(v->density_kg_m3, 0.0);
  EXPECT_TRUE(std::isinf(v->radiation_length_kg_m2));
  EXPECT_TRUE(std::isinf(v->radiation_length_m()));
  for (double t : {1e-3, 1.0, 1e3, 1e5}) {
    EXPECT_EQ(ionisation_stopping_power(*v, t), 0.0);
    EXPECT_EQ(radiative_stopping_power(*v, t), 0.0);
  }
}

TEST(MaterialLibrary, LadleFurnaceMaterials) {
  // X0 lengths of TomOpt's ladle-furnace benchmark (docs/references.md).
  const Material* steel = find_material("steel");
  const Material* liquid = find_material("liquid_steel");
  const Material* slag = find_material("slag");
  const Material* iron = find_material("iron");
  const Material* rock = find_material("rock");
  EXPECT_NEAR(steel->radiation_length_m(), 0.01782, 1e-12);
  EXPECT_NEAR(liquid->radiation_length_m(), 0.01991, 1e-12);
  EXPECT_NEAR(slag->radiation_length_m(), 0.08211, 1e-12);
  // Energy-loss data of iron (steels) and standard rock (slag), same mass X0.
  EXPECT_EQ(steel->radiation_length_kg_m2, iron->radiation_length_kg_m2);
  EXPECT_EQ(liquid->mean_excitation_energy_GeV, iron->mean_excitation_energy_GeV);
  EXPECT_EQ(slag->z_over_a, rock->z_over_a);
  EXPECT_NEAR(steel->density_kg_m3, 7767.0, 1.0);
  EXPECT_NEAR(liquid->density_kg_m3, 6951.0, 1.0);
  EXPECT_NEAR(slag->density_kg_m3, 3232.0, 1.0);
}

double minimum_ionisation_MeV_cm2_g(const Material& m) {
  double best = 1e30;
  for (int i = 0; i <= 400; ++i) best = std::min(best, to_MeV_cm2_per_g(ionisation_stopping_power(m, 0.05 * std::pow(10.0, i / 100.0))));
  return best;
}

TEST(MaterialLibrary, CustomMaterialTakesDefaultsFromNearestStandard) {
  // An iron look-alike: Z/A and I from iron (nearest X0), density effect from the
  // Sternheimer-Peierls formulas; minimum ionisation within 2 % of iron's 1.451 MeV cm^2/g
  // (the general formulas ignore iron's conductor term delta0: +1.3 % at the minimum).
  const Material m = make_custom_material("my_iron", 7.874, 13.84);
  const Material* iron = find_material("iron");
  EXPECT_EQ(m.name, "my_iron");
  EXPECT_DOUBLE_EQ(m.z_over_a, iron->z_over_a);
  EXPECT_DOUBLE_EQ(m.mean_excitation_energy_GeV, iron->mean_excitation_energy_GeV);
  EXPECT_NEAR(minimum_ionisation_MeV_cm2_g(m), 1.451, 0.02 * 1.451);
  // Same radiative law as the library's iron.
  EXPECT_NEAR(radiative_stopping_power(m, 100.0), radiative_stopping_power(*iron, 100.0), 1e-12);
  // High-energy ionisation (density effect matters) within 2 % of the tabulated iron's.
  EXPECT_NEAR(ionisation_stopping_power(m, 100.0), ionisation_stopping_power(*iron, 100.0),
              0.02 * ionisation_stopping_power(*iron, 100.0));
}

TEST(MaterialLibrary, CustomMaterialWithExplicitZOverAAndI) {
  // Water given explicitly (Z/A 0.55509, I 75 eV): minimum within 3 % of PDG's 1.992.
  const Material m = make_custom_material("my_water", 1.0, 36.08, 0.55509, 75.0);
  EXPECT_NEAR(m.mean_excitation_energy_GeV, 75e-9, 1e-15);
  EXPECT_NEAR(minimum_ionisation_MeV_cm2_g(m), 1.992, 0.03 * 1.992);
  // Gas branch of Sternheimer-Peierls: air given explicitly, minimum within 3 % of 1.815.
  const Material gas = make_custom_material("my_air", 1.205e-3, 36.62, 0.49919, 85.7);
  EXPECT_NEAR(minimum_ionisation_MeV_cm2_g(gas), 1.815, 0.03 * 1.815);
}

TEST(MaterialLibrary, CustomMaterialRejectsBadInput) {
  EXPECT_THROW(make_custom_material("x", 0.0, 10.0), std::invalid_argument);
  EXPECT_THROW(make_custom_material("x", 1.0, -1.0), std::invalid_argument);
  EXPECT_THROW(make_custom_material("x", 1.0, 10.0, 0.0), std::invalid_argument);
  EXPECT_THROW(make_custom_material("x", 1.0, 10.0, 0.5, std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace detgrad
