#pragma once
// The tasks built into detgrad, in the order the registry lists them, and the default task.
// Adding a task to the engine is adding its definition to builtin_tasks.cpp (and its
// folders); no command changes. builtin_tasks.cpp is the one shared file that names tasks
// (tests/tasks/task_boundary_test.cpp).
#include <string>
#include <vector>

#include "tasks/task.hpp"

namespace detgrad::tasks {

std::vector<TaskDefinition> builtin_tasks();
// The task of a study that names none and holds no task's section (docs/study-format.md).
std::string default_task_name();

}  // namespace detgrad::tasks
