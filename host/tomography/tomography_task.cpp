#include "tomography/tomography_task.hpp"

#include <algorithm>
#include <limits>

#include "optimize/constraints.hpp"

namespace detgrad::tomography {
namespace {

// Allowed region around the volume (m): panels within 1 m of the volume's faces in z and
// of its footprint in x and y; spans from 1 cm to three footprints; resolutions from 10 um
// (silicon strips; below that, one panel's weight 1/sigma^2 swamps the others' in the
// single-precision fits: a layout optimised to 1 um evaluated 8x worse) to 1 cm;
// efficiencies from 1 % to 1.
constexpr double kReach_m = 1.0;

// The heights allowed to panel i: from the volume's top to kReach_m over it for a panel
// above the volume, from kReach_m under the volume's bottom to the bottom for one below.
struct ZRange {
  double low, high;
};
ZRange panel_z_range(const TomographyModel& model, int i) {
  const VolumeConfig& v = model.study().volume;
  const double z_bottom = v.origin_m[2], z_top = z_bottom + v.voxels[2] * v.voxel_size_m[2];
  return i < model.panels_above() ? ZRange{z_top, z_top + kReach_m} : ZRange{z_bottom - kReach_m, z_bottom};
}

}  // namespace

TomographyTask::TomographyTask(const StudyConfig& study, Backend backend) : model_(study), backend_(backend) {}

std::vector<optimize::ParameterSpec> TomographyTask::parameters() const {
  const VolumeConfig& v = model_.study().volume;
  const double lo[2] = {v.origin_m[0], v.origin_m[1]};
  const double hi[2] = {lo[0] + v.voxels[0] * v.voxel_size_m[0], lo[1] + v.voxels[1] * v.voxel_size_m[1]};
  std::vector<optimize::ParameterSpec> specs;
  for (int i = 0; i < model_.panel_count(); ++i) {
    const std::string p = model_.panel_names()[i] + ".";
    const ZRange z = panel_z_range(model_, i);
    specs.push_back({p + "z_m", "m", "panel_z", z.low, z.high});
    specs.push_back({p + "x_m", "m", "panel_xy", lo[0] - kReach_m, hi[0] + kReach_m});
    specs.push_back({p + "y_m", "m", "panel_xy", lo[1] - kReach_m, hi[1] + kReach_m});
    specs.push_back({p + "span_x_m", "m", "panel_span", 0.01, 3 * (hi[0] - lo[0])});
    specs.push_back({p + "span_y_m", "m", "panel_span", 0.01, 3 * (hi[1] - lo[1])});
    specs.push_back({p + "sigma_m", "m", "panel_sigma", 1e-5, 1e-2});
    specs.push_back({p + "efficiency", "1", "panel_efficiency", 0.01, 1.0});
  }
  return specs;
}

std::vector<optimize::GroupSettings> TomographyTask::default_groups() const {
  // About 1 cm per step for positions and spans, 10 um for resolutions, 0.01 for
  // efficiencies, at first.
  return {{"panel_z", 0.01}, {"panel_xy", 0.01}, {"panel_span", 0.01}, {"panel_sigma", 1e-5},
          {"panel_efficiency", 0.01}};
}

std::vector<double> TomographyTask::initial() const { return model_.flatten(model_.initial_design()); }

optimize::TaskEvaluation TomographyTask::evaluate(const std::vector<double>& x, std::uint32_t step,
                                                  std::uint64_t muons) const {
  PassOptions options;
  options.events = muons;
  options.step = step;
  options.backend = backend_;
  // With a "volumes" section, the step's training volumes share its muons (or take
  // muons_per_volume each) and the loss is their mean.
  const std::vector<TomographyVolume> volumes = model_.training_volumes(step);
  if (!volumes.empty()) {
    const std::uint64_t per_volume = model_.study().volumes->muons_per_volume;
    options.events = per_volume ? per_volume : std::max<std::uint64_t>(1, muons / volumes.size());
  }
  const LossAndGradient r = evaluate_over_volumes(model_, model_.unflatten(x), options, volumes, true);
  optimize::TaskEvaluation out;
  out.loss = r.terms.total;
  out.gradient = r.gradient;
  out.terms = {{"loss_task", r.terms.task}, {"loss_budget", r.terms.budget}, {"cost", r.terms.cost},
               {"usable_muons", r.terms.usable_muons}};
  if (model_.config().loss == TomographyLoss::dense_material) out.terms.push_back({"dense_probability", r.terms.dense_probability});
  if (model_.config().loss == TomographyLoss::fill_height) out.terms.push_back({"fill_height_m", r.terms.fill_height_m});
  return out;
}

void TomographyTask::project(std::vector<double>& x) const {
  // Panels are in decreasing z (transport order). On each side, neighbours keep at least
  // the study's gap, and the lowest panel stays at or above its side's lowest allowed height
  // (the volume's top above it; 1 m under the volume's bottom below it): the sweep of
  // optimize::keep_ordered_with_gaps pushes each panel below its upper neighbour, then lifts
  // any panel pushed under that height and its upper neighbours with it. Both hold at the
  // end when the side's range fits the gaps (at most 8 panels x 0.1 m < 1 m). The upper
  // bounds are the box's (the optimiser clamps to them before this projection).
  const double gap = model_.config().min_panel_gap_m;
  const int sides[2][2] = {{0, model_.panels_above()}, {model_.panels_above(), model_.panel_count()}};
  for (int side = 0; side < 2; ++side) {
    const int first = sides[side][0], end = sides[side][1];
    optimize::keep_ordered_with_gaps(x, std::size_t(first) * kParamsPerPanel, kParamsPerPanel,
                                     std::size_t(end - first), optimize::Ordering::decreasing, gap,
                                     panel_z_range(model_, end - 1).low, std::numeric_limits<double>::infinity());
  }
}

nlohmann::json TomographyTask::layout(const std::vector<double>& x) const {
  const DesignParams<double> d = model_.unflatten(x);
  nlohmann::json panels = nlohmann::json::array();
  for (int i = 0; i < model_.panel_count(); ++i) {
    const PanelParams<double>& p = d.panel[i];
    panels.push_back({{"name", model_.panel_names()[i]}, {"z_m", p.z}, {"centre_m", {p.x, p.y}},
                      {"span_m", {p.span_x, p.span_y}}, {"sigma_m", p.sigma}, {"efficiency", p.efficiency}});
  }
  return {{"panels", panels}, {"cost", model_.cost(d, nullptr)}};
}

}  // namespace detgrad::tomography
