#pragma once
// Photon/electron separation from the longitudinal profile (host only). A photon's shower
// starts where it first converts (mean free path 9/7 X0), so its energy lies deeper than an
// electron's of the same energy (PDG "Passage of particles through matter": t_max =
// ln(E/E_c) + C, C = -0.5 for electrons, +0.5 for photons). The discriminant is each shower's
// centre of gravity in depth: t = sum_l w_l E_l t_l / sum_l w_l E_l over the active slabs,
// t_l the depth of slab l's middle in radiation lengths from the stack's front face (every
// slab's thickness / its X0, summed), w_l the readout weight, E_l the deposit. Photons are
// kept when t >= the photons' own 10 % quantile (90 % efficiency); the figure is the
// fraction of electrons kept too (misidentified), with the separation power
// |<t_gamma> - <t_e>| / sqrt(rms_gamma^2 + rms_e^2).
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "calorimeter/calo_config.hpp"
#include "calorimeter/shower_pass.hpp"
#include "detgrad/study/backend_kind.hpp"

namespace detgrad::calorimeter {

struct SeparationPoint {
  double energy_GeV = 0.0;
  std::uint64_t showers = 0;                   // of each kind
  double electron_depth_X0 = 0.0, photon_depth_X0 = 0.0;  // mean centre of gravity
  double electron_rms_X0 = 0.0, photon_rms_X0 = 0.0;
  double separation = 0.0;                     // separation power (above)
  double photon_cut_X0 = 0.0;                  // the 90 % efficiency cut on t
  double misidentification = 0.0;              // electrons with t >= the cut
  double misidentification_error = 0.0;        // binomial
};

// Depth of every slab's middle in radiation lengths from the front face.
std::vector<double> slab_depths_X0(const ShowerSetup& setup);
// One shower's centre of gravity in depth, X0 (0 for a shower with no visible energy).
double shower_depth_X0(const ShowerSetup& setup, const ShowerTallies& t, std::uint64_t shower,
                       const std::vector<double>& depths_X0);
// `showers` electrons and `showers` photons of kinetic energy `energy_GeV` through the
// study's stack (float; shower indices from `first`: electrons first .. first + showers - 1,
// photons the next `showers`), on the CPU or CUDA.
SeparationPoint photon_electron_separation(const CaloStudyConfig& study, const ShowerSetup& setup, double energy_GeV,
                                           std::uint64_t showers, std::uint64_t first, Backend backend);
nlohmann::json separation_json(const std::vector<SeparationPoint>& points);

}  // namespace detgrad::calorimeter
