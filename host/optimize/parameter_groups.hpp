#pragma once
// The optimiser's view of a design: a flat vector of parameters, each with a name, a
// physical unit, a group and a box [lower, upper]. The optimiser knows nothing else about
// the task (docs/design.md, principle 7): a task lists its parameters, the study says how fast each
// group may move.
#include <cstddef>
#include <string>
#include <vector>

namespace detgrad::optimize {

// One design parameter. Constraints are boxes, enforced by projection: after every update
// the parameter is clamped to [lower, upper] (use +-infinity for an unbounded side).
struct ParameterSpec {
  std::string name;   // unique, e.g. "panel_z[3]"
  std::string unit;   // physical unit of the value and of every step, e.g. "m"
  std::string group;  // the parameter group whose settings apply, e.g. "panel_z"
  double lower = 0.0;
  double upper = 0.0;
};

// How one group moves, in the group's physical unit.
struct GroupSettings {
  std::string group;
  // The intended size of the first updates (e.g. 0.01 m: "move panels by about 1 cm per step
  // at first"). Adam: the rate itself; SGD: the rate is scaled so that the first update has
  // this mean size (see optimizer.hpp). Must be > 0 unless the group is frozen.
  double step_size = 0.0;
  // Per-step limit on |change| of any parameter of the group; 0 = no limit.
  double max_update = 0.0;
  // A frozen group never moves and its gradients are not used (nor checked for NaN).
  bool frozen = false;
};

// Specs and settings joined and validated: which group each parameter belongs to.
// Throws std::invalid_argument (naming the offending entry) on: no parameters, an empty or
// duplicate parameter name, lower > upper or a NaN bound, a parameter whose group has no
// settings, settings for a group without parameters (a typo must not pass silently), duplicate
// group settings, a step size that is not finite and > 0 in a non-frozen group, a negative or
// non-finite max_update.
class ParameterLayout {
 public:
  ParameterLayout(std::vector<ParameterSpec> specs, std::vector<GroupSettings> groups);

  std::size_t parameter_count() const { return specs_.size(); }
  std::size_t group_count() const { return groups_.size(); }
  const ParameterSpec& spec(std::size_t parameter) const { return specs_[parameter]; }
  const GroupSettings& group(std::size_t group) const { return groups_[group]; }
  // Index into the group settings of the group of one parameter.
  std::size_t group_of(std::size_t parameter) const { return group_of_[parameter]; }
  // The parameters of one group, in increasing index order.
  const std::vector<std::size_t>& members(std::size_t group) const { return members_[group]; }

 private:
  std::vector<ParameterSpec> specs_;
  std::vector<GroupSettings> groups_;
  std::vector<std::size_t> group_of_;
  std::vector<std::vector<std::size_t>> members_;
};

}  // namespace detgrad::optimize
