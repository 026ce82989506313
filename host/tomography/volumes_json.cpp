// The study's "volumes" section: read, validate, write.
#include "tomography/volumes_json.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "tomography/study/study_validate.hpp"
#include "study/value_checks.hpp"
#include "tomography/volume_generators.hpp"

namespace detgrad::tomography {

namespace {

using namespace study_detail;

constexpr std::uint32_t kMaxBlocks = 1000;

std::string indexed(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// Whether z is a voxel-layer boundary of the grid (to 1e-6 of a voxel).
bool is_layer_boundary(double z, const VolumeConfig& grid) {
  const double k = (z - grid.origin_m[2]) / grid.voxel_size_m[2];
  return std::abs(k - std::round(k)) <= 1e-6;
}

void validate_ladle(const VolumesConfig& c, const VolumeConfig& grid) {
  if (grid.voxels[0] < 3 || grid.voxels[1] < 3 || grid.voxels[2] < 2) {
    fail("volumes.generator", "\"ladle_furnace\" needs a volume of at least 3 x 3 x 2 voxels (walls one voxel thick), "
                              "found " + std::to_string(grid.voxels[0]) + " x " + std::to_string(grid.voxels[1]) +
                                  " x " + std::to_string(grid.voxels[2]));
  }
  require_non_empty("volumes.wall_material", c.wall_material, "material name");
  require_non_empty("volumes.melt_material", c.melt_material, "material name");
  require_non_empty("volumes.slag_material", c.slag_material, "material name");
  require_non_empty("volumes.gas_material", c.gas_material, "material name");
  require_non_negative("volumes.slag_thickness_m", c.slag_thickness_m, "m");
  const double low = volume_bottom_m(grid) + grid.voxel_size_m[2], high = volume_top_m(grid);
  for (const auto& [key, z] : {std::pair{"fill_height_min_m", c.fill_height_min_m},
                               std::pair{"fill_height_max_m", c.fill_height_max_m}}) {
    const std::string path = std::string("volumes.") + key;
    require_finite(path, z, "m");
    if (!is_layer_boundary(z, grid)) {
      fail(path, with_unit(z, "m") + " is not a voxel-layer boundary: expected " + format_number(grid.origin_m[2]) +
                     " + k * " + with_unit(grid.voxel_size_m[2], "m"));
    }
    if (z < low - 1e-9 || z > high + 1e-9) {
      fail(path, with_unit(z, "m") + " is not inside the volume above its bottom wall: expected a fill height in [" +
                     format_number(low) + ", " + with_unit(high, "m") + "]");
    }
  }
  if (c.fill_height_min_m > c.fill_height_max_m) {
    fail("volumes.fill_height_min_m", with_unit(c.fill_height_min_m, "m") + " is above fill_height_max_m (" +
                                          with_unit(c.fill_height_max_m, "m") + "): expected min <= max");
  }
}

void validate_blocks(const VolumesConfig& c, const VolumeConfig& grid) {
  if (c.block_materials.empty()) {
    fail("volumes.block_materials", "expected at least one material for \"random_blocks\" (the first is the dense one)");
  }
  for (std::size_t i = 0; i < c.block_materials.size(); ++i)
    require_non_empty(indexed("volumes.block_materials", i), c.block_materials[i], "material name");
  if (c.block_count_max > kMaxBlocks) {
    fail("volumes.block_count_max",
         std::to_string(c.block_count_max) + ": expected at most " + std::to_string(kMaxBlocks) + " blocks");
  }
  if (c.block_count_min > c.block_count_max) {
    fail("volumes.block_count_min", std::to_string(c.block_count_min) + " is above block_count_max (" +
                                        std::to_string(c.block_count_max) + "): expected min <= max");
  }
  for (std::size_t a = 0; a < 3; ++a) {
    const std::string min_path = indexed("volumes.block_size_min", a), max_path = indexed("volumes.block_size_max", a);
    if (c.block_size_min[a] < 1) fail(min_path, std::to_string(c.block_size_min[a]) + " voxels: a block size must be >= 1");
    if (c.block_size_max[a] > grid.voxels[a]) {
      fail(max_path, std::to_string(c.block_size_max[a]) + " voxels is larger than the grid (" +
                         std::to_string(grid.voxels[a]) + " voxels on this axis)");
    }
    if (c.block_size_min[a] > c.block_size_max[a]) {
      fail(min_path, std::to_string(c.block_size_min[a]) + " is above block_size_max (" +
                         std::to_string(c.block_size_max[a]) + "): expected min <= max");
    }
  }
  if (!c.presence_probability) return;
  const double p = *c.presence_probability;
  require_finite("volumes.presence_probability", p, "");
  if (!(p >= 0 && p <= 1)) fail("volumes.presence_probability", format_number(p) + ": expected a probability in [0, 1]");
  // The default generator ("fixed") lists the study's own materials.
  const std::vector<std::string> background = generator_materials(VolumesConfig{}, grid);
  if (std::find(background.begin(), background.end(), c.block_materials[0]) != background.end()) {
    fail("volumes.block_materials[0]", quote(c.block_materials[0]) +
                                           " is in the study's volume (fill, boxes or voxel_materials): the "
                                           "presence label needs a background without the dense material");
  }
}

}  // namespace

VolumesConfig read_volumes(const JsonValue& value) {
  const JsonObject object = value.object(
      {"generator", "per_step", "muons_per_volume", "evaluation_volumes", "evaluation_seed", "wall_material",
       "melt_material", "slag_material", "gas_material", "slag_thickness_m", "fill_height_min_m", "fill_height_max_m",
       "block_materials", "block_count_min", "block_count_max", "block_size_min", "block_size_max",
       "presence_probability"});
  VolumesConfig c;
  if (const auto generator = object.optional("generator")) c.generator = generator->choice({"fixed", "ladle_furnace", "random_blocks"});
  object.get("per_step", c.per_step);
  object.get("muons_per_volume", c.muons_per_volume);
  object.get("evaluation_volumes", c.evaluation_volumes);
  object.get("evaluation_seed", c.evaluation_seed);
  object.get("wall_material", c.wall_material);
  object.get("melt_material", c.melt_material);
  object.get("slag_material", c.slag_material);
  object.get("gas_material", c.gas_material);
  object.get("slag_thickness_m", c.slag_thickness_m);
  object.get("fill_height_min_m", c.fill_height_min_m);
  object.get("fill_height_max_m", c.fill_height_max_m);
  if (const auto materials = object.optional("block_materials")) {
    c.block_materials.clear();
    for (const JsonValue& element : materials->array()) c.block_materials.push_back(element.string());
  }
  object.get("block_count_min", c.block_count_min);
  object.get("block_count_max", c.block_count_max);
  object.get("block_size_min", c.block_size_min);
  object.get("block_size_max", c.block_size_max);
  if (const auto p = object.optional("presence_probability")) {
    if (p->json().is_null()) c.presence_probability.reset();
    else c.presence_probability = p->number();
  }
  return c;
}

void validate_volumes(const VolumesConfig& c, const VolumeConfig& grid) {
  if (c.generator != "fixed" && c.generator != "ladle_furnace" && c.generator != "random_blocks") {
    fail("volumes.generator", quote(c.generator) + ": expected \"fixed\", \"ladle_furnace\" or \"random_blocks\"");
  }
  if (c.per_step < 1) fail("volumes.per_step", "0: expected at least 1 training volume per step");
  if (c.evaluation_volumes < 1) fail("volumes.evaluation_volumes", "0: expected at least 1 evaluation volume");
  if (c.generator == "ladle_furnace") validate_ladle(c, grid);
  if (c.generator == "random_blocks") validate_blocks(c, grid);
}

nlohmann::json volumes_json(const VolumesConfig& c) {
  return {{"generator", c.generator},
          {"per_step", c.per_step},
          {"muons_per_volume", c.muons_per_volume},
          {"evaluation_volumes", c.evaluation_volumes},
          {"evaluation_seed", c.evaluation_seed},
          {"wall_material", c.wall_material},
          {"melt_material", c.melt_material},
          {"slag_material", c.slag_material},
          {"gas_material", c.gas_material},
          {"slag_thickness_m", c.slag_thickness_m},
          {"fill_height_min_m", c.fill_height_min_m},
          {"fill_height_max_m", c.fill_height_max_m},
          {"block_materials", c.block_materials},
          {"block_count_min", c.block_count_min},
          {"block_count_max", c.block_count_max},
          {"block_size_min", c.block_size_min},
          {"block_size_max", c.block_size_max},
          {"presence_probability",
           c.presence_probability ? nlohmann::json(*c.presence_probability) : nlohmann::json(nullptr)}};
}

}  // namespace detgrad::tomography
