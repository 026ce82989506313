#pragma once
// A MUonE station as the per-event code sees it: portable PODs, the fixed part (views,
// materials, beam, event range) apart from the design (positions, offsets, resolutions,
// the target's position and thickness), which the adjoint differentiates.
//
// Frame: the beam flies along +z; lengths in m, momenta in GeV/c. A module sits at z and
// measures one projection u = x cos(phi) + y sin(phi) (phi = 0: x, 90 deg: y, +-45 deg:
// stereo), with Gaussian resolution sigma; its active area is a square of side `size`
// centred at offset along u (and 0 along the other axis, v = -x sin(phi) + y cos(phi)).
// Its material (two silicon sensors) is one thin scattering layer at z. Modules before the
// target measure the incoming muon, modules after it the outgoing muon and electron.
// The target is a slab of thickness L centred at z_target.
#include <cstdint>

#include "detgrad/core/macros.hpp"

namespace detgrad::muone {

constexpr int kMaxModules = 16;

// Design of one module (differentiated).
template <typename T>
struct ModuleDesign {
  T z;       // m
  T offset;  // centre of the active area along the measured coordinate, m
  T sigma;   // hit resolution, m
};

template <typename T>
struct TargetDesign {
  T z;          // centre, m
  T thickness;  // m
};

template <typename T>
struct StationDesign {
  ModuleDesign<T> module[kMaxModules];
  TargetDesign<T> target;
};

// Fixed properties of one module.
struct ModuleFixed {
  float cos_view, sin_view;  // measured direction (cos phi, sin phi)
  float thickness_x0;        // x / X0 of the module's silicon at normal incidence
  float efficiency;          // probability of a hit in the active area
  float half_size;           // half the side of the active square, m
};

struct TargetFixed {
  double radiation_length_m;      // X0 of the target material, m
  double electron_density_per_m3; // n_e, m^-3
};

// The beam (docs/references.md, MUonE: M2 160 GeV, 3.75 GeV rms, 0.27 / 0.20 mrad divergence).
struct MuonBeam {
  double momentum_GeV = 160.0;
  double momentum_sigma_GeV = 3.75;
  double divergence_x_rad = 0.27e-3;
  double divergence_y_rad = 0.20e-3;
  double spot_sigma_x_m = 0.01;
  double spot_sigma_y_m = 0.01;
  double z_start_m = -1.0;  // generation plane (the station's start), upstream of every module
};

// Electron kinetic-energy range of the simulated events (q2 = 2 m_e T_e).
struct EventRange {
  double q2_lo_GeV2;
  double q2_hi_GeV2;
};

enum class Bremsstrahlung : std::uint32_t { off = 0, on = 1 };

// Modules are in ascending z; the first n_upstream are before the target.
struct StationFixed {
  int n_modules = 0;
  int n_upstream = 0;
  ModuleFixed module[kMaxModules];
  TargetFixed target;
  MuonBeam beam;
  EventRange range;
  Bremsstrahlung bremsstrahlung = Bremsstrahlung::off;
  std::uint64_t seed = 0;
};

}  // namespace detgrad::muone
