// detgrad evaluate: the figure of merit of a layout in evaluation mode, with its
// statistical uncertainty.
#include <cstdio>

#include "backend/backend.hpp"
#include "backend/ranks.hpp"
#include "cli/commands.hpp"
#include "cli/study_loading.hpp"

namespace detgrad {

int run_evaluate(const CliOptions& o) {
  CliOptions without_events = o;  // --events is the evaluation's event count, not the study's
  without_events.events.reset();
  const auto study = load_study_with_overrides(without_events);
  const nlohmann::json layout = read_layout_option(o);
  const std::string source = o.layout_path ? *o.layout_path : "the study's layout";
  const BackendChoice choice = choose_backend(study->common().backend);
  const tasks::EvaluationReport r = study->evaluate(layout, source, o.events, choice.backend);
  if (ranks::is_root()) {
    std::printf("evaluation of %s (%s, evaluation mode)\n", source.c_str(), study->common().task.c_str());
    for (const std::string& line : r.lines) std::printf("  %s\n", line.c_str());
  }
  if (o.json_path) write_json_file(*o.json_path, r.json);
  return 0;
}

}  // namespace detgrad
