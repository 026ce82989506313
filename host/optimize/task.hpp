#pragma once
// What `detgrad optimize` needs of a task (docs/design.md, principle 7): its design parameters
// with units, groups and bounds, a loss with its gradient at a design for an optimisation
// step, constraints beyond boxes, and the layout to write. The loop knows nothing else.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimize/parameter_groups.hpp"

namespace detgrad::optimize {

struct TaskEvaluation {
  double loss = 0.0;
  std::vector<std::pair<std::string, double>> terms;  // named loss terms and diagnostics
  std::vector<double> gradient;                       // dLoss/d(parameters)
};

class OptimizationTask {
 public:
  virtual ~OptimizationTask() = default;
  virtual std::vector<ParameterSpec> parameters() const = 0;
  // Step sizes of the first updates per group, used where the study sets none.
  virtual std::vector<GroupSettings> default_groups() const = 0;
  virtual std::vector<double> initial() const = 0;
  // Loss and gradient at x for optimisation step `step` (fresh muons: the step is part of
  // the random-number counter).
  virtual TaskEvaluation evaluate(const std::vector<double>& x, std::uint32_t step, std::uint64_t muons) const = 0;
  // Constraints that boxes cannot express; called after every update.
  virtual void project(std::vector<double>& x) const { (void)x; }
  virtual nlohmann::json layout(const std::vector<double>& x) const = 0;
};

}  // namespace detgrad::optimize
