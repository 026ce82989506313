#pragma once
// The tomography task as the optimiser sees it: every panel's z, x, y, spans, resolution and
// efficiency in five groups (panel_z, panel_xy, panel_span, panel_sigma, panel_efficiency),
// with bounds that keep panels outside the passive volume and within an allowed region
// (tomography_design.hpp).
#include "optimize/optimization_problem.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {

class TomographyOptimization : public optimize::OptimizationProblem {
 public:
  TomographyOptimization(const TomographyStudyConfig& study, Backend backend);
  // tomography_design.hpp
  optimize::DesignDescription design() const override;
  std::vector<double> initial() const override;
  optimize::StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step,
                                    std::uint64_t muons) const override;
  // Keeps the panels in their order along z, at least 1 mm apart (the transport planes'
  // order is fixed).
  std::string project(std::vector<double>& x) const override;
  nlohmann::json layout(const std::vector<double>& x) const override;
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const override;

 private:
  TomographyModel model_;
  Backend backend_;
};

}  // namespace detgrad::tomography
