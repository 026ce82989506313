#pragma once
// A study as typed configuration (host only). Parsed and validated once from JSON by
// study/study_json.hpp; nothing downstream sees JSON. Units are in the field names.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detgrad/physics/muon_flux.hpp"
#include "detgrad/study/common_config.hpp"
#include "detgrad/study/optimization_config.hpp"
#include "detgrad/tomography/volumes_config.hpp"
#include "detgrad/tomography/tomography_config.hpp"
#include "detgrad/tomography/transport/source_kind.hpp"

namespace detgrad {

struct GenerationPlaneConfig {
  double z_m = 0;                       // default: the highest of the top plane and the volume top
  std::array<double, 2> x_range_m{};    // default: the volume's footprint
  std::array<double, 2> y_range_m{};
  // Whether z_m was given; if not, resolve_defaults derives it. An empty x or y range
  // (min == max, as by default) is likewise derived from the volume.
  bool z_given = false;
};

struct CosmicConfig {
  CosmicModel model = CosmicModel::guan2015;  // detgrad/physics/muon_flux.hpp
  std::array<double, 2> momentum_range_GeV{0.5, 1000.0};
  double zenith_max_deg = 70.0;
  double charge_ratio = 1.2766;  // mu+/mu- at sea level (CMS, PLB 692 (2010) 83)
};

struct BeamConfig {
  double momentum_GeV = 5.0;
  double momentum_sigma_GeV = 0.0;        // 0: fixed momentum
  std::array<double, 3> direction{0.0, 0.0, -1.0};  // unit vector, must point down (z < 0)
  double divergence_rad = 0.0;            // Gaussian sigma of each projected angle
  std::array<double, 2> spot_centre_m{0.5, 0.5};
  double spot_sigma_m = 0.0;              // Gaussian sigma of the spot in x and y; 0: pencil
  int charge = 1;
};

struct SourceConfig {
  SourceKind kind = SourceKind::cosmic;
  CosmicConfig cosmic;
  BeamConfig beam;
  GenerationPlaneConfig plane;
};

struct CustomMaterialConfig {
  std::string name;
  double density_g_cm3 = 0;
  double radiation_length_g_cm2 = 0;
  std::optional<double> z_over_a;                   // default: that of a similar standard material
  std::optional<double> mean_excitation_energy_eV;
};

struct MaterialBoxConfig {
  std::string material;
  std::array<double, 3> min_m{};
  std::array<double, 3> max_m{};
};

struct VolumeConfig {
  std::array<double, 3> origin_m{0.0, 0.0, 0.2};      // low corner of voxel (0, 0, 0)
  std::array<double, 3> voxel_size_m{0.1, 0.1, 0.1};
  std::array<int, 3> voxels{10, 10, 6};
  std::string fill = "beryllium";
  std::vector<MaterialBoxConfig> boxes;               // applied in order: a voxel whose centre lies in a box gets its material
  std::vector<std::string> voxel_materials;           // optional explicit list, x fastest then y then z; overrides fill and boxes
};

struct PlaneConfig {
  std::string name;
  double z_m = 0;
};

struct TransportConfig {
  double max_step_m = 0.1;          // longest step inside the volume (boundaries always end a step)
  bool multiple_scattering = true;
  bool energy_loss = true;
  double min_kinetic_GeV = 1e-3;    // muons below this are stopped
};

struct OutputConfig {
  std::optional<std::uint64_t> save_muons;  // rows in muons.csv; default: all when muons <= 1e6, else 1e5
};

struct TomographyStudyConfig {
  std::string name = "study";
  std::uint64_t seed = 1;
  std::uint64_t muons = 100000;
  Backend backend = Backend::automatic;
  std::string world = "air";               // material around the volume: "air" or "vacuum" (or any material)
  std::vector<CustomMaterialConfig> materials;
  SourceConfig source;
  VolumeConfig volume;
  std::vector<PlaneConfig> planes;         // detector planes, outside the volume's z range
  TransportConfig transport;
  OutputConfig output;
  std::optional<TomographyConfig> tomography;  // the tomography task, when the study has one
  std::optional<OptimizationConfig> optimization;  // how `detgrad optimize` runs
  std::optional<VolumesConfig> volumes;            // training and evaluation volumes
};

}  // namespace detgrad
