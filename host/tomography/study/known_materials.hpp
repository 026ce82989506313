#pragma once
// Which material names a study may use: the material library's standard names
// (find_material / material_names, the one list) and the study's own custom materials.
#include <string>
#include <vector>

#include "detgrad/tomography/study_config.hpp"

namespace detgrad::study_detail {

bool is_standard_material(const std::string& name);

bool is_known_material(const std::string& name, const std::vector<CustomMaterialConfig>& custom);

// Standard names (library order) then the custom ones, for "expected one of ..." messages.
std::vector<std::string> known_material_names(const std::vector<CustomMaterialConfig>& custom);

}  // namespace detgrad::study_detail
