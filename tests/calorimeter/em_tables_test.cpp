// The tables' physics against reference figures:
//  - Rossi's critical energy (collision loss per X0 = E) from the Berger-Seltzer stopping
//    power, against the PDG Atomic and Nuclear Properties E_c (within 10 %: the PDG's E_c
//    are from the ESTAR stopping powers, which include shell effects);
//  - pair production at 100 GeV -> (7/9)/X0 (PDG eq. 34.31), within 2 %;
//  - bremsstrahlung above the cut at 10 GeV -> the complete-screening integral of PDG
//    eq. 34.29, within 3 %;
//  - Klein-Nishina in lead at 1 MeV: 0.0503 cm^2/g (Z/A N_A sigma_KN, sigma_KN(1 MeV) =
//    0.2112 b), within 1 %;
//  - photoelectric in lead: NIST XCOM 5.23 cm^2/g at 100 keV and 0.0809 cm^2/g at 500 keV,
//    within 30 % (the fit's stated accuracy).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calorimeter/em_tables.hpp"

namespace detgrad::calorimeter {
namespace {

double rossi_critical_energy(const CaloMedium& m) {
  const double x0 = m.material->radiation_length_m();
  double lo = 1e-3, hi = 0.5;
  for (int i = 0; i < 60; ++i) {
    const double e = std::sqrt(lo * hi);
    (collision_stopping_power(m, e, false) * x0 > e ? lo : hi) = e;
  }
  return std::sqrt(lo * hi);
}

TEST(EmTables, CriticalEnergies) {
  for (const std::string& name : calo_medium_names()) {
    const CaloMedium& m = *find_calo_medium(name);
    const double ec = rossi_critical_energy(m);
    std::printf("%-13s E_c %.2f MeV (PDG %.2f), R_M %.3f cm\n", name.c_str(), 1e3 * ec, 1e3 * m.critical_energy_GeV,
                100 * m.moliere_radius_m());
    EXPECT_NEAR(ec, m.critical_energy_GeV, 0.1 * m.critical_energy_GeV) << name;
  }
}

TEST(EmTables, HighEnergyLimitsOfBremsstrahlungAndPairs) {
  const EmCuts cuts;
  for (const char* name : {"lead", "polystyrene", "pbwo4"}) {
    const CaloMedium* m = find_calo_medium(name);
    const EmTableStore<double> store = build_em_tables({m}, cuts);
    const EmTables<double> t = store.view();
    const double x0 = m->material->radiation_length_m();
    const double pair = t.lookup(0, kPairCrossSection, 100.0) * x0;
    const double e = 10.0, kc = cuts.photon_cut_GeV, y = kc / e;
    const double tsai = 4.0 / 3.0 * std::log(1.0 / y) - 4.0 / 3.0 * (1.0 - y) + 0.5 * (1.0 - y * y);
    const double brem = t.lookup(0, kBremCrossSection, e) * x0;
    std::printf("%-12s pair(100 GeV) X0 = %.4f (7/9 = 0.7778), brem(10 GeV) X0 = %.3f (complete screening %.3f)\n",
                name, pair, brem, tsai);
    EXPECT_NEAR(pair, 7.0 / 9.0, 0.02 * 7.0 / 9.0) << name;
    EXPECT_NEAR(brem, tsai, 0.03 * tsai) << name;
  }
}

TEST(EmTables, PhotonCrossSectionsInLead) {
  const CaloMedium& lead = *find_calo_medium("lead");
  const double rho_g_cm3 = lead.material->density_kg_m3 * 1e-3;
  auto per_gram = [&](double per_m) { return per_m * 0.01 / rho_g_cm3; };  // 1/m -> cm^2/g
  const double compton = per_gram(compton_cross_section(lead, 1e-3));
  const double photo100 = per_gram(photoelectric_cross_section(lead, 1e-4));
  const double photo500 = per_gram(photoelectric_cross_section(lead, 5e-4));
  std::printf("lead: Compton(1 MeV) %.4f cm2/g, photo(100 keV) %.3f, photo(500 keV) %.4f\n", compton, photo100,
              photo500);
  EXPECT_NEAR(compton, 0.0503, 0.01 * 0.0503);
  EXPECT_NEAR(photo100, 5.23, 0.3 * 5.23);
  EXPECT_NEAR(photo500, 0.0809, 0.3 * 0.0809);
}

}  // namespace
}  // namespace detgrad::calorimeter
