#pragma once
// The part of a study that every task has (host only): which task, the study's name, the
// random-number seed, the backend and how `detgrad optimize` runs. Each task's own
// configuration holds one of these beside its section (docs/study-format.md, "Common keys").
#include <cstdint>
#include <optional>
#include <string>

#include "detgrad/study/backend_kind.hpp"
#include "detgrad/study/optimization_config.hpp"

namespace detgrad {

struct CommonStudyConfig {
  std::string task;  // the registered task that owns the study (host/tasks/task_registry.hpp); set by its reader
  std::string name = "study";
  std::uint64_t seed = 1;
  Backend backend = Backend::automatic;
  std::optional<OptimizationConfig> optimization;  // how `detgrad optimize` runs
};

}  // namespace detgrad
