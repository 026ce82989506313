#pragma once
// The MUonE task as an optimisation task: every module's z, offset and resolution and the
// target's z and thickness (groups module_z, module_offset, module_sigma, target_z,
// target_thickness), the smooth model's loss with the budget term, and the projection that
// keeps the modules ordered and out of the target.
#include "muone/muone_model.hpp"
#include "optimize/task.hpp"

namespace detgrad::muone {

class MuoneTask : public optimize::OptimizationTask {
 public:
  MuoneTask(const MuoneStudyConfig& study, Backend backend) : model_(study), backend_(backend) {}
  std::vector<optimize::ParameterSpec> parameters() const override { return model_.parameters(); }
  std::vector<optimize::GroupSettings> default_groups() const override;
  std::vector<double> initial() const override { return model_.initial(); }
  optimize::TaskEvaluation evaluate(const std::vector<double>& x, std::uint32_t step,
                                    std::uint64_t events) const override;
  void project(std::vector<double>& x) const override { model_.project(x); }
  nlohmann::json layout(const std::vector<double>& x) const override { return model_.layout(x); }

 private:
  MuoneModel model_;
  Backend backend_;
};

}  // namespace detgrad::muone
