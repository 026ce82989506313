#pragma once
// history.csv and timing.csv of an optimisation run, one row per step, appended (rank 0
// alone writes). history.csv holds what the run computes (bitwise the same for any number
// of threads and ranks): its columns come from the design's description
// (design_description.hpp: history_columns); timing.csv what the machine took.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

#include "optimize/design_description.hpp"
#include "optimize/optimization_problem.hpp"
#include "optimize/optimizer.hpp"

namespace detgrad::optimize {

// Wall times of a step, in seconds.
struct StepTiming {
  double since_start = 0;  // from the run's (or the resumed run's) start to the step's end
  double evaluate = 0;     // the problem's evaluation: loss and gradient
  double project = 0;      // the projection onto the constraints after the update
};

class RunHistory {
 public:
  explicit RunHistory(const std::filesystem::path& dir);
  // Keeps the header and the rows of the steps before `first_step` (a resumed run computes
  // the later ones again).
  static void keep_steps_before(const std::filesystem::path& dir, std::uint32_t first_step);

  // The headers, written once the first step's loss terms are known.
  void write_headers(const DesignDescription& design, const StepEvaluation& first);
  // A step's row: its loss and terms, the design it was evaluated at, the gradient, each
  // group's rate and whether the step was rolled back; in timing.csv its time since the run's
  // start and what the step's evaluation (forward and adjoint) and projection took.
  void write_step(std::uint32_t step, const StepEvaluation& e, const std::vector<double>& design,
                  const StepReport& report, const StepTiming& timing);
  void flush();

 private:
  std::ofstream history_, timing_;
};

}  // namespace detgrad::optimize
