#pragma once
// What `detgrad optimize` needs of a task (docs/design.md, principle 7): the optimisation problem.
//
// Names: a *task* is what the registry knows (host/tasks/task.hpp: TaskDefinition, and the
// TaskStudy that reads one study of it); the optimiser's view of a task's study is an
// OptimizationProblem, implemented per task as <Task>Optimization (TomographyOptimization,
// SwgoOptimization, MuoneOptimization) and made by TaskStudy::optimization_problem().
//
// A problem gives its design's description (design_description.hpp: the parameters' names,
// units, groups, bounds and constraints, one table per task), the initial design, a loss
// with its gradient at a design for an optimisation step, the projection onto the
// constraints beyond boxes, and the layout to write and read back. The loop knows nothing else.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimize/design_description.hpp"

namespace detgrad::optimize {

// The loss and its gradient at one optimisation step.
struct StepEvaluation {
  double loss = 0.0;
  std::vector<std::pair<std::string, double>> terms;  // named loss terms and diagnostics
  std::vector<double> gradient;                       // dLoss/d(parameters)
};

class OptimizationProblem {
 public:
  virtual ~OptimizationProblem() = default;
  // The design vector described: its parameters (in order) and the default settings of its
  // groups (the step sizes of the first updates, used where the study sets none).
  virtual DesignDescription design() const = 0;
  virtual std::vector<double> initial() const = 0;
  // Loss and gradient at x for optimisation step `step` (fresh events: the step is part of
  // the random-number counter).
  virtual StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step, std::uint64_t events) const = 0;
  // Constraints that boxes cannot express (design().constraints); called after every update.
  // Returns what it could not meet, for the run's log (empty: every constraint holds).
  virtual std::string project(std::vector<double>& x) const {
    (void)x;
    return {};
  }
  virtual nlohmann::json layout(const std::vector<double>& x) const = 0;
  // The design vector a layout file holds: the inverse of layout() (a layout it wrote reads
  // back to the same x), checked against the study; a StudyError names the file (`name`).
  virtual std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const = 0;
};

}  // namespace detgrad::optimize
