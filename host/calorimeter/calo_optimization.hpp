#pragma once
// The calorimeter task as the optimiser sees it (optimize/optimization_problem.hpp): every
// slab's thickness (calo_design.hpp), the loss
//   loss = mean over the beam energies of the response model's (sigma/E)^2     (loss_resolution)
//        + budget_coefficient (cost / budget - 1)^2                            (loss_budget)
// with its gradient (the response model's adjoint plus the cost's derivative), and the
// projection that keeps every thickness in its box and the total depth within the limit.
// The response model (response_model.hpp) is calibrated on the particle level of the
// study's own stack (`showers` per energy) when the problem is made, and by default held
// fixed for the whole run: the optimiser's loss is one smooth function. With
// calorimeter.design.recalibrate_every = n > 0 it is calibrated again on the current layout
// at every step that is a multiple of n (the loss then changes at those steps; a resumed run
// starts from the study's calibration until the next such step). The particle level judges
// the layouts afterwards (TaskStudy::evaluate with optimization.evaluation_events).
#include <memory>

#include "calorimeter/calo_config.hpp"
#include "calorimeter/calo_design.hpp"
#include "calorimeter/response_model.hpp"
#include "optimize/optimization_problem.hpp"

namespace detgrad::calorimeter {

class CaloOptimization : public optimize::OptimizationProblem {
 public:
  explicit CaloOptimization(const CaloStudyConfig& study);
  optimize::DesignDescription design() const override { return design_; }
  std::vector<double> initial() const override;
  // The response model is deterministic: `step` and `events` do not change it.
  optimize::StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step,
                                    std::uint64_t events) const override;
  std::string project(std::vector<double>& x) const override;
  nlohmann::json layout(const std::vector<double>& x) const override;
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const override {
    return calorimeter::read_layout(study_, layout, name);
  }

  const ResponseModel& model() const { return *model_; }
  double budget() const { return budget_; }

 private:
  CaloStudyConfig study_;
  optimize::DesignDescription design_;
  mutable std::shared_ptr<const ResponseModel> model_;  // replaced when recalibrated
  mutable std::uint32_t calibrated_at_step_ = 0;
  double budget_;
  double max_depth_m_;
  SlabMap map_;
  std::vector<double> lower_, upper_;
};

}  // namespace detgrad::calorimeter
