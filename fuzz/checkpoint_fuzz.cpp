// A checkpoint.json of an optimisation of the tomography default study, read as a resumed
// run reads it (optimize_run.cpp): the JSON with its limits, the format, the step, the exact
// parameter values and the optimiser's state. The comparison with the run's study is left
// out, so that every input reaches the optimiser's reader.
#include <memory>
#include <stdexcept>

#include "fuzz_targets.hpp"
#include "optimize/exact_double.hpp"
#include "optimize/optimizer.hpp"
#include "study/json_file.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::fuzz {

int checkpoint(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<tasks::TaskStudy> study =
      tasks::load_task_study(source_dir() + "/configs/tomography/hello_world.json");
  static const std::unique_ptr<optimize::OptimizationTask> task = study->optimization_task(Backend::cpu);
  static const std::vector<optimize::ParameterSpec> specs = task->parameters();
  optimize::Optimizer optimizer(specs, task->default_groups(), optimize::OptimizerSettings{});
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json j = study_detail::parse_json_text(text, "checkpoint.json");
    if (j.at("format") != "detgrad-checkpoint-1") throw std::runtime_error("unknown format");
    (void)j.at("study");
    (void)j.at("next_step").get<std::uint32_t>();
    const nlohmann::json& values = j.at("parameters");
    if (values.size() != specs.size()) throw std::runtime_error("wrong number of parameters");
    for (std::size_t i = 0; i < specs.size(); ++i) (void)optimize::decode_exact(values[i].get<std::string>(), "parameters");
    optimizer.restore(j.at("optimizer"));
  } catch (const std::exception&) {  // every one is "corrupted or incomplete checkpoint, refused"
  }
  return 0;
}

}  // namespace detgrad::fuzz
