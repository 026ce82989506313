#pragma once
// The tomography task's layout files, read and written here only:
//   {"panels": [{"name", "z_m", "centre_m": [x, y], "span_m": [x, y], "sigma_m", "efficiency"}, ...],
//    "cost": total panel cost}
// (layout_<step>.json, layout_final.json, `detgrad evaluate --layout`).
#include <string>

#include <nlohmann/json.hpp>

#include "tomography/tomography_model.hpp"

namespace detgrad::tomography {

// The layout of a design of the model's panels (transport order), with its cost.
nlohmann::json layout_json(const TomographyModel& model, const DesignParams<double>& design);

// A layout file as a design of the model's panels, matched by name (a panel the file does
// not name is an error, as is one the study does not have). Throws StudyError naming the
// problem.
DesignParams<double> read_layout(const TomographyModel& model, const nlohmann::json& layout, const std::string& path);

}  // namespace detgrad::tomography
