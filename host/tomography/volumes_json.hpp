#pragma once
// The study's "volumes" section (host only): JSON <-> VolumesConfig. Keys are the field
// names of detgrad/tomography/volumes_config.hpp; unknown keys are errors. Every problem is a
// StudyError naming the JSON path ("volumes.block_size_max[2]"), the value and what was expected.
#include <nlohmann/json.hpp>

#include "detgrad/tomography/study_config.hpp"
#include "detgrad/tomography/volumes_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::tomography {

// Types, shapes and unknown keys of the section at `value` (path "volumes"); the generator
// name is checked here. presence_probability: null means "no presence label".
VolumesConfig read_volumes(const study_detail::JsonValue& value);

// Value ranges, and the active generator's settings against the study's (validated) volume:
// per_step and evaluation_volumes >= 1; ladle_furnace: a grid of at least 3 x 3 x 2 voxels,
// fill heights voxel-layer boundaries from the top of the bottom wall to the volume top with
// min <= max, slag_thickness_m >= 0; random_blocks: block materials given, counts min <= max
// <= 1000, sizes 1 <= min <= max <= the grid, presence_probability in [0, 1] and then a
// background without block_materials[0]. Material names are only checked non-empty (the
// transport checks that they exist; custom materials are allowed).
void validate_volumes(const VolumesConfig& config, const VolumeConfig& grid);

// The section as the writer writes it: every key, defaults included.
nlohmann::json volumes_json(const VolumesConfig& config);

}  // namespace detgrad::tomography
