#pragma once
// The optimisation loop of `detgrad optimize`, task-agnostic: per step, the task's loss and
// gradient at the current design (fresh muons: the step is part of the random-number
// counter), an optimiser update, the task's projection; a history row; layouts and
// checkpoints at their intervals. Checkpoints are written atomically (write, then rename)
// and hold the exact design and optimiser state, so a resumed run ends bitwise equal to an
// uninterrupted one. SIGINT or SIGTERM ends the run after the current step with a
// checkpoint (SIGUSR1 too: what mpirun forwards and what batch schedulers can send before the
// time limit). In an MPI run every rank runs the same steps on the same results (the passes
// meet in pairwise_reduce.hpp); the ranks agree each step whether to stop, and rank 0 alone
// writes the files.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include <string>

#include <nlohmann/json.hpp>

#include "detgrad/study/optimization_config.hpp"
#include "optimize/optimization_problem.hpp"
#include "output/run_log.hpp"

namespace detgrad::optimize {

struct OptimizeRunOptions {
  std::filesystem::path dir;
  std::optional<std::uint32_t> steps;  // overrides optimization.steps
  bool resume = false;
  std::string event_noun = "events";  // "muons", "showers", ...: the step line's rate
};

struct OptimizeRunResult {
  std::uint32_t steps_done = 0;  // steps completed in total (including before a resume)
  bool interrupted = false;
  double first_loss = 0.0, last_loss = 0.0;
  std::vector<double> final_design;  // the design after the last step run
};

// `study` is the resolved study (what the run directory records and a checkpoint is compared
// with), `config` its optimisation settings. Throws StudyError (exit code 2) when the run
// directory holds another run, or a checkpoint is missing, corrupted or for another study.
OptimizeRunResult run_optimization(const nlohmann::json& study, const OptimizationConfig& config,
                                   const OptimizationProblem& problem, const OptimizeRunOptions& options, RunLog& log);

}  // namespace detgrad::optimize
