#pragma once
// The "swgo" task (SWGO array layout) as the commands see it (host/tasks/task.hpp).
#include "swgo/swgo_config.hpp"
#include "tasks/task.hpp"

namespace detgrad::swgo {

tasks::TaskDefinition swgo_task_definition();

}  // namespace detgrad::swgo
