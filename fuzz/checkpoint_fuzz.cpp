// A checkpoint.json of an optimisation of the tomography default study, read as a resumed
// run reads it (optimize/checkpoint.hpp): the JSON with its limits, the format, the step, the
// exact parameter values and the optimiser's state.
#include <memory>
#include <stdexcept>

#include "fuzz_targets.hpp"
#include "optimize/checkpoint.hpp"
#include "optimize/design_description.hpp"
#include "optimize/optimizer.hpp"
#include "study/json_file.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::fuzz {

int checkpoint(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<tasks::TaskStudy> study =
      tasks::load_task_study(source_dir() + "/configs/tomography/hello_world.json");
  static const std::unique_ptr<optimize::OptimizationProblem> problem = study->optimization_problem(Backend::cpu);
  static const optimize::DesignDescription design = problem->design();
  optimize::Optimizer optimizer(design.parameters, design.groups, optimize::OptimizerSettings{});
  std::vector<double> x(design.parameters.size());
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json j = study_detail::parse_json_text(text, "checkpoint.json");
    // The checkpoint's own study stands for the run's, so that every input reaches the
    // optimiser's reader.
    (void)optimize::restore_checkpoint(j, j.at("study"), x, optimizer);
  } catch (const std::exception&) {  // every one is "corrupted or incomplete checkpoint, refused"
  }
  return 0;
}

}  // namespace detgrad::fuzz
