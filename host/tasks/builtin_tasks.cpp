#include "tasks/builtin_tasks.hpp"

#include "tomography/tomography_study.hpp"

namespace detgrad::tasks {

std::vector<TaskDefinition> builtin_tasks() { return {tomography::tomography_task_definition()}; }

}  // namespace detgrad::tasks
