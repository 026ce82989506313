#pragma once
// JSON -> TomographyStudyConfig, section by section: types, shapes and unknown keys only. Value
// ranges and cross-references are checked afterwards on the typed struct (validate_study).
#include <string>
#include <vector>

#include "detgrad/tomography/study_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::study_detail {

// The top-level keys of a tomography study besides the common ones (common_json.hpp).
const std::vector<std::string>& tomography_study_keys();

TomographyStudyConfig read_study(const Json& json);

VolumeConfig read_volume(const JsonValue& value);
SourceConfig read_source(const JsonValue& value);

}  // namespace detgrad::study_detail
