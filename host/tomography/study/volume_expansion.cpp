#include "detgrad/tomography/volume_expansion.hpp"

namespace detgrad {

std::vector<std::string> voxel_material_names(const VolumeConfig& grid) {
  if (!grid.voxel_materials.empty()) return grid.voxel_materials;
  std::vector<std::string> voxels(voxel_count(grid), grid.fill);
  for (const MaterialBoxConfig& box : grid.boxes) {
    for (int iz = 0; iz < grid.voxels[2]; ++iz)
      for (int iy = 0; iy < grid.voxels[1]; ++iy)
        for (int ix = 0; ix < grid.voxels[0]; ++ix) {
          const int cell[3] = {ix, iy, iz};
          bool inside = true;
          for (int a = 0; a < 3; ++a) {
            const double centre = grid.origin_m[a] + (cell[a] + 0.5) * grid.voxel_size_m[a];
            inside = inside && centre >= box.min_m[a] && centre <= box.max_m[a];
          }
          if (inside) voxels[voxel_index(grid, ix, iy, iz)] = box.material;
        }
  }
  return voxels;
}

}  // namespace detgrad
