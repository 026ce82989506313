#pragma once
// The one place that maps a task's name to its definition. The built-in tasks (tomography,
// and the others as they land) are listed in builtin_tasks.cpp; a test may register a task
// of its own with register_task before it runs a command.
#include <memory>
#include <string>
#include <vector>

#include "tasks/task.hpp"

namespace detgrad::tasks {

// Adds a task; a second task of the same name is a std::logic_error.
void register_task(TaskDefinition definition);
// nullptr when no task has that name.
const TaskDefinition* find_task(const std::string& name);
// Every registered task, built-in ones first, in registration order.
std::vector<const TaskDefinition*> registered_tasks();

// Reads a study of any task: the "task" key (default: the task whose section is present,
// else default_task_name(), builtin_tasks.hpp: tomography); keys of another task, or unknown keys, are StudyErrors naming the key.
std::unique_ptr<TaskStudy> read_task_study(const nlohmann::json& study);
// The same from a file: a missing file, a directory, an empty file, a JSON syntax error or a
// duplicate key in an object are StudyErrors naming the file (and line and column or path).
std::unique_ptr<TaskStudy> load_task_study(const std::string& path);

}  // namespace detgrad::tasks
