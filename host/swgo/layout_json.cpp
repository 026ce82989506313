#include "swgo/layout_json.hpp"

#include "detgrad/core/error.hpp"

namespace detgrad::swgo {

std::vector<std::array<double, 2>> read_points(const study_detail::JsonValue& list) {
  std::vector<std::array<double, 2>> points;
  for (const study_detail::JsonValue& p : list.array()) {
    std::array<double, 2> xy{};
    p.read(xy);
    points.push_back(xy);
  }
  return points;
}

nlohmann::json points_json(const std::vector<std::array<double, 2>>& points) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : points) out.push_back({p[0], p[1]});
  return out;
}

Layout read_layout_json(const nlohmann::json& j, const std::string& name) {
  if (!j.is_object() || !j.contains("units") || !j["units"].is_array())
    throw StudyError(name, "expected {\"units\": [[x, y], ...]}");
  Layout l;
  for (const auto& u : read_points(study_detail::JsonValue(j["units"], name + ": units"))) l.add(u[0], u[1]);
  return l;
}

nlohmann::json layout_json(const Layout& layout) {
  nlohmann::json units = nlohmann::json::array();
  for (std::size_t i = 0; i < layout.size(); ++i) units.push_back({layout.x[i], layout.y[i]});
  return {{"units", units}};
}

}  // namespace detgrad::swgo
