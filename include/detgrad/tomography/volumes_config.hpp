#pragma once
// The study's "volumes" section (host only): which passive volumes the optimisation trains
// on and which fixed list it is evaluated on. Generators: host/tomography/volume_generators.hpp;
// JSON: host/tomography/volumes_json.hpp. Units are in the field names.
//
// Training volume i of optimisation step s is generate_volume(grid, config, study.seed,
// s * per_step + i); evaluation volume j is generate_volume(grid, config, evaluation_seed, j).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace detgrad {

struct VolumesConfig {
  std::string generator = "fixed";        // "fixed" (the study's volume), "ladle_furnace", "random_blocks"
  std::uint32_t per_step = 1;             // training volumes per optimisation step
  std::uint64_t muons_per_volume = 0;     // 0: optimization.muons_per_step / per_step
  std::uint32_t evaluation_volumes = 8;   // a fixed list for evaluation, drawn with evaluation_seed
  std::uint64_t evaluation_seed = 12345;

  // ladle_furnace (TomOpt's benchmark, docs/references.md): the outer ring of voxels in x and y
  // and the bottom voxel layer are `wall_material`; inside, a voxel whose centre is below
  // the fill height is `melt_material`, below fill height + slag_thickness_m `slag_material`,
  // else `gas_material`. The fill height is drawn uniformly among the voxel-layer boundaries
  // in [fill_height_min_m, fill_height_max_m].
  std::string wall_material = "steel";
  std::string melt_material = "liquid_steel";
  std::string slag_material = "slag";
  std::string gas_material = "air";
  double slag_thickness_m = 0.1;
  double fill_height_min_m = 0.6;
  double fill_height_max_m = 1.3;

  // random_blocks: on the study's own volume (fill and boxes, or voxel_materials), between
  // block_count_min and block_count_max axis-aligned boxes of whole voxels, sizes per axis
  // uniform in [block_size_min, block_size_max] voxels, placed uniformly inside the grid.
  // With presence_probability p (the U-lorry question, "is dense material present"):
  //   - present ~ Bernoulli(p); the count n ~ uniform{min..max}, raised to 1 if present;
  //   - if present, exactly one block is of block_materials[0] (the dense one), painted
  //     last so that no other block covers it; every other block's material is drawn
  //     uniformly from block_materials[1..] (no such block when that list is empty);
  //   - so dense_present == present: a label that is true with probability p exactly, and
  //     the study's background must not contain block_materials[0] (validated).
  // Without it (JSON null): every block's material is drawn uniformly from all of
  // block_materials, blocks painted in order, and dense_present says whether a voxel of
  // block_materials[0] is left.
  std::vector<std::string> block_materials = {"uranium"};
  std::uint32_t block_count_min = 0;
  std::uint32_t block_count_max = 2;
  std::array<int, 3> block_size_min{1, 1, 1};
  std::array<int, 3> block_size_max{3, 3, 2};
  std::optional<double> presence_probability = 0.5;
};

}  // namespace detgrad
