// Training and evaluation volumes: the study's own, the ladle furnace, random blocks.
#include "tomography/volume_generators.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>

#include "detgrad/core/random.hpp"
#include "detgrad/tomography/volume_expansion.hpp"

namespace detgrad::tomography {

namespace {

// Uniform integer in [lo, hi] (hi >= lo), from 32 random bits (bias below 2^-32 * range).
std::int64_t uniform_int(EventRandom& random, std::int64_t lo, std::int64_t hi) {
  const std::uint64_t range = std::uint64_t(hi - lo) + 1;
  return lo + std::int64_t((std::uint64_t(random.next_u32()) * range) >> 32);
}

void add_unique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

GeneratedVolume ladle_furnace(const VolumeConfig& grid, const VolumesConfig& c, EventRandom& random) {
  const std::vector<double> heights = fill_heights(c, grid);
  if (heights.empty()) throw std::invalid_argument("ladle_furnace: no voxel-layer boundary in the fill-height range");
  GeneratedVolume volume;
  volume.fill_height_m = heights[std::size_t(uniform_int(random, 0, std::int64_t(heights.size()) - 1))];
  const double slag_top = volume.fill_height_m + c.slag_thickness_m;
  const int nx = grid.voxels[0], ny = grid.voxels[1], nz = grid.voxels[2];
  volume.voxel_materials.resize(voxel_count(grid));
  for (int iz = 0; iz < nz; ++iz) {
    const double centre = grid.origin_m[2] + (iz + 0.5) * grid.voxel_size_m[2];
    const std::string& inside =
        centre < volume.fill_height_m ? c.melt_material : centre < slag_top ? c.slag_material : c.gas_material;
    for (int iy = 0; iy < ny; ++iy) {
      for (int ix = 0; ix < nx; ++ix) {
        const bool wall = iz == 0 || ix == 0 || iy == 0 || ix == nx - 1 || iy == ny - 1;
        volume.voxel_materials[voxel_index(grid, ix, iy, iz)] = wall ? c.wall_material : inside;
      }
    }
  }
  return volume;
}

void paint_block(const VolumeConfig& grid, const std::array<int, 3>& low, const std::array<int, 3>& size,
                 const std::string& material, std::vector<std::string>& voxels) {
  for (int iz = low[2]; iz < low[2] + size[2]; ++iz)
    for (int iy = low[1]; iy < low[1] + size[1]; ++iy)
      for (int ix = low[0]; ix < low[0] + size[0]; ++ix) voxels[voxel_index(grid, ix, iy, iz)] = material;
}

GeneratedVolume random_blocks(const VolumeConfig& grid, const VolumesConfig& c, EventRandom& random) {
  GeneratedVolume volume;
  volume.voxel_materials = voxel_material_names(grid);
  const std::vector<std::string>& materials = c.block_materials;
  // Draw order, fixed per index: presence, count, then per block its size, position, material.
  const bool labelled = c.presence_probability.has_value();
  const bool present = labelled && random.uniform<double>() < *c.presence_probability;
  std::int64_t count = uniform_int(random, c.block_count_min, c.block_count_max);
  if (present) count = std::max<std::int64_t>(count, 1);
  for (std::int64_t b = 0; b < count; ++b) {
    std::array<int, 3> size{}, low{};
    for (int a = 0; a < 3; ++a) {
      size[a] = int(uniform_int(random, c.block_size_min[a], c.block_size_max[a]));
      low[a] = int(uniform_int(random, 0, grid.voxels[a] - size[a]));
    }
    if (!labelled) {
      const std::string& material = materials[std::size_t(uniform_int(random, 0, std::int64_t(materials.size()) - 1))];
      paint_block(grid, low, size, material, volume.voxel_materials);
    } else if (present && b == count - 1) {
      paint_block(grid, low, size, materials[0], volume.voxel_materials);  // the dense block, painted last
    } else if (materials.size() > 1) {
      const std::string& material = materials[std::size_t(uniform_int(random, 1, std::int64_t(materials.size()) - 1))];
      paint_block(grid, low, size, material, volume.voxel_materials);
    }
  }
  if (labelled) {
    volume.dense_present = present;
  } else {
    volume.dense_present = std::find(volume.voxel_materials.begin(), volume.voxel_materials.end(), materials[0]) !=
                           volume.voxel_materials.end();
  }
  return volume;
}

}  // namespace

std::vector<double> fill_heights(const VolumesConfig& c, const VolumeConfig& grid) {
  const double origin = grid.origin_m[2], dz = grid.voxel_size_m[2];
  const double first = std::ceil((c.fill_height_min_m - origin) / dz - 1e-6);
  const double last = std::floor((c.fill_height_max_m - origin) / dz + 1e-6);
  std::vector<double> heights;
  for (double k = std::max(first, 0.0); k <= std::min(last, double(grid.voxels[2])); ++k)
    heights.push_back(origin + k * dz);
  return heights;
}

GeneratedVolume generate_volume(const VolumeConfig& grid, const VolumesConfig& c, std::uint64_t seed,
                                std::uint64_t index) {
  EventRandom random(seed, 0, RandomStream::task, index);
  if (c.generator == "fixed") {
    GeneratedVolume volume;
    volume.voxel_materials = voxel_material_names(grid);
    return volume;
  }
  if (c.generator == "ladle_furnace") return ladle_furnace(grid, c, random);
  if (c.generator == "random_blocks") return random_blocks(grid, c, random);
  throw std::invalid_argument("unknown volume generator \"" + c.generator + "\"");
}

std::vector<std::string> generator_materials(const VolumesConfig& c, const VolumeConfig& grid) {
  std::vector<std::string> names;
  if (c.generator == "ladle_furnace") {
    for (const std::string* name : {&c.wall_material, &c.melt_material, &c.slag_material, &c.gas_material})
      add_unique(names, *name);
    return names;
  }
  // fixed and random_blocks: the study's own volume (fill and every box material, or the
  // explicit list), then the block materials.
  if (!grid.voxel_materials.empty()) {
    for (const std::string& name : grid.voxel_materials) add_unique(names, name);
  } else {
    add_unique(names, grid.fill);
    for (const MaterialBoxConfig& box : grid.boxes) add_unique(names, box.material);
  }
  if (c.generator == "random_blocks")
    for (const std::string& name : c.block_materials) add_unique(names, name);
  return names;
}

}  // namespace detgrad::tomography
