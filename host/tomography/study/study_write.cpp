// to_json: the resolved study, every default written out (the run directory's record).
#include <nlohmann/json.hpp>

#include "detgrad/tomography/study_json.hpp"
#include "tomography/study/source_names.hpp"
#include "optimize/optimization_json.hpp"
#include "tomography/tomography_json.hpp"
#include "tomography/volumes_json.hpp"

namespace detgrad {

namespace {

using Json = nlohmann::json;
using namespace study_detail;

Json material_json(const CustomMaterialConfig& material) {
  Json out = {{"name", material.name},
              {"density_g_cm3", material.density_g_cm3},
              {"radiation_length_g_cm2", material.radiation_length_g_cm2}};
  // Left out when not given: their defaults come from the material library at run time.
  if (material.z_over_a) out["z_over_a"] = *material.z_over_a;
  if (material.mean_excitation_energy_eV) out["mean_excitation_energy_eV"] = *material.mean_excitation_energy_eV;
  return out;
}

Json source_json(const SourceConfig& source) {
  Json out = {{"type", name_of(source_kind_names(), source.kind)},
              {"plane",
               {{"z_m", source.plane.z_m}, {"x_range_m", source.plane.x_range_m}, {"y_range_m", source.plane.y_range_m}}}};
  if (source.kind == SourceKind::cosmic) {
    const CosmicConfig& cosmic = source.cosmic;
    out["model"] = name_of(cosmic_model_names(), cosmic.model);
    out["momentum_range_GeV"] = cosmic.momentum_range_GeV;
    out["zenith_max_deg"] = cosmic.zenith_max_deg;
    out["charge_ratio"] = cosmic.charge_ratio;
  } else {
    const BeamConfig& beam = source.beam;
    out["momentum_GeV"] = beam.momentum_GeV;
    out["momentum_sigma_GeV"] = beam.momentum_sigma_GeV;
    out["direction"] = beam.direction;
    out["divergence_rad"] = beam.divergence_rad;
    out["spot_centre_m"] = beam.spot_centre_m;
    out["spot_sigma_m"] = beam.spot_sigma_m;
    out["charge"] = beam.charge;
  }
  return out;
}

Json volume_json(const VolumeConfig& volume) {
  Json boxes = Json::array();
  for (const auto& box : volume.boxes) {
    boxes.push_back({{"material", box.material}, {"min_m", box.min_m}, {"max_m", box.max_m}});
  }
  Json out = {{"origin_m", volume.origin_m}, {"voxel_size_m", volume.voxel_size_m}, {"voxels", volume.voxels},
              {"fill", volume.fill},         {"boxes", boxes}};
  if (!volume.voxel_materials.empty()) out["voxel_materials"] = volume.voxel_materials;
  return out;
}

}  // namespace

nlohmann::json to_json(const TomographyStudyConfig& unresolved) {
  TomographyStudyConfig study = unresolved;
  resolve_defaults(study);

  Json materials = Json::array();
  for (const auto& material : study.materials) materials.push_back(material_json(material));
  Json planes = Json::array();
  for (const auto& plane : study.planes) planes.push_back({{"name", plane.name}, {"z_m", plane.z_m}});
  const TransportConfig& transport = study.transport;

  Json out = Json{{"task", "tomography"},
                  {"name", study.name},
                  {"seed", study.seed},
                  {"muons", study.muons},
                  {"backend", name_of(backend_names(), study.backend)},
                  {"world", study.world},
                  {"materials", materials},
                  {"source", source_json(study.source)},
                  {"volume", volume_json(study.volume)},
                  {"planes", planes},
                  {"transport",
                   {{"max_step_m", transport.max_step_m},
                    {"multiple_scattering", transport.multiple_scattering},
                    {"energy_loss", transport.energy_loss},
                    {"min_kinetic_GeV", transport.min_kinetic_GeV}}},
                  {"output", {{"save_muons", *study.output.save_muons}}}};
  if (study.optimization) out["optimization"] = optimize::optimization_json(*study.optimization, "muons_per_step");
  if (study.volumes) out["volumes"] = tomography::volumes_json(*study.volumes);
  if (study.tomography) {  // its panels are the planes
    out.erase("planes");
    out["tomography"] = tomography::tomography_json(*study.tomography);
  }
  return out;
}

}  // namespace detgrad
