#pragma once
// The step line of `detgrad optimize`: the loss and its terms, events per second and the
// time left. On a terminal (rank 0's stderr) one self-updating line, with every step in the
// log file; otherwise a log line per step.
#include <cstdint>
#include <string>

#include "optimize/optimization_problem.hpp"
#include "output/run_log.hpp"

namespace detgrad::optimize {

class ProgressLine {
 public:
  ProgressLine(RunLog& log, std::uint64_t events_per_step, std::uint32_t steps, std::uint32_t first_step,
               std::string event_noun);
  // After step `step` (0-based), `elapsed_seconds` since the run's first step began; `last`:
  // no line follows (the run ends or stops after this step).
  void show(std::uint32_t step, const StepEvaluation& e, double elapsed_seconds, bool last);

 private:
  RunLog& log_;
  std::uint64_t events_per_step_;
  std::uint32_t steps_, first_step_;
  std::string event_noun_;
  bool terminal_;
};

}  // namespace detgrad::optimize
