#pragma once
// The one place where the module uses a task's optimisation interface
// (optimize::OptimizationProblem): the design as a named, ordered vector (names as in
// history.csv, units, groups, bounds), the loss and its adjoint gradient at a design, the
// projection onto the task's constraints, the layout of a design, and the engine's own
// optimiser with the study's settings (what `detgrad optimize` runs).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimize/optimizer.hpp"
#include "optimize/optimization_problem.hpp"
#include "study_handle.hpp"

namespace detgrad::python {

class DesignProblem {
 public:
  // The study read with `overrides` (seed, backend); the task built for the chosen backend.
  DesignProblem(const StudyHandle& study, const Overrides& overrides);

  const std::vector<optimize::ParameterSpec>& parameters() const { return specs_; }
  // The groups as `detgrad optimize` uses them: the task's defaults with the study's
  // optimization.step_size, max_update and frozen applied (StudyError on an unknown group).
  const std::vector<optimize::GroupSettings>& groups() const { return groups_; }
  std::vector<double> initial() const { return task_->initial(); }
  // Loss, named terms and gradient at x for optimisation step `step` with `events` events
  // (default: the study's optimization.events_per_step). Called without the GIL.
  optimize::StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step, std::uint64_t events) const;
  // Box bounds, then the task's own constraints: what `detgrad optimize` applies after a step.
  std::vector<double> project(std::vector<double> x) const;
  nlohmann::json layout(const std::vector<double>& x) const { return task_->layout(x); }
  std::uint64_t events_per_step() const { return config_.events_per_step; }
  std::uint32_t steps() const { return config_.steps; }
  const std::string& backend_name() const { return backend_; }
  // The engine's optimiser (Adam or SGD, schedule over `steps` steps) with the study's settings.
  optimize::Optimizer make_optimizer(std::uint32_t steps) const;
  // What happens to x after one accepted or rolled-back step in `detgrad optimize`: the
  // optimiser's update (its own box projection included), then the task's projection.
  optimize::StepReport step(optimize::Optimizer& optimizer, std::vector<double>& x, const std::vector<double>& gradient,
                            double loss) const;

 private:
  std::unique_ptr<tasks::TaskStudy> study_;
  std::unique_ptr<optimize::OptimizationProblem> task_;
  OptimizationConfig config_;
  std::vector<optimize::ParameterSpec> specs_;
  std::vector<optimize::GroupSettings> groups_;
  std::string backend_;
};

}  // namespace detgrad::python
