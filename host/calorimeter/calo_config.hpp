#pragma once
// A calorimeter study (host only): the stack, the beam, the cuts and how many showers
// (docs/study-format.md, "Calorimeter").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "detgrad/study/common_config.hpp"

namespace detgrad::calorimeter {

struct SlabConfig {
  std::string material;
  double thickness_m = 0.0;
  bool active = false;
  double weight = 1.0;  // an active slab's weight in the visible energy (e.g. 1, 2, 3 for a stack of three samplings)
};

// Either one slab (repeat 1, slabs of size 1) or a group of slabs repeated `repeat` times.
struct LayerGroupConfig {
  int repeat = 1;
  std::vector<SlabConfig> slabs;
};

// A spectrum of kinetic energies (source.spectrum): each shower's energy drawn between min
// and max, uniform or dN/dE ~ E^-index; the particle level bins the showers by their energy
// into `bins` bins of equal width in log E, and the stack is judged per bin. shape "" : none.
struct SpectrumConfig {
  std::string shape;
  double min_GeV = 0.0, max_GeV = 0.0;
  double index = 2.0;
  int bins = 5;
  // The edges of bin k: min (max/min)^(k/bins); its centre: the geometric mean of its edges.
  std::vector<double> bin_centres_GeV() const;
};

struct SourceConfig {
  std::string particle = "electron";  // electron, positron, photon, muon
  // Kinetic energies, one run of `showers` each; with a spectrum, its bins' centres (the
  // energies of the response model and of the photon/electron separation).
  std::vector<double> energies_GeV = {1.0, 2.0, 5.0, 10.0};
  SpectrumConfig spectrum;
  double angle_deg = 0.0;  // incidence angle to the z axis, in the x-z plane
  double spot_m = 0.0;     // rms of the Gaussian beam spot in x and y
};

struct CutsConfig {
  double electron_MeV = 0.1;          // e+- and muons followed down to this kinetic energy
  double photon_MeV = 0.05;           // photons followed down to it, and emitted above it
  double range_rejection_MeV = 1.0;   // e+- below it that cannot leave their slab stop on the spot
};

// The optimisation's cost model (calorimeter.cost; docs/study-format.md). Prices are in the
// study's own cost units (the defaults are illustrative: about k EUR, order-of-magnitude raw
// prices of lead and of plastic scintillator per m^3 and of one read-out channel):
//   cost = sum over slabs of area * thickness * price(material) + per_channel * channels_per_layer * active slabs,
// price(material) = material_per_m3[material] when given, else absorber_per_m3 or active_per_m3.
// The loss adds budget_coefficient * (cost / budget - 1)^2, budget 0 meaning the cost of the
// study's own stack: stacks are compared at equal cost.
struct CaloCostConfig {
  double absorber_per_m3 = 30.0;
  double active_per_m3 = 20.0;
  std::map<std::string, double> material_per_m3;
  double per_channel = 0.1;
  int channels_per_layer = 1;
  double budget = 0.0;
  double budget_coefficient = 1.0;
};

// The optimisation's design limits (calorimeter.design): every slab's thickness within
// [min_scale, max_scale] x its thickness in the study (the response model is calibrated on
// the study's stack), and the total depth at most max_depth_m (0: the study's own depth),
// kept by projection after every update. parameters: "slabs" (every slab's thickness) or
// "groups" (one thickness per slab of each layer group, shared by its repeats).
// recalibrate_every: every that many steps the response model is calibrated again on the
// current layout (0: once, on the study's stack, for the whole run).
struct CaloDesignConfig {
  std::string parameters = "slabs";
  std::uint32_t recalibrate_every = 0;
  double min_scale = 0.7;
  double max_scale = 1.4;
  double max_depth_m = 0.0;
};

struct CaloStudyConfig {
  CommonStudyConfig common;
  std::uint64_t showers = 200;      // per beam energy
  std::uint64_t save_showers = 100;  // per-shower rows written by simulate, per energy
  double half_width_m = 0.06;
  std::vector<LayerGroupConfig> layers;
  SourceConfig source;
  CutsConfig cuts;
  CaloCostConfig cost;
  CaloDesignConfig design;
  // evaluate also runs `showers` electrons and photons at each energy and reports their
  // separation by the longitudinal profile (particle_separation.hpp).
  bool photon_electron_separation = false;
  // Square transverse cells of this side, m (0: none): per-cell visible energy, the lateral
  // containment and the centroid's position resolution (transverse_cells.hpp).
  double cell_size_m = 0.0;
  // The cells' longitudinal sections: the active layers, in order, split into this many
  // consecutive groups of (nearly) equal size, each cut into the cells (1: towers).
  int cell_sections = 1;
};

}  // namespace detgrad::calorimeter
