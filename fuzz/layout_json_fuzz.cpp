// A layout file (JSON, as `optimize` writes layout_final.json and `evaluate --layout` reads
// it), read by every task's optimisation problem (OptimizationProblem::read_layout) against
// the task's default study in configs/.
#include <memory>
#include <string>
#include <vector>

#include "detgrad/core/error.hpp"
#include "fuzz_targets.hpp"
#include "optimize/optimization_problem.hpp"
#include "study/json_file.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::fuzz {

namespace {

std::vector<std::unique_ptr<optimize::OptimizationProblem>> every_task_problem() {
  std::vector<std::unique_ptr<optimize::OptimizationProblem>> problems;
  for (const char* study : {"tomography/hello_world.json", "muone/default.json", "swgo/default.json",
                            "calorimeter/default.json"})
    problems.push_back(tasks::load_task_study(source_dir() + "/configs/" + study)->optimization_problem(Backend::cpu));
  return problems;
}

}  // namespace

int layout_json(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::unique_ptr<optimize::OptimizationProblem>> problems = every_task_problem();
  const std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json layout;
  try {
    layout = study_detail::parse_json_text(text, "layout.json");
  } catch (const StudyError&) {
    return 0;
  }
  for (const auto& problem : problems) {
    try {
      (void)problem->read_layout(layout, "layout.json");
    } catch (const StudyError&) {
    }
  }
  return 0;
}

}  // namespace detgrad::fuzz
