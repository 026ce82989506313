#include "study_handle.hpp"

#include "backend/backend.hpp"
#include "detgrad/core/error.hpp"
#include "study/json_file.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::python {

StudyHandle::StudyHandle(nlohmann::json json, std::string source)
    : json_(std::move(json)), source_(std::move(source)), study_(tasks::read_task_study(json_)) {}

StudyHandle StudyHandle::from_file(const std::string& path) {
  return StudyHandle(study_detail::read_json_file(path, "study file"), path);
}

StudyHandle StudyHandle::from_json(nlohmann::json study, std::string source) {
  return StudyHandle(std::move(study), std::move(source));
}

std::unique_ptr<tasks::TaskStudy> StudyHandle::read(const Overrides& o) const {
  std::unique_ptr<tasks::TaskStudy> study = tasks::read_task_study(json_);
  tasks::StudyOverrides overrides;
  overrides.events = o.events;
  overrides.save_events = o.save_events;
  overrides.seed = o.seed;
  if (o.backend) overrides.backend = parse_backend(*o.backend);
  overrides.steps = o.steps;
  overrides.optimization_defaults = o.optimization_defaults;
  study->apply(overrides);
  return study;
}

}  // namespace detgrad::python
