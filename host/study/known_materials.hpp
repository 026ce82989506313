#pragma once
// Which material names a study may use: the standard library's names and the study's own
// custom materials. The standard names live only here (to be replaced by the material
// library's find_material / material_names).
#include <string>
#include <vector>

#include "detgrad/study/study_config.hpp"

namespace detgrad::study_detail {

const std::vector<std::string>& standard_material_names();

bool is_standard_material(const std::string& name);

bool is_known_material(const std::string& name, const std::vector<CustomMaterialConfig>& custom);

// Standard names then the custom ones, for "expected one of ..." messages.
std::vector<std::string> known_material_names(const std::vector<CustomMaterialConfig>& custom);

}  // namespace detgrad::study_detail
