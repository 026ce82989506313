#pragma once
// SWGO's layouts in JSON, read and written here only: units as a list of [x, y] pairs (m),
// in a study ("swgo.layout.units") and in layout files ({"units": [[x, y], ...]}:
// layout_<step>.json, layout_final.json, `detgrad evaluate --layout`). The same list form
// holds a site's corners ("swgo.site").
#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "study/json_reader.hpp"
#include "swgo/layout.hpp"

namespace detgrad::swgo {

// A list of [x, y] pairs of finite numbers; a StudyError names the element's JSON path.
std::vector<std::array<double, 2>> read_points(const study_detail::JsonValue& list);
nlohmann::json points_json(const std::vector<std::array<double, 2>>& points);

// A layout file's units (`name` prefixes the paths in messages). Keys other than "units"
// are ignored.
Layout read_layout_json(const nlohmann::json& layout, const std::string& name);
nlohmann::json layout_json(const Layout& layout);

}  // namespace detgrad::swgo
