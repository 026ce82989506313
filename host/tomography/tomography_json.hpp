#pragma once
// The study's "tomography" section (host only): JSON <-> TomographyConfig. The study's
// reader, resolver, validator and writer (host/tomography/study) each make one call here;
// the format is in docs/study-format.md. Every problem is a StudyError naming the JSON path
// ("tomography.panels[3].span_m[1]"), the value and what was expected.
#include <string>

#include <nlohmann/json.hpp>

#include "detgrad/tomography/study_config.hpp"
#include "detgrad/tomography/tomography_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::tomography {

// "voxel_x0", "dense_material", "fill_height".
const std::string& loss_name(TomographyLoss loss);

// Types, shapes and unknown keys of the section at `value` (path "tomography"). Value
// ranges are checked by validate_tomography.
TomographyConfig read_tomography(const study_detail::JsonValue& value);

// Fills each panel's centre_m and span_m that were not given with the centre and the size
// of the volume's x-y footprint (and marks them given). Idempotent.
void resolve_tomography_defaults(TomographyConfig& config, const VolumeConfig& volume);

// Checks study.tomography (if any) against the rest of the resolved study: no top-level
// planes beside it, panels outside the volume's z range, 2 to kMaxPanelsPerSide panels
// above and below it, every value in range. Expects a validated volume. (validate_study
// checks the generation plane against the panels as against planes, via transport_planes.)
void validate_tomography(const TomographyStudyConfig& study);

// The (resolved) section as to_json writes it: every key, defaults included.
nlohmann::json tomography_json(const TomographyConfig& config);

}  // namespace detgrad::tomography
