// validate_study: value ranges and cross-references of a (resolved) study. Source checks
// are in study_validate_source.cpp.
#include <algorithm>
#include <cstdint>
#include <set>

#include "detgrad/tomography/study_json.hpp"
#include "detgrad/tomography/transport_planes.hpp"
#include "tomography/study/known_materials.hpp"
#include "tomography/study/study_validate.hpp"
#include "study/value_checks.hpp"
#include "optimize/optimization_json.hpp"
#include "tomography/tomography_json.hpp"
#include "tomography/volumes_json.hpp"

namespace detgrad {

namespace study_detail {

namespace {

constexpr std::uint64_t max_muons = 1000000000000ull;   // 1e12
constexpr std::int64_t max_total_voxels = 100000000;     // 1e8
constexpr std::size_t max_planes = 16;

void validate_materials(const std::vector<CustomMaterialConfig>& materials) {
  for (std::size_t i = 0; i < materials.size(); ++i) {
    const CustomMaterialConfig& material = materials[i];
    const std::string path = "materials[" + std::to_string(i) + "]";
    require_non_empty(path + ".name", material.name, "material name");
    if (is_standard_material(material.name)) {
      fail(path + ".name", quote(material.name) + " is a standard material; give the custom material another name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (materials[j].name == material.name) {
        fail(path + ".name", "duplicate material name " + quote(material.name) + " (also materials[" +
                                 std::to_string(j) + "].name)");
      }
    }
    require_positive(path + ".density_g_cm3", material.density_g_cm3, "g/cm^3");
    require_positive(path + ".radiation_length_g_cm2", material.radiation_length_g_cm2, "g/cm^2");
    if (material.z_over_a) require_positive(path + ".z_over_a", *material.z_over_a, "mol/g");
    if (material.mean_excitation_energy_eV) {
      require_positive(path + ".mean_excitation_energy_eV", *material.mean_excitation_energy_eV, "eV");
    }
  }
}

void validate_volume(const VolumeConfig& volume, const std::vector<CustomMaterialConfig>& materials) {
  for (int k = 0; k < 3; ++k) {
    const std::string index = "[" + std::to_string(k) + "]";
    require_finite("volume.origin_m" + index, volume.origin_m[k], "m");
    require_positive("volume.voxel_size_m" + index, volume.voxel_size_m[k], "m");
    if (volume.voxels[k] < 1) fail("volume.voxels" + index, std::to_string(volume.voxels[k]) + " voxels: expected at least 1");
  }
  const double total_voxels = double(volume.voxels[0]) * volume.voxels[1] * volume.voxels[2];  // exact up to 2^53
  if (total_voxels > max_total_voxels) {
    fail("volume.voxels", "[" + std::to_string(volume.voxels[0]) + ", " + std::to_string(volume.voxels[1]) + ", " +
                              std::to_string(volume.voxels[2]) + "] is " + format_number(total_voxels) +
                              " voxels in total: expected at most 1e8");
  }
  const auto total = static_cast<std::int64_t>(total_voxels);
  require_material("volume.fill", volume.fill, materials);
  for (std::size_t i = 0; i < volume.boxes.size(); ++i) {
    const MaterialBoxConfig& box = volume.boxes[i];
    const std::string path = "volume.boxes[" + std::to_string(i) + "]";
    require_material(path + ".material", box.material, materials);
    for (int k = 0; k < 3; ++k) {
      const std::string index = "[" + std::to_string(k) + "]";
      require_finite(path + ".min_m" + index, box.min_m[k], "m");
      require_finite(path + ".max_m" + index, box.max_m[k], "m");
      if (!(box.min_m[k] < box.max_m[k])) {
        fail(path + ".max_m" + index, with_unit(box.max_m[k], "m") + " is not above min_m" + index + " = " +
                                          with_unit(box.min_m[k], "m") + ": expected min < max");
      }
    }
  }
  if (volume.voxel_materials.empty()) return;
  if (!volume.boxes.empty()) {
    fail("volume.boxes", "cannot be combined with volume.voxel_materials, which sets every voxel");
  }
  if (static_cast<std::int64_t>(volume.voxel_materials.size()) != total) {
    fail("volume.voxel_materials", std::to_string(volume.voxel_materials.size()) + " entries: expected one per voxel, " +
                                       std::to_string(total) + " (voxels " + std::to_string(volume.voxels[0]) + " x " +
                                       std::to_string(volume.voxels[1]) + " x " + std::to_string(volume.voxels[2]) + ")");
  }
  const std::string* last_good = nullptr;  // runs of one material are common: check each name change only
  for (std::size_t i = 0; i < volume.voxel_materials.size(); ++i) {
    const std::string& name = volume.voxel_materials[i];
    if (last_good && *last_good == name) continue;
    require_material("volume.voxel_materials[" + std::to_string(i) + "]", name, materials);
    last_good = &name;
  }
}

void validate_planes(const std::vector<PlaneConfig>& planes, const VolumeConfig& volume) {
  if (planes.size() > max_planes) {
    fail("planes", std::to_string(planes.size()) + " planes: expected at most " + std::to_string(max_planes));
  }
  const double low = volume_bottom_m(volume), high = volume_top_m(volume);
  for (std::size_t i = 0; i < planes.size(); ++i) {
    const std::string path = "planes[" + std::to_string(i) + "]";
    require_non_empty(path + ".name", planes[i].name, "plane name");
    for (std::size_t j = 0; j < i; ++j) {
      if (planes[j].name == planes[i].name) {
        fail(path + ".name", "duplicate plane name " + quote(planes[i].name) + " (also planes[" + std::to_string(j) +
                                 "].name)");
      }
    }
    const double z = planes[i].z_m;
    require_finite(path + ".z_m", z, "m");
    if (z > low && z < high) {
      fail(path + ".z_m", with_unit(z, "m") + " is inside the passive volume (z from " + format_number(low) + " to " +
                              with_unit(high, "m") + ")");
    }
  }
}

}  // namespace

double volume_bottom_m(const VolumeConfig& volume) { return volume.origin_m[2]; }

double volume_top_m(const VolumeConfig& volume) {
  return volume.origin_m[2] + volume.voxels[2] * volume.voxel_size_m[2];
}

void require_material(const std::string& path, const std::string& name,
                      const std::vector<CustomMaterialConfig>& materials) {
  if (is_known_material(name, materials)) return;
  const std::vector<std::string> known = known_material_names(materials);
  std::string message = quote(name) + " is not a known material";
  if (const auto guess = closest_match(name, known)) message += " (did you mean " + quote(*guess) + "?)";
  fail(path, message + "; known materials: " + join_quoted(known));
}

}  // namespace study_detail

void validate_study(const TomographyStudyConfig& study) {
  using namespace study_detail;
  require_non_empty("name", study.name, "study name");
  if (study.muons < 1 || study.muons > max_muons) {
    fail("muons", std::to_string(study.muons) + ": expected from 1 to 1e12 muons");
  }
  validate_materials(study.materials);
  require_material("world", study.world, study.materials);
  validate_volume(study.volume, study.materials);
  if (study.optimization) optimize::validate_optimization(*study.optimization, "muons_per_step");
  if (study.volumes) tomography::validate_volumes(*study.volumes, study.volume);
  tomography::validate_tomography(study);  // before the planes: with a tomography section there must be none
  validate_planes(study.planes, study.volume);
  validate_source(study.source, study.volume, transport_planes(study),
                  study.tomography ? "tomography.panels" : "planes");

  const TransportConfig& transport = study.transport;
  require_positive("transport.max_step_m", transport.max_step_m, "m");
  require_non_negative("transport.min_kinetic_GeV", transport.min_kinetic_GeV, "GeV");
  if (study.output.save_muons && *study.output.save_muons > study.muons) {
    fail("output.save_muons", std::to_string(*study.output.save_muons) + ": expected at most the number of muons (" +
                                  std::to_string(study.muons) + ")");
  }
}

}  // namespace detgrad
