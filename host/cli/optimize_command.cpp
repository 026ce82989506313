// detgrad optimize: turn a study into an optimised detector; see optimize/optimize_run.hpp.
// Any task: the study's TaskStudy gives the optimisation task, the evaluation of the initial
// and the final layout, and its extra outputs; scripts/plot-run draws the pictures.
#include <filesystem>

#include "backend/backend.hpp"
#include "backend/ranks.hpp"
#include "cli/commands.hpp"
#include "cli/plots.hpp"
#include "cli/study_loading.hpp"
#include "detgrad/core/error.hpp"
#include "optimize/optimize_run.hpp"

namespace detgrad {

namespace {

// The initial and the final layout in evaluation mode, on the same events (the study's
// evaluation_events, default 10 x the events of a step), into evaluation.json and the log.
void evaluate_initial_and_final(const tasks::TaskStudy& study, const tasks::RunContext& run,
                                const nlohmann::json& final_layout) {
  const OptimizationConfig config = study.common().optimization.value_or(OptimizationConfig{});
  const std::uint64_t events = config.evaluation_events.value_or(10 * config.events_per_step);
  if (events == 0) {
    run.log->info("no evaluation of the initial and final layouts (optimization.evaluation_events is 0)");
    return;
  }
  run.log->info("evaluating the initial and the final layout with " + std::to_string(events) + " " +
                study.event_noun() + " each");
  const tasks::EvaluationReport initial = study.evaluate(nullptr, "the initial layout", events, run.backend);
  const tasks::EvaluationReport final_ = study.evaluate(final_layout, "layout_final.json", events, run.backend);
  write_json_file(run.dir / "evaluation.json", {{"initial", initial.json}, {"final", final_.json}});
  const auto text = [](const char* which, const tasks::EvaluationReport& r) {
    std::string out = std::string(which) + " layout:";
    for (const std::string& line : r.lines) out += " " + line + ";";
    return out;
  };
  run.log->info("evaluation with " + std::to_string(events) + " " + study.event_noun() + ": " + text("initial", initial) +
                " " + text("final", final_));
}

}  // namespace

int run_optimize(const CliOptions& o) {
  // The run's settings, defaults filled in, so that the resolved study in the run directory
  // says how the run was made.
  const auto study = load_study_with_overrides(o, /*optimization_defaults=*/true);
  const BackendChoice choice = choose_backend(study->common().backend);
  const std::unique_ptr<optimize::OptimizationProblem> task = study->optimization_problem(choice.backend);
  optimize::OptimizeRunOptions options;
  options.dir = *o.out_dir;
  options.resume = o.resume;
  options.event_noun = study->event_noun();
  if (o.steps) options.steps = std::uint32_t(*o.steps);
  if (!o.resume && std::filesystem::exists(options.dir / "checkpoint.json")) {
    throw StudyError(options.dir.string(), "holds a run already: resume it with --resume, or choose another --out");
  }
  const std::unique_ptr<RunLog> log_file = open_run_directory(options.dir, o, *study, choice.reason);
  RunLog& log = *log_file;
  const OptimizationConfig config = study->common().optimization.value_or(OptimizationConfig{});
  const optimize::OptimizeRunResult r = optimize::run_optimization(study->to_json(), config, *task, options, log);
  if (r.interrupted) {
    log.info("stopped early; outputs in " + options.dir.string());
    return 0;
  }
  log.info("done: " + std::to_string(r.steps_done) + " steps; loss " + std::to_string(r.first_loss) + " -> " +
           std::to_string(r.last_loss));
  const tasks::RunContext run{choice.backend, options.dir, &log};
  const nlohmann::json final_layout = task->layout(r.final_design);
  evaluate_initial_and_final(*study, run, final_layout);
  study->after_optimization(run, final_layout);
  make_plots(options.dir, log);
  log.info("outputs in " + options.dir.string());
  return 0;
}

}  // namespace detgrad
