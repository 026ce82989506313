#include "tomography/study/known_materials.hpp"

#include <algorithm>

#include "detgrad/physics/material_library.hpp"

namespace detgrad::study_detail {

bool is_standard_material(const std::string& name) { return find_material(name) != nullptr; }

bool is_known_material(const std::string& name, const std::vector<CustomMaterialConfig>& custom) {
  if (is_standard_material(name)) return true;
  return std::any_of(custom.begin(), custom.end(), [&](const CustomMaterialConfig& m) { return m.name == name; });
}

std::vector<std::string> known_material_names(const std::vector<CustomMaterialConfig>& custom) {
  std::vector<std::string> names = material_names();
  for (const auto& material : custom) names.push_back(material.name);
  return names;
}

}  // namespace detgrad::study_detail
