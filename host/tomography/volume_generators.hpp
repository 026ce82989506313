#pragma once
// Training and evaluation volumes (host only): pure, deterministic functions of the grid,
// the "volumes" section, a seed and an index. Draws come from detgrad's counter-based RNG
// (EventRandom(seed, step 0, RandomStream::task, event = index)), so any volume can be
// regenerated anywhere. The generators are described in detgrad/tomography/volumes_config.hpp.
//
// Training volume i of optimisation step s: generate_volume(grid, c, study.seed, s * c.per_step + i).
// Evaluation volume j:                      generate_volume(grid, c, c.evaluation_seed, j).
#include <cstdint>
#include <string>
#include <vector>

#include "detgrad/tomography/study_config.hpp"
#include "detgrad/tomography/volumes_config.hpp"

namespace detgrad::tomography {

struct GeneratedVolume {
  std::vector<std::string> voxel_materials;  // x fastest, then y, then z (VolumeConfig::voxel_materials order)
  double fill_height_m = 0;                  // ladle_furnace: the top of the melt; else 0
  bool dense_present = false;                // random_blocks: a voxel of block_materials[0] exists
};

// The fill heights the ladle furnace draws from: the voxel-layer boundaries
// origin_m[2] + k * voxel_size_m[2] in [fill_height_min_m, fill_height_max_m] (to 1e-6 of
// a voxel) and in the volume, lowest first.
std::vector<double> fill_heights(const VolumesConfig& c, const VolumeConfig& grid);

// Expects c validated against grid (validate_volumes). Throws std::invalid_argument for an
// unknown generator.
GeneratedVolume generate_volume(const VolumeConfig& grid, const VolumesConfig& c, std::uint64_t seed,
                                std::uint64_t index);

// Every material name the generator may use, each once, in first-use order (so that the
// transport can build tables for all of them up front).
std::vector<std::string> generator_materials(const VolumesConfig& c, const VolumeConfig& grid);

}  // namespace detgrad::tomography
