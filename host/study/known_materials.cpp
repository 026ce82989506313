#include "study/known_materials.hpp"

#include <algorithm>

namespace detgrad::study_detail {

const std::vector<std::string>& standard_material_names() {
  static const std::vector<std::string> names = {
      "vacuum", "air",  "water",  "beryllium", "carbon",   "aluminium", "silicon",      "iron", "copper",
      "tungsten", "lead", "uranium", "concrete", "rock", "steel", "liquid_steel", "slag"};
  return names;
}

bool is_standard_material(const std::string& name) {
  const auto& names = standard_material_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_known_material(const std::string& name, const std::vector<CustomMaterialConfig>& custom) {
  if (is_standard_material(name)) return true;
  return std::any_of(custom.begin(), custom.end(), [&](const CustomMaterialConfig& m) { return m.name == name; });
}

std::vector<std::string> known_material_names(const std::vector<CustomMaterialConfig>& custom) {
  std::vector<std::string> names = standard_material_names();
  for (const auto& material : custom) names.push_back(material.name);
  return names;
}

}  // namespace detgrad::study_detail
