#pragma once
// The MUonE task as the optimiser sees it: every module's z, offset and resolution and the
// target's z and thickness (groups module_z, module_offset, module_sigma, target_z,
// target_thickness), the smooth model's loss with the budget term, and the projection that
// keeps the modules ordered and out of the target.
#include "muone/muone_model.hpp"
#include "optimize/optimization_problem.hpp"

namespace detgrad::muone {

class MuoneOptimization : public optimize::OptimizationProblem {
 public:
  MuoneOptimization(const MuoneStudyConfig& study, Backend backend) : model_(study), backend_(backend) {}
  optimize::DesignDescription design() const override { return model_.design(); }
  std::vector<double> initial() const override { return model_.initial(); }
  optimize::StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step,
                                    std::uint64_t events) const override;
  std::string project(std::vector<double>& x) const override {
    model_.project(x);
    return {};
  }
  nlohmann::json layout(const std::vector<double>& x) const override { return model_.layout(x); }
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const override {
    return model_.read_layout(layout, name);
  }

 private:
  MuoneModel model_;
  Backend backend_;
};

}  // namespace detgrad::muone
