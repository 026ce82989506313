#include "design_problem.hpp"

#include <algorithm>
#include <stdexcept>

#include "backend/backend.hpp"
#include "detgrad/core/error.hpp"
#include "optimize/run_settings.hpp"

namespace detgrad::python {

DesignProblem::DesignProblem(const StudyHandle& study, const Overrides& overrides) {
  Overrides o = overrides;
  o.optimization_defaults = true;
  study_ = study.read(o);
  const BackendChoice choice = choose_backend(study_->common().backend);
  backend_ = detgrad::backend_name(choice.backend);
  task_ = study_->optimization_problem(choice.backend);
  config_ = study_->common().optimization.value_or(OptimizationConfig{});
  specs_ = task_->design().parameters;
  groups_ = optimize::group_settings(task_->design(), config_);
}

optimize::StepEvaluation DesignProblem::evaluate(const std::vector<double>& x, std::uint32_t step,
                                                 std::uint64_t events) const {
  if (x.size() != specs_.size()) {
    throw std::invalid_argument("the design has " + std::to_string(x.size()) + " values, this study " +
                                std::to_string(specs_.size()) + " parameters");
  }
  if (events == 0) throw std::invalid_argument("events must be at least 1");
  return task_->evaluate(x, step, events);
}

std::vector<double> DesignProblem::project(std::vector<double> x) const {
  if (x.size() != specs_.size()) {
    throw std::invalid_argument("the design has " + std::to_string(x.size()) + " values, this study " +
                                std::to_string(specs_.size()) + " parameters");
  }
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::clamp(x[i], specs_[i].lower, specs_[i].upper);
  task_->project(x);
  return x;
}

optimize::Optimizer DesignProblem::make_optimizer(std::uint32_t steps) const {
  return optimize::Optimizer(specs_, groups_, optimize::optimizer_settings(config_, steps));
}

optimize::StepReport DesignProblem::step(optimize::Optimizer& optimizer, std::vector<double>& x,
                                         const std::vector<double>& gradient, double loss) const {
  const optimize::StepReport report = optimizer.step(x, gradient, loss);
  if (!report.rolled_back) task_->project(x);
  return report;
}

}  // namespace detgrad::python
