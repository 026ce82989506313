#include "tasks/task_registry.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "detgrad/core/error.hpp"
#include "study/common_json.hpp"
#include "study/json_file.hpp"
#include "study/json_reader.hpp"
#include "study/message_format.hpp"
#include "tasks/builtin_tasks.hpp"

namespace detgrad::tasks {

namespace {

struct Registry {
  std::mutex mutex;
  std::vector<std::unique_ptr<TaskDefinition>> tasks;
  bool builtins_added = false;
};

Registry& registry() {
  static Registry r;
  return r;
}

// Built-in tasks first, whenever the registry is first used (a test's own task registered
// from a static initialiser comes after them).
void add_builtins_locked(Registry& r) {
  if (r.builtins_added) return;
  r.builtins_added = true;
  std::vector<std::unique_ptr<TaskDefinition>> own = std::move(r.tasks);
  r.tasks.clear();
  for (TaskDefinition& d : builtin_tasks()) r.tasks.push_back(std::make_unique<TaskDefinition>(std::move(d)));
  for (auto& d : own) r.tasks.push_back(std::move(d));
}

std::vector<std::string> task_names() {
  std::vector<std::string> names;
  for (const TaskDefinition* d : registered_tasks()) names.push_back(d->name);
  return names;
}

// The task that owns a top-level key, if any.
const TaskDefinition* owner_of(const std::string& key) {
  for (const TaskDefinition* d : registered_tasks()) {
    if (std::find(d->keys.begin(), d->keys.end(), key) != d->keys.end()) return d;
  }
  return nullptr;
}

const TaskDefinition& chosen_task(const nlohmann::json& study) {
  if (study.contains("task")) {
    const study_detail::JsonValue value(study.at("task"), "task");
    const std::string name = value.choice(task_names());
    return *find_task(name);
  }
  const TaskDefinition* chosen = nullptr;
  for (const TaskDefinition* d : registered_tasks()) {
    if (d->section.empty() || !study.contains(d->section)) continue;
    if (chosen) {
      throw StudyError(d->section, "a study has one task: it has both a \"" + chosen->section + "\" and a \"" +
                                       d->section + "\" section (set \"task\" and remove the other)");
    }
    chosen = d;
  }
  if (chosen) return *chosen;
  const TaskDefinition* fallback = find_task(default_task_name());
  if (!fallback) throw std::logic_error("the default task \"" + default_task_name() + "\" is not registered");
  return *fallback;
}

}  // namespace

void register_task(TaskDefinition definition) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (const auto& d : r.tasks) {
    if (d->name == definition.name) throw std::logic_error("task \"" + definition.name + "\" registered twice");
  }
  r.tasks.push_back(std::make_unique<TaskDefinition>(std::move(definition)));
}

const TaskDefinition* find_task(const std::string& name) {
  for (const TaskDefinition* d : registered_tasks()) {
    if (d->name == name) return d;
  }
  return nullptr;
}

std::vector<const TaskDefinition*> registered_tasks() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  add_builtins_locked(r);
  std::vector<const TaskDefinition*> out;
  for (const auto& d : r.tasks) out.push_back(d.get());
  return out;
}

std::unique_ptr<TaskStudy> read_task_study(const nlohmann::json& study) {
  if (!study.is_object()) {
    throw StudyError("", "a study must be a JSON object {...} at the top level, got " + study_detail::describe(study));
  }
  const TaskDefinition& task = chosen_task(study);
  // Keys of another task get a message that says whose they are; the task's own reader
  // reports unknown keys (with the nearest known one).
  const std::vector<std::string> own = study_detail::with_common_keys(task.keys);
  for (const auto& item : study.items()) {
    const std::string& key = item.key();
    if (std::find(own.begin(), own.end(), key) != own.end()) continue;
    if (const TaskDefinition* owner = owner_of(key)) {
      throw StudyError(key, "a " + task.name + " study (" + task.title + ") has no \"" + key + "\": it belongs to " +
                                owner->name + " studies (" + owner->title + "); remove it, or set \"task\": \"" +
                                owner->name + "\"");
    }
  }
  return task.read(study);
}

std::unique_ptr<TaskStudy> load_task_study(const std::string& path) {
  return read_task_study(study_detail::read_json_file(path, "study file"));
}

}  // namespace detgrad::tasks
