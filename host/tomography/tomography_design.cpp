#include "tomography/tomography_design.hpp"

#include <limits>

namespace detgrad::tomography {
namespace {

// Allowed region around the volume (m): panels within 1 m of the volume's faces in z and
// of its footprint in x and y; spans from 1 cm to three footprints; resolutions from 10 um
// (silicon strips; below that, one panel's weight 1/sigma^2 swamps the others' in the
// single-precision fits: a layout optimised to 1 um evaluated 8x worse) to 1 cm;
// efficiencies from 1 % to 1.
constexpr double kReach_m = 1.0;

}  // namespace

const optimize::RecordField kPanelTable[kPanelFields] = {
    {"z_m", "m", "panel_z"},           {"x_m", "m", "panel_xy"},         {"y_m", "m", "panel_xy"},
    {"span_x_m", "m", "panel_span"},   {"span_y_m", "m", "panel_span"},  {"sigma_m", "m", "panel_sigma"},
    {"efficiency", "1", "panel_efficiency"}};

// From the volume's top to kReach_m over it for a panel above the volume, from kReach_m
// under the volume's bottom to the bottom for one below.
optimize::Bounds panel_z_range(const TomographyModel& model, int i) {
  const VolumeConfig& v = model.study().volume;
  const double z_bottom = v.origin_m[2], z_top = z_bottom + v.voxels[2] * v.voxel_size_m[2];
  return i < model.panels_above() ? optimize::Bounds{z_top, z_top + kReach_m}
                                  : optimize::Bounds{z_bottom - kReach_m, z_bottom};
}

optimize::DesignDescription tomography_design(const TomographyModel& model) {
  const VolumeConfig& v = model.study().volume;
  const double lo[2] = {v.origin_m[0], v.origin_m[1]};
  const double hi[2] = {lo[0] + v.voxels[0] * v.voxel_size_m[0], lo[1] + v.voxels[1] * v.voxel_size_m[1]};
  optimize::DesignDescription d;
  optimize::add_records(
      d, std::size_t(model.panel_count()), kPanelTable, kPanelFields,
      [&](std::size_t i) { return model.panel_names()[i]; },
      [&](std::size_t i, int field) -> optimize::Bounds {
        switch (field) {
          case kPanelZ: return panel_z_range(model, int(i));
          case kPanelX: return {lo[0] - kReach_m, hi[0] + kReach_m};
          case kPanelY: return {lo[1] - kReach_m, hi[1] + kReach_m};
          case kPanelSpanX: return {0.01, 3 * (hi[0] - lo[0])};
          case kPanelSpanY: return {0.01, 3 * (hi[1] - lo[1])};
          case kPanelSigma: return {1e-5, 1e-2};
          default: return {0.01, 1.0};
        }
      });
  // About 1 cm per step for positions and spans, 10 um for resolutions, 0.01 for
  // efficiencies, at first.
  d.groups = {{"panel_z", 0.01}, {"panel_xy", 0.01}, {"panel_span", 0.01}, {"panel_sigma", 1e-5},
              {"panel_efficiency", 0.01}};
  const int sides[2][2] = {{0, model.panels_above()}, {model.panels_above(), model.panel_count()}};
  for (int side = 0; side < 2; ++side) {
    optimize::DesignConstraint c;
    c.kind = "ordered_with_gaps";
    for (int i = sides[side][0]; i < sides[side][1]; ++i) c.parameters.push_back(PanelPacking::index(std::size_t(i), kPanelZ));
    c.values = {{"gap_m", model.config().min_panel_gap_m},
                {"low_m", panel_z_range(model, sides[side][1] - 1).lower},
                {"high_m", std::numeric_limits<double>::infinity()}};
    c.text = std::string("panels ") + (side == 0 ? "above" : "below") +
             " the volume in decreasing z, at least gap_m apart, none under low_m";
    d.constraints.push_back(c);
  }
  return d;
}

}  // namespace detgrad::tomography
