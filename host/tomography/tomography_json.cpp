// The study's "tomography" section: read, resolve, validate, write.
#include "tomography/tomography_json.hpp"

#include <cstddef>

#include "detgrad/tomography/tomography_setup.hpp"
#include "study/study_names.hpp"
#include "tomography/study/study_validate.hpp"
#include "study/value_checks.hpp"

namespace detgrad::tomography {

namespace {

using namespace study_detail;

constexpr double max_sigma_m = 1.0;  // a hit resolution above 1 m is a unit mistake

const NameTable<TomographyLoss>& loss_names() {
  static const NameTable<TomographyLoss> table = {{"voxel_x0", TomographyLoss::voxel_x0},
                                                  {"dense_material", TomographyLoss::dense_material},
                                                  {"fill_height", TomographyLoss::fill_height}};
  return table;
}

PanelConfig read_panel(const JsonValue& value) {
  const JsonObject object = value.object({"name", "z_m", "centre_m", "span_m", "sigma_m", "efficiency"});
  PanelConfig panel;
  object.get_required("name", panel.name);
  object.get_required("z_m", panel.z_m);
  panel.centre_given = object.get("centre_m", panel.centre_m);
  panel.span_given = object.get("span_m", panel.span_m);
  object.get("sigma_m", panel.sigma_m);
  object.get("efficiency", panel.efficiency);
  return panel;
}

// "(z from 0.2 to 0.8 m)".
std::string volume_z_range(double bottom, double top) {
  return "(z from " + format_number(bottom) + " to " + with_unit(top, "m") + ")";
}

std::string count_of(std::size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

void validate_panel(const PanelConfig& panel, const std::string& path, double bottom, double top) {
  require_non_empty(path + ".name", panel.name, "panel name");
  require_finite(path + ".z_m", panel.z_m, "m");
  if (panel.z_m > bottom && panel.z_m < top) {
    fail(path + ".z_m", with_unit(panel.z_m, "m") + " is inside the passive volume " + volume_z_range(bottom, top) +
                            ": a panel must be at or above its top, or at or below its bottom");
  }
  for (int k = 0; k < 2; ++k) {
    const std::string index = "[" + std::to_string(k) + "]";
    require_finite(path + ".centre_m" + index, panel.centre_m[k], "m");
    require_positive(path + ".span_m" + index, panel.span_m[k], "m");
  }
  require_finite(path + ".sigma_m", panel.sigma_m, "m");
  if (!(panel.sigma_m > 0 && panel.sigma_m <= max_sigma_m)) {
    fail(path + ".sigma_m", with_unit(panel.sigma_m, "m") + ": expected a hit resolution in (0, " +
                                with_unit(max_sigma_m, "m") + "]");
  }
  require_finite(path + ".efficiency", panel.efficiency, "");
  if (!(panel.efficiency > 0 && panel.efficiency <= 1)) {
    fail(path + ".efficiency", format_number(panel.efficiency) + ": expected an efficiency in (0, 1]");
  }
}

void validate_panels(const TomographyStudyConfig& study) {
  const std::vector<PanelConfig>& panels = study.tomography->panels;
  const double bottom = volume_bottom_m(study.volume), top = volume_top_m(study.volume);
  if (panels.size() > std::size_t(kMaxPanels)) {
    fail("tomography.panels", count_of(panels.size(), "panel") + ": expected at most " + std::to_string(kMaxPanels));
  }
  std::size_t above = 0, below = 0;
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const std::string path = "tomography.panels[" + std::to_string(i) + "]";
    validate_panel(panels[i], path, bottom, top);
    for (std::size_t j = 0; j < i; ++j) {
      if (panels[j].name == panels[i].name) {
        fail(path + ".name", "duplicate panel name " + quote(panels[i].name) + " (also tomography.panels[" +
                                 std::to_string(j) + "].name)");
      }
    }
    if (panels[i].z_m >= top) ++above;
    else ++below;  // at or below the bottom (inside was rejected above)
  }
  const std::size_t side_max = kMaxPanelsPerSide;
  if (above < 2 || above > side_max || below < 2 || below > side_max) {
    fail("tomography.panels", count_of(above, "panel") + " above the volume (z >= " + with_unit(top, "m") + ") and " +
                                  std::to_string(below) + " below it (z <= " + with_unit(bottom, "m") +
                                  "): expected 2 to " + std::to_string(side_max) + " above and 2 to " +
                                  std::to_string(side_max) + " below");
  }
}

void validate_settings(const TomographyConfig& c, const VolumeConfig& volume) {
  require_positive("tomography.edge_length_m", c.edge_length_m, "m");
  require_non_negative("tomography.min_panel_gap_m", c.min_panel_gap_m, "m");
  if (c.min_panel_gap_m > 0.1) fail("tomography.min_panel_gap_m", with_unit(c.min_panel_gap_m, "m") + ": expected at most 0.1 m");
  require_non_negative("tomography.cost_per_m2", c.cost_per_m2, "per m^2");
  require_non_negative("tomography.resolution_cost_per_m2", c.resolution_cost_per_m2, "per m^2");
  require_non_negative("tomography.budget", c.budget, "");
  require_non_negative("tomography.budget_coefficient", c.budget_coefficient, "");
  require_positive("tomography.budget_smoothness", c.budget_smoothness, "");
  require_finite("tomography.momentum_resolution", c.momentum_resolution, "");
  if (!(c.momentum_resolution >= 0 && c.momentum_resolution < 1)) {
    fail("tomography.momentum_resolution",
         format_number(c.momentum_resolution) + ": expected a relative resolution in [0, 1) (0: momentum known)");
  }
  require_positive("tomography.reference_x0_m", c.reference_x0_m, "m");
  require_positive("tomography.dense_x0_threshold_m", c.dense_x0_threshold_m, "m");

  // height_region_z_m: [0, 0] is "not given"; anything else must be a range inside the volume.
  const auto& region = c.height_region_z_m;
  const std::string path = "tomography.height_region_z_m";
  const double bottom = volume_bottom_m(volume), top = volume_top_m(volume);
  const bool given = !(region[0] == 0 && region[1] == 0);
  if (!given) {
    if (c.loss == TomographyLoss::fill_height) {
      fail(path, "required by the \"fill_height\" loss: expected [min, max] with min < max inside the volume " +
                     volume_z_range(bottom, top));
    }
    return;
  }
  require_range(path, region[0], region[1], "m");
  if (region[0] < bottom || region[1] > top) {
    fail(path, "[" + format_number(region[0]) + ", " + format_number(region[1]) +
                   "] m is not inside the passive volume " + volume_z_range(bottom, top));
  }
}

}  // namespace

const std::string& loss_name(TomographyLoss loss) { return name_of(loss_names(), loss); }

TomographyConfig read_tomography(const JsonValue& value) {
  const JsonObject object =
      value.object({"panels", "edge_length_m", "min_panel_gap_m", "cost_per_m2", "resolution_cost_per_m2", "budget", "budget_coefficient", "budget_smoothness",
                    "loss", "momentum_resolution", "reference_x0_m", "dense_x0_threshold_m", "height_region_z_m"});
  TomographyConfig config;
  for (const auto& element : object.required("panels").array()) config.panels.push_back(read_panel(element));
  object.get("edge_length_m", config.edge_length_m);
  object.get("min_panel_gap_m", config.min_panel_gap_m);
  object.get("cost_per_m2", config.cost_per_m2);
  object.get("resolution_cost_per_m2", config.resolution_cost_per_m2);
  object.get("budget", config.budget);
  object.get("budget_coefficient", config.budget_coefficient);
  object.get("budget_smoothness", config.budget_smoothness);
  if (const auto loss = object.optional("loss")) {
    config.loss = enum_of(loss_names(), loss->choice(names_of(loss_names())));
  }
  object.get("momentum_resolution", config.momentum_resolution);
  object.get("reference_x0_m", config.reference_x0_m);
  object.get("dense_x0_threshold_m", config.dense_x0_threshold_m);
  object.get("height_region_z_m", config.height_region_z_m);
  return config;
}

void resolve_tomography_defaults(TomographyConfig& config, const VolumeConfig& volume) {
  for (PanelConfig& panel : config.panels) {
    for (int k = 0; k < 2; ++k) {
      const double size = volume.voxels[k] * volume.voxel_size_m[k];
      if (!panel.centre_given) panel.centre_m[k] = volume.origin_m[k] + 0.5 * size;
      if (!panel.span_given) panel.span_m[k] = size;
    }
    panel.centre_given = panel.span_given = true;
  }
}

void validate_tomography(const TomographyStudyConfig& study) {
  if (!study.tomography) return;
  if (!study.planes.empty()) {
    fail("planes", count_of(study.planes.size(), "plane") +
                       " beside a \"tomography\" section: the panels are the detector planes; remove \"planes\" "
                       "(or move them to tomography.panels)");
  }
  validate_panels(study);
  validate_settings(*study.tomography, study.volume);
}

nlohmann::json tomography_json(const TomographyConfig& config) {
  nlohmann::json panels = nlohmann::json::array();
  for (const PanelConfig& p : config.panels) {
    panels.push_back({{"name", p.name},
                      {"z_m", p.z_m},
                      {"centre_m", p.centre_m},
                      {"span_m", p.span_m},
                      {"sigma_m", p.sigma_m},
                      {"efficiency", p.efficiency}});
  }
  return {{"panels", panels},
          {"edge_length_m", config.edge_length_m},
          {"min_panel_gap_m", config.min_panel_gap_m},
          {"cost_per_m2", config.cost_per_m2},
          {"resolution_cost_per_m2", config.resolution_cost_per_m2},
          {"budget", config.budget},
          {"budget_coefficient", config.budget_coefficient},
          {"budget_smoothness", config.budget_smoothness},
          {"loss", loss_name(config.loss)},
          {"momentum_resolution", config.momentum_resolution},
          {"reference_x0_m", config.reference_x0_m},
          {"dense_x0_threshold_m", config.dense_x0_threshold_m},
          {"height_region_z_m", config.height_region_z_m}};
}

}  // namespace detgrad::tomography
