#include "optimize/optimize_run.hpp"

#include <chrono>

#include "backend/ranks.hpp"
#include "detgrad/core/error.hpp"
#include "optimize/checkpoint.hpp"
#include "optimize/optimizer.hpp"
#include "optimize/progress_line.hpp"
#include "optimize/run_settings.hpp"
#include "optimize/run_files.hpp"
#include "optimize/run_history.hpp"
#include "optimize/stop_signals.hpp"

namespace detgrad::optimize {
namespace {

namespace fs = std::filesystem;

// A new run records its study; a resumed one continues from its checkpoint (design and
// optimiser state) and drops the history rows after it. Returns the first step to run.
std::uint32_t start_or_resume(const nlohmann::json& study, const OptimizeRunOptions& options, std::vector<double>& x,
                              Optimizer& optimizer, RunLog& log) {
  const fs::path checkpoint = options.dir / "checkpoint.json";
  if (!options.resume) {
    if (fs::exists(checkpoint)) {
      throw StudyError(options.dir.string(), "holds a run already: resume it with --resume, or choose another --out");
    }
    write_atomically(options.dir / "study.json", study.dump(2) + "\n");
    return 0;
  }
  const std::uint32_t first_step = read_checkpoint(checkpoint, study, x, optimizer);
  RunHistory::keep_steps_before(options.dir, first_step);
  log.info("resuming at step " + std::to_string(first_step) + " from " + checkpoint.string());
  return first_step;
}

void write_layout(const fs::path& file, const OptimizationProblem& problem, const std::vector<double>& x) {
  write_atomically(file, problem.layout(x).dump(2) + "\n");
}

}  // namespace

OptimizeRunResult run_optimization(const nlohmann::json& study, const OptimizationConfig& config,
                                   const OptimizationProblem& problem, const OptimizeRunOptions& options, RunLog& log) {
  const std::uint32_t steps = options.steps.value_or(config.steps);
  const DesignDescription design = problem.design();
  Optimizer optimizer(design.parameters, group_settings(design, config), optimizer_settings(config, steps));
  std::vector<double> x = problem.initial();
  const std::uint32_t first_step = start_or_resume(study, options, x, optimizer, log);

  OptimizeRunResult result;
  {
    const StopSignals signals;  // until the last step is done
    RunHistory history(options.dir);
    ProgressLine progress(log, config.events_per_step, steps, first_step, options.event_noun);
    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::time_point from, Clock::time_point to) {
      return std::chrono::duration<double>(to - from).count();
    };
    const auto start = Clock::now();
    for (std::uint32_t step = first_step; step < steps; ++step) {
      const auto step_start = Clock::now();
      const StepEvaluation e = problem.evaluate(x, step, config.events_per_step);
      const auto evaluated = Clock::now();
      // Every rank stops after the same step when a signal reached any of them.
      const bool stop = ranks::any(signals.requested());
      if (step == 0) history.write_headers(design, e);
      const std::vector<double> before = x;
      const StepReport report = optimizer.step(x, e.gradient, e.loss);
      const auto projection_start = Clock::now();
      const std::string shortfall = report.rolled_back ? std::string() : problem.project(x);
      const auto projected = Clock::now();
      const double elapsed = seconds(start, projected);
      history.write_step(step, e, before, report,
                         {elapsed, seconds(step_start, evaluated), seconds(projection_start, projected)});
      if (report.rolled_back) log.info("step " + std::to_string(step) + ": rolled back: " + report.message);
      if (!shortfall.empty()) log.info("step " + std::to_string(step) + ": the projection fell short: " + shortfall);
      if (step == first_step) result.first_loss = e.loss;
      result.last_loss = e.loss;
      progress.show(step, e, elapsed, step + 1 == steps || stop);
      result.steps_done = step + 1;
      if ((step + 1) % config.layout_every == 0)
        write_layout(options.dir / ("layout_" + std::to_string(step + 1) + ".json"), problem, x);
      if ((step + 1) % config.checkpoint_every == 0 || step + 1 == steps || stop) {
        history.flush();
        write_checkpoint(options.dir / "checkpoint.json", study, step + 1, x, optimizer);
      }
      if (stop && step + 1 < steps) {
        result.interrupted = true;
        log.info("interrupted after step " + std::to_string(step + 1) + ": checkpoint written; continue with --resume");
        break;
      }
    }
  }
  result.final_design = x;
  if (!result.interrupted) write_layout(options.dir / "layout_final.json", problem, x);
  return result;
}

}  // namespace detgrad::optimize
