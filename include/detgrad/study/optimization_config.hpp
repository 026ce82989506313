#pragma once
// The study's "optimization" section (host only): how `detgrad optimize` moves the design.
// Task-agnostic: step sizes and update limits are keyed by the task's parameter groups.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace detgrad {

struct OptimizationConfig {
  std::uint32_t steps = 50;
  // Events (muons, showers, ...) per step; JSON key "events_per_step" (tomography: "muons_per_step").
  std::uint64_t events_per_step = 100000;
  std::string optimizer = "adam";                  // "adam" or "sgd"
  std::map<std::string, double> step_size;         // group -> size of the first updates (group's unit); default: the task's
  std::map<std::string, double> max_update;        // group -> per-step limit (group's unit); default: none
  std::vector<std::string> frozen;                 // groups kept at their initial values (e.g. "panel_efficiency")
  std::uint32_t warmup_steps = 0;
  std::string decay = "none";                      // "none", "cosine" or "exponential"
  double decay_rate = 0.99;                        // exponential: factor per step
  std::uint32_t checkpoint_every = 10;             // steps between checkpoints (and one at the end)
  std::uint32_t layout_every = 10;                 // steps between layout_<step>.json files
  // Events of the evaluation of the initial and final layouts after the last step; default
  // 10 x events_per_step; 0: no evaluation.
  std::optional<std::uint64_t> evaluation_events;
};

}  // namespace detgrad
