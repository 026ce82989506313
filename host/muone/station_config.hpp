#pragma once
// A MUonE station as a study describes it (host side), the reference station of
// docs/references.md, MUonE, and its conversion into the portable structs of the per-event code.
#include <cstdint>
#include <string>
#include <vector>

#include "detgrad/muone/station.hpp"

namespace detgrad::muone {

struct ModuleConfig {
  std::string name;
  double z_m = 0.0;
  double view_deg = 0.0;          // measured direction: 0 = x, 90 = y, +-45 = stereo
  double thickness_x0 = 0.0068;   // two 320 um Si sensors: 0.064 cm / 9.37 cm
  double sigma_m = 26e-6;         // 90 um pitch, binary readout
  double efficiency = 1.0;
  double size_m = 0.10;           // side of the active square
  double offset_m = 0.0;          // centre of the active area along the measured coordinate
  double depth_m = 0.005;         // mechanical depth along z (two sensors, their gap, supports)
};

struct TargetConfig {
  std::string material = "beryllium";
  double z_m = 0.0075;            // centre
  double thickness_m = 0.015;
  double radiation_length_m = 0.3528;  // Be, PDG: 35.28 cm
  double density_kg_m3 = 1848.0;       // Be, PDG: 1.848 g/cm^3
  double atomic_number = 4.0;
  double molar_mass_g_mol = 9.012182;
};

struct StationConfig {
  double z_start_m = -1.0;            // the station's extent along the beam; the beam starts here
  double z_end_m = 1.0;
  std::vector<ModuleConfig> modules;  // ascending z
  TargetConfig target;
  MuonBeam beam;
  double electron_energy_min_GeV = 1.0;
  double electron_energy_max_GeV = 0.0;  // 0: the kinematic maximum
  Bremsstrahlung bremsstrahlung = Bremsstrahlung::off;
};

// docs/references.md, MUonE: the 2022-23 station (target: 1.5 cm Be at the station's start; six
// modules x, y, u, v, x, y), preceded by the previous station's six modules (the same
// layout 1 m upstream), which measure the incoming muon.
StationConfig reference_station();

// (cos, sin) of a view angle, exact for multiples of 90 degrees.
void view_direction(double view_deg, double& cosine, double& sine);
// Fills what a study may leave open: an electron-energy maximum of 0 becomes the kinematic
// maximum at the beam's nominal momentum.
void resolve_defaults(StationConfig& station);
// Number of modules before the target's front face.
int count_upstream(const StationConfig& station);
// q2 range of the electron-energy range at the beam's nominal momentum.
EventRange event_range(const StationConfig& station);
StationFixed build_fixed(const StationConfig& station, std::uint64_t seed);
template <typename T>
StationDesign<T> build_design(const StationConfig& station);

}  // namespace detgrad::muone
