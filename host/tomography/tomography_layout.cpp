#include "tomography/tomography_layout.hpp"

#include <vector>

#include "detgrad/core/error.hpp"

namespace detgrad::tomography {

nlohmann::json layout_json(const TomographyModel& model, const DesignParams<double>& d) {
  nlohmann::json panels = nlohmann::json::array();
  for (int i = 0; i < model.panel_count(); ++i) {
    const PanelParams<double>& p = d.panel[i];
    panels.push_back({{"name", model.panel_names()[i]}, {"z_m", p.z}, {"centre_m", {p.x, p.y}},
                      {"span_m", {p.span_x, p.span_y}}, {"sigma_m", p.sigma}, {"efficiency", p.efficiency}});
  }
  return {{"panels", panels}, {"cost", model.cost(d, nullptr)}};
}

DesignParams<double> read_layout(const TomographyModel& model, const nlohmann::json& layout, const std::string& path) {
  if (!layout.is_object() || !layout.contains("panels") || !layout["panels"].is_array()) {
    throw StudyError(path, "not a layout: expected an object with a \"panels\" array");
  }
  DesignParams<double> design = model.initial_design();
  std::vector<bool> seen(std::size_t(model.panel_count()), false);
  for (std::size_t k = 0; k < layout["panels"].size(); ++k) {
    const nlohmann::json& p = layout["panels"][k];
    const std::string where = path + ": panels[" + std::to_string(k) + "]";
    try {
      const std::string name = p.at("name").get<std::string>();
      int i = 0;
      while (i < model.panel_count() && model.panel_names()[std::size_t(i)] != name) ++i;
      if (i == model.panel_count()) throw StudyError(where, "no panel \"" + name + "\" in the study");
      seen[std::size_t(i)] = true;
      design.panel[i] = PanelParams<double>{p.at("z_m").get<double>(), p.at("centre_m").at(0).get<double>(),
                                            p.at("centre_m").at(1).get<double>(), p.at("span_m").at(0).get<double>(),
                                            p.at("span_m").at(1).get<double>(), p.at("sigma_m").get<double>(),
                                            p.at("efficiency").get<double>()};
    } catch (const nlohmann::json::exception& e) {
      throw StudyError(where, std::string("bad panel: ") + e.what());
    }
  }
  for (int i = 0; i < model.panel_count(); ++i)
    if (!seen[std::size_t(i)]) throw StudyError(path, "the layout has no panel \"" + model.panel_names()[std::size_t(i)] + "\"");
  return design;
}

}  // namespace detgrad::tomography
