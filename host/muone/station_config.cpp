#include "muone/station_config.hpp"

#include <cmath>

#include "detgrad/core/units.hpp"
#include "detgrad/muone/elastic_cross_section.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"

namespace detgrad::muone {

StationConfig reference_station() {
  StationConfig s;
  // docs/references.md, MUonE, "Station geometry": z (cm from the station's start) and views.
  struct Row { const char* name; double z_cm; double view_deg; };
  const Row rows[] = {{"x0", 18.0218, 0.0},  {"y0", 21.8693, 90.0}, {"u", 55.3635, 45.0},
                      {"v", 56.6205, -45.0}, {"x1", 89.9218, 0.0},  {"y1", 93.7693, 90.0}};
  const double period_m = 1.0;  // the previous station, one station length upstream
  for (int pass = 0; pass < 2; ++pass)
    for (const Row& r : rows) {
      ModuleConfig m;
      m.name = std::string(pass == 0 ? "in_" : "out_") + r.name;
      m.z_m = r.z_cm * units::kCentimetre_m - (pass == 0 ? period_m : 0.0);
      m.view_deg = r.view_deg;
      s.modules.push_back(m);
    }
  resolve_defaults(s);
  return s;
}

void resolve_defaults(StationConfig& station) {
  if (station.electron_energy_max_GeV == 0.0 && station.beam.momentum_GeV > 0.0) {
    const ElasticKinematics<double> k = ElasticKinematics<double>::from_momentum(station.beam.momentum_GeV);
    station.electron_energy_max_GeV = electron_mass<double>() + k.electron_kinetic_max();
  }
}

void view_direction(double view_deg, double& cosine, double& sine) {
  // Multiples of 90 degrees exactly (cos(pi/2) is 6e-17 in double, not 0).
  const double quarter = view_deg / 90.0;
  if (quarter == std::round(quarter)) {
    const int k = ((int(std::round(quarter)) % 4) + 4) % 4;
    const double c[4] = {1, 0, -1, 0}, s[4] = {0, 1, 0, -1};
    cosine = c[k];
    sine = s[k];
    return;
  }
  cosine = std::cos(view_deg * units::kDegree_rad);
  sine = std::sin(view_deg * units::kDegree_rad);
}

int count_upstream(const StationConfig& station) {
  const double front = station.target.z_m - 0.5 * station.target.thickness_m;
  int n = 0;
  for (const ModuleConfig& m : station.modules)
    if (m.z_m < front) ++n;
  return n;
}

EventRange event_range(const StationConfig& station) {
  const ElasticKinematics<double> k = ElasticKinematics<double>::from_momentum(station.beam.momentum_GeV);
  const double me = electron_mass<double>();
  EventRange r;
  r.q2_lo_GeV2 = q2_from_electron_kinetic(station.electron_energy_min_GeV - me);
  r.q2_hi_GeV2 = station.electron_energy_max_GeV > 0.0 ? q2_from_electron_kinetic(station.electron_energy_max_GeV - me)
                                                       : k.q2_max();
  return r;
}

StationFixed build_fixed(const StationConfig& station, std::uint64_t seed) {
  StationFixed f;
  f.n_modules = int(station.modules.size());
  f.n_upstream = count_upstream(station);
  for (int i = 0; i < f.n_modules && i < kMaxModules; ++i) {
    const ModuleConfig& m = station.modules[std::size_t(i)];
    double c, sn;
    view_direction(m.view_deg, c, sn);
    f.module[i] = ModuleFixed{float(c), float(sn), float(m.thickness_x0),
                              float(m.efficiency), float(0.5 * m.size_m)};
  }
  const TargetConfig& t = station.target;
  f.target = TargetFixed{t.radiation_length_m, electron_density_per_m3(t.density_kg_m3, t.atomic_number, t.molar_mass_g_mol)};
  f.beam = station.beam;
  f.beam.z_start_m = station.z_start_m;
  f.range = event_range(station);
  f.bremsstrahlung = station.bremsstrahlung;
  f.seed = seed;
  return f;
}

template <typename T>
StationDesign<T> build_design(const StationConfig& station) {
  StationDesign<T> d{};
  for (std::size_t i = 0; i < station.modules.size() && i < std::size_t(kMaxModules); ++i) {
    const ModuleConfig& m = station.modules[i];
    d.module[i] = ModuleDesign<T>{T(m.z_m), T(m.offset_m), T(m.sigma_m)};
  }
  d.target = TargetDesign<T>{T(station.target.z_m), T(station.target.thickness_m)};
  return d;
}

template StationDesign<float> build_design<float>(const StationConfig&);
template StationDesign<double> build_design<double>(const StationConfig&);

}  // namespace detgrad::muone
