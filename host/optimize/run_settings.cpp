#include "optimize/run_settings.hpp"

#include <string>

#include "detgrad/core/error.hpp"

namespace detgrad::optimize {

OptimizerSettings optimizer_settings(const OptimizationConfig& c, std::uint32_t steps) {
  OptimizerSettings s;
  s.kind = c.optimizer == "sgd" ? OptimizerKind::sgd : OptimizerKind::adam;
  s.schedule.warmup_steps = int(c.warmup_steps);
  s.schedule.decay = c.decay == "cosine" ? DecayKind::cosine : c.decay == "exponential" ? DecayKind::exponential : DecayKind::none;
  s.schedule.total_steps = int(steps);
  s.schedule.decay_rate = c.decay_rate;
  return s;
}

std::vector<GroupSettings> group_settings(const DesignDescription& design, const OptimizationConfig& c) {
  std::vector<GroupSettings> groups = design.groups;
  for (GroupSettings& g : groups) {
    if (auto it = c.step_size.find(g.group); it != c.step_size.end()) g.step_size = it->second;
    if (auto it = c.max_update.find(g.group); it != c.max_update.end()) g.max_update = it->second;
    for (const std::string& name : c.frozen) g.frozen = g.frozen || name == g.group;
  }
  for (const std::string& name : c.frozen) {
    bool known = false;
    for (const GroupSettings& g : groups) known = known || g.group == name;
    if (!known) throw StudyError("optimization.frozen", "\"" + name + "\" is not a parameter group of this task");
  }
  for (const auto* m : {&c.step_size, &c.max_update})
    for (const auto& entry : *m) {
      bool known = false;
      for (const GroupSettings& g : groups) known = known || g.group == entry.first;
      if (!known) throw StudyError("optimization", "\"" + entry.first + "\" is not a parameter group of this task");
    }
  return groups;
}

}  // namespace detgrad::optimize
