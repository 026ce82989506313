#include "tomography/study/study_read.hpp"

#include "study/common_json.hpp"
#include "study/study_names.hpp"
#include "optimize/optimization_json.hpp"
#include "tomography/tomography_json.hpp"
#include "tomography/volumes_json.hpp"

namespace detgrad::study_detail {

namespace {

CustomMaterialConfig read_custom_material(const JsonValue& value) {
  const JsonObject object =
      value.object({"name", "density_g_cm3", "radiation_length_g_cm2", "z_over_a", "mean_excitation_energy_eV"});
  CustomMaterialConfig material;
  object.get_required("name", material.name);
  object.get_required("density_g_cm3", material.density_g_cm3);
  object.get_required("radiation_length_g_cm2", material.radiation_length_g_cm2);
  object.get("z_over_a", material.z_over_a);
  object.get("mean_excitation_energy_eV", material.mean_excitation_energy_eV);
  return material;
}

PlaneConfig read_plane(const JsonValue& value) {
  const JsonObject object = value.object({"name", "z_m"});
  PlaneConfig plane;
  object.get_required("name", plane.name);
  object.get_required("z_m", plane.z_m);
  return plane;
}

TransportConfig read_transport(const JsonValue& value) {
  const JsonObject object = value.object({"max_step_m", "multiple_scattering", "energy_loss", "min_kinetic_GeV"});
  TransportConfig transport;
  object.get("max_step_m", transport.max_step_m);
  object.get("multiple_scattering", transport.multiple_scattering);
  object.get("energy_loss", transport.energy_loss);
  object.get("min_kinetic_GeV", transport.min_kinetic_GeV);
  return transport;
}

OutputConfig read_output(const JsonValue& value) {
  const JsonObject object = value.object({"save_muons"});
  OutputConfig output;
  object.get("save_muons", output.save_muons);
  return output;
}

}  // namespace

const std::vector<std::string>& tomography_study_keys() {
  static const std::vector<std::string> keys{"muons",  "world",     "materials", "source",     "volume",
                                             "planes", "transport", "output",    "tomography", "volumes"};
  return keys;
}

TomographyStudyConfig read_study(const Json& json) {
  const JsonObject top(json, "", with_common_keys(tomography_study_keys()));
  TomographyStudyConfig study;
  const CommonStudyConfig common = read_common(top, "tomography", "muons_per_step");
  study.name = common.name;
  study.seed = common.seed;
  study.backend = common.backend;
  study.optimization = common.optimization;
  top.get("muons", study.muons);
  top.get("world", study.world);
  if (const auto materials = top.optional("materials")) {
    for (const auto& element : materials->array()) study.materials.push_back(read_custom_material(element));
  }
  if (const auto source = top.optional("source")) study.source = read_source(*source);
  if (const auto volume = top.optional("volume")) study.volume = read_volume(*volume);
  if (const auto planes = top.optional("planes")) {
    for (const auto& element : planes->array()) study.planes.push_back(read_plane(element));
  }
  if (const auto transport = top.optional("transport")) study.transport = read_transport(*transport);
  if (const auto output = top.optional("output")) study.output = read_output(*output);
  if (const auto section = top.optional("tomography")) study.tomography = tomography::read_tomography(*section);
  if (const auto section = top.optional("volumes")) study.volumes = tomography::read_volumes(*section);
  return study;
}

VolumeConfig read_volume(const JsonValue& value) {
  const JsonObject object = value.object({"origin_m", "voxel_size_m", "voxels", "fill", "boxes", "voxel_materials"});
  VolumeConfig volume;
  object.get("origin_m", volume.origin_m);
  object.get("voxel_size_m", volume.voxel_size_m);
  object.get("voxels", volume.voxels);
  object.get("fill", volume.fill);
  if (const auto boxes = object.optional("boxes")) {
    for (const auto& element : boxes->array()) {
      const JsonObject box_object = element.object({"material", "min_m", "max_m"});
      MaterialBoxConfig box;
      box_object.get_required("material", box.material);
      box_object.get_required("min_m", box.min_m);
      box_object.get_required("max_m", box.max_m);
      volume.boxes.push_back(box);
    }
  }
  if (const auto names = object.optional("voxel_materials")) {
    const auto elements = names->array();
    volume.voxel_materials.reserve(elements.size());
    for (const auto& element : elements) volume.voxel_materials.push_back(element.string());
  }
  return volume;
}

}  // namespace detgrad::study_detail
