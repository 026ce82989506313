#include "tomography/tomography_optimization.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "optimize/constraints.hpp"
#include "tomography/tomography_design.hpp"
#include "tomography/tomography_layout.hpp"

namespace detgrad::tomography {

TomographyOptimization::TomographyOptimization(const TomographyStudyConfig& study, Backend backend) : model_(study), backend_(backend) {}

optimize::DesignDescription TomographyOptimization::design() const { return tomography_design(model_); }

std::vector<double> TomographyOptimization::initial() const { return model_.flatten(model_.initial_design()); }

optimize::StepEvaluation TomographyOptimization::evaluate(const std::vector<double>& x, std::uint32_t step,
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
  optimize::StepEvaluation out;
  out.loss = r.terms.total;
  out.gradient = r.gradient;
  out.terms = {{"loss_task", r.terms.task}, {"loss_budget", r.terms.budget}, {"cost", r.terms.cost},
               {"usable_muons", r.terms.usable_muons}};
  if (model_.config().loss == TomographyLoss::dense_material) out.terms.push_back({"dense_probability", r.terms.dense_probability});
  if (model_.config().loss == TomographyLoss::fill_height) out.terms.push_back({"fill_height_m", r.terms.fill_height_m});
  return out;
}

std::string TomographyOptimization::project(std::vector<double>& x) const {
  // Panels are in decreasing z (transport order). On each side, neighbours keep at least
  // the study's gap, and the lowest panel stays at or above its side's lowest allowed height
  // (the volume's top above it; 1 m under the volume's bottom below it): the sweep of
  // optimize::keep_ordered_with_gaps pushes each panel below its upper neighbour, then lifts
  // any panel pushed under that height and its upper neighbours with it. Both hold at the
  // end when the side's range fits the gaps (at most 8 panels x 0.1 m < 1 m). The upper
  // bounds are the box's (the optimiser clamps to them before this projection).
  const double gap = model_.config().min_panel_gap_m;
  const int sides[2][2] = {{0, model_.panels_above()}, {model_.panels_above(), model_.panel_count()}};
  std::string shortfall;
  for (int side = 0; side < 2; ++side) {
    const int first = sides[side][0], end = sides[side][1];
    const bool holds = optimize::keep_ordered_with_gaps(x, PanelPacking::index(std::size_t(first), kPanelZ), kPanelFields,
                                     std::size_t(end - first), optimize::Ordering::decreasing, gap,
                                     panel_z_range(model_, end - 1).lower, std::numeric_limits<double>::infinity());
    if (!holds) shortfall += std::string(side == 0 ? "the panels above" : "the panels below") + " do not fit their gaps; ";
  }
  if (!shortfall.empty()) shortfall.resize(shortfall.size() - 2);  // the last "; "
  return shortfall;
}

std::vector<double> TomographyOptimization::read_layout(const nlohmann::json& layout, const std::string& name) const {
  return model_.flatten(tomography::read_layout(model_, layout, name));
}

nlohmann::json TomographyOptimization::layout(const std::vector<double>& x) const {
  return layout_json(model_, model_.unflatten(x));
}

}  // namespace detgrad::tomography
