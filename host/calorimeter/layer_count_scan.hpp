#pragma once
// calorimeter.design.parameters "layer_count": the number of layers of a stack of one
// repeated group [absorber, active] as the one design parameter ("layers", a whole number),
// the two thicknesses solved from the study's budget, so that every layer count has the
// study's cost and depth:
//   N (a + s) = depth,   N (area (p_a a + p_s s) + per_channel channels_per_layer) = cost,
// p_a, p_s the prices per m^3 of the two materials (calo_cost.hpp). Without a channel cost
// this keeps the total absorber and active thickness (a = A/N, s = S/N): the scan asks how
// finely the same material is best divided. For `detgrad scan` only: a whole number of
// layers has no gradient, so optimize and gradcheck refuse this design.
#include <string>

#include <nlohmann/json.hpp>

#include "calorimeter/calo_config.hpp"
#include "optimize/optimization_problem.hpp"

namespace detgrad::calorimeter {

struct LayerCountLayout {
  int layers = 0;
  double absorber_m = 0.0;
  double active_m = 0.0;
};

// The thicknesses at `layers` layers for the study's cost (stack_budget) and depth
// (depth_limit_m); StudyError naming calorimeter.design.parameters when one is not > 0.
LayerCountLayout equal_budget_layers(const CaloStudyConfig& study, int layers);
// The study with its stack replaced by layout.layers x [absorber, active].
CaloStudyConfig with_layer_count(const CaloStudyConfig& study, const LayerCountLayout& layout);
// {"task": "calorimeter", "layer_count": N, "slabs": [absorber, active], "depth_m", "cost"};
// read back with the materials checked against the study's group (StudyError naming `name`).
nlohmann::json layer_count_layout_json(const CaloStudyConfig& study, const LayerCountLayout& layout);
LayerCountLayout read_layer_count_layout(const CaloStudyConfig& study, const nlohmann::json& layout,
                                         const std::string& name);
// Why a study cannot use "layer_count" (empty when it can): the stack's shape, equal prices.
std::string layer_count_unusable(const CaloStudyConfig& study);

class LayerCountScan : public optimize::OptimizationProblem {
 public:
  explicit LayerCountScan(const CaloStudyConfig& study) : study_(study) {}
  optimize::DesignDescription design() const override;
  std::vector<double> initial() const override;
  // Throws StudyError: the layer count has no gradient (scan only).
  optimize::StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step,
                                    std::uint64_t events) const override;
  nlohmann::json layout(const std::vector<double>& x) const override;
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const override;

 private:
  CaloStudyConfig study_;
};

// The error optimize and gradcheck give for this design.
[[noreturn]] void refuse_layer_count_gradient();

}  // namespace detgrad::calorimeter
