#include "design_problem.hpp"

#include <algorithm>
#include <stdexcept>

#include "backend/backend.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::python {
namespace {

// The same settings as optimize/optimize_run.cpp gives its optimiser (checked bitwise
// against `detgrad optimize` by tests/python/test_torch_optimize.py).
optimize::OptimizerSettings optimizer_settings(const OptimizationConfig& c, std::uint32_t steps) {
  optimize::OptimizerSettings s;
  s.kind = c.optimizer == "sgd" ? optimize::OptimizerKind::sgd : optimize::OptimizerKind::adam;
  s.schedule.warmup_steps = int(c.warmup_steps);
  s.schedule.decay = c.decay == "cosine"        ? optimize::DecayKind::cosine
                     : c.decay == "exponential" ? optimize::DecayKind::exponential
                                                : optimize::DecayKind::none;
  s.schedule.total_steps = int(steps);
  s.schedule.decay_rate = c.decay_rate;
  return s;
}

std::vector<optimize::GroupSettings> group_settings(const optimize::OptimizationProblem& task, const OptimizationConfig& c) {
  std::vector<optimize::GroupSettings> groups = task.design().groups;
  const auto known = [&](const std::string& name) {
    return std::any_of(groups.begin(), groups.end(), [&](const optimize::GroupSettings& g) { return g.group == name; });
  };
  for (optimize::GroupSettings& g : groups) {
    if (auto it = c.step_size.find(g.group); it != c.step_size.end()) g.step_size = it->second;
    if (auto it = c.max_update.find(g.group); it != c.max_update.end()) g.max_update = it->second;
    for (const std::string& name : c.frozen) g.frozen = g.frozen || name == g.group;
  }
  for (const std::string& name : c.frozen)
    if (!known(name)) throw StudyError("optimization.frozen", "\"" + name + "\" is not a parameter group of this task");
  for (const auto* m : {&c.step_size, &c.max_update})
    for (const auto& entry : *m)
      if (!known(entry.first))
        throw StudyError("optimization", "\"" + entry.first + "\" is not a parameter group of this task");
  return groups;
}

}  // namespace

DesignProblem::DesignProblem(const StudyHandle& study, const Overrides& overrides) {
  Overrides o = overrides;
  o.optimization_defaults = true;
  study_ = study.read(o);
  const BackendChoice choice = choose_backend(study_->common().backend);
  backend_ = detgrad::backend_name(choice.backend);
  task_ = study_->optimization_problem(choice.backend);
  config_ = study_->common().optimization.value_or(OptimizationConfig{});
  specs_ = task_->design().parameters;
  groups_ = group_settings(*task_, config_);
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
  return optimize::Optimizer(specs_, groups_, optimizer_settings(config_, steps));
}

optimize::StepReport DesignProblem::step(optimize::Optimizer& optimizer, std::vector<double>& x,
                                         const std::vector<double>& gradient, double loss) const {
  const optimize::StepReport report = optimizer.step(x, gradient, loss);
  if (!report.rolled_back) task_->project(x);
  return report;
}

}  // namespace detgrad::python
