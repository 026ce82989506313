#pragma once
// Building the tables of em_medium.hpp for the media of a stack (host only).
#include <vector>

#include "calorimeter/calo_media.hpp"
#include "detgrad/calorimeter/em_medium.hpp"

namespace detgrad::calorimeter {

// Production and tracking cuts, kinetic energies in GeV (see docs/calorimeter.md for the
// defaults and why).
struct EmCuts {
  double electron_cut_GeV = 1e-4;  // e+- and mu+- are followed down to this kinetic energy
  double photon_cut_GeV = 5e-5;    // photons are followed down to it, and emitted by bremsstrahlung above it
};

// The table grid: 1 keV to 100 TeV kinetic energy, 20 points per decade.
constexpr double kTableMinEnergy_GeV = 1e-6;
constexpr double kTableMaxEnergy_GeV = 1e5;
constexpr int kTablePointsPerDecade = 20;
// The lowest cut the models are made for (Berger-Seltzer stopping power and the
// photoelectric model below ~10 keV are not).
constexpr double kLowestCut_GeV = 1e-5;

template <typename T>
struct EmTableStore {
  std::vector<EmMedium<T>> media;
  std::vector<T> values;
  int energies = 0;
  EmTables<T> view() const {
    EmTables<T> t;
    t.media = media.data();
    t.values = values.data();
    t.media_count = int(media.size());
    t.energies = energies;
    t.log_min_energy = T(std::log(kTableMinEnergy_GeV));
    t.inv_log_step = T(kTablePointsPerDecade / std::log(10.0));
    t.min_energy_GeV = T(kTableMinEnergy_GeV);
    t.max_energy_GeV = T(kTableMaxEnergy_GeV);
    return t;
  }
};

EmTableStore<double> build_em_tables(const std::vector<const CaloMedium*>& media, const EmCuts& cuts);

template <typename T>
EmTableStore<T> convert_tables(const EmTableStore<double>& d) {
  EmTableStore<T> t;
  for (const auto& m : d.media)
    t.media.push_back({T(m.radiation_length_m), T(m.bohr_factor_GeV_m), T(m.inv_cbrt_z), T(m.screening_low),
                       T(m.screening_high), T(m.brem_norm)});
  t.values.assign(d.values.begin(), d.values.end());
  t.energies = d.energies;
  return t;
}

// The physics behind the tables, exposed for the tests (GeV, m).
double collision_stopping_power(const CaloMedium& medium, double kinetic_GeV, bool positron);  // GeV/m
double photoelectric_cross_section(const CaloMedium& medium, double photon_GeV);                // 1/m
double compton_cross_section(const CaloMedium& medium, double photon_GeV);                      // 1/m

}  // namespace detgrad::calorimeter
