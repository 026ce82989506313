#pragma once
// The tasks built into detgrad, in the order the registry lists them. Adding a task to the
// engine is adding its definition to builtin_tasks.cpp (and its folders); no command changes.
#include <vector>

#include "tasks/task.hpp"

namespace detgrad::tasks {

std::vector<TaskDefinition> builtin_tasks();

}  // namespace detgrad::tasks
