// A study file of any task: JSON reading with its limits, the registry's choice of task, the
// task's reader and validation, and the resolved study written back.
#include "detgrad/core/error.hpp"
#include "fuzz_targets.hpp"
#include "study/json_file.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::fuzz {

int study(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto task_study = tasks::read_task_study(study_detail::parse_json_text(text, "study.json"));
    const std::string written = task_study->to_json().dump();
    const std::string line = task_study->describe();
    (void)written;
    (void)line;
  } catch (const StudyError&) {
  }
  return 0;
}

}  // namespace detgrad::fuzz
