#pragma once
// A study's passive volume as one material name per voxel (host only).
#include <cstddef>
#include <string>
#include <vector>

#include "detgrad/tomography/study_config.hpp"

namespace detgrad {

inline std::size_t voxel_count(const VolumeConfig& grid) {
  return std::size_t(grid.voxels[0]) * std::size_t(grid.voxels[1]) * std::size_t(grid.voxels[2]);
}

// Index of voxel (ix, iy, iz): x fastest, then y, then z.
inline std::size_t voxel_index(const VolumeConfig& grid, int ix, int iy, int iz) {
  return std::size_t(ix) + std::size_t(grid.voxels[0]) * (std::size_t(iy) + std::size_t(grid.voxels[1]) * iz);
}

// voxel_materials if given, else the fill with the boxes applied in order (a voxel whose
// centre lies in a box, boundaries included, takes the box's material).
std::vector<std::string> voxel_material_names(const VolumeConfig& grid);

}  // namespace detgrad
