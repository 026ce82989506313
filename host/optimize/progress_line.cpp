#include "optimize/progress_line.hpp"

#include <cstdio>
#include <utility>

#include <unistd.h>

#include "backend/ranks.hpp"

namespace detgrad::optimize {

ProgressLine::ProgressLine(RunLog& log, std::uint64_t events_per_step, std::uint32_t steps, std::uint32_t first_step,
                           std::string event_noun)
    : log_(log),
      events_per_step_(events_per_step),
      steps_(steps),
      first_step_(first_step),
      event_noun_(std::move(event_noun)),
      terminal_(ranks::is_root() && isatty(fileno(stderr)) != 0) {}

void ProgressLine::show(std::uint32_t step, const StepEvaluation& e, double elapsed, bool last) {
  const double done = step + 1 - first_step_;
  char line[512];
  int used = std::snprintf(line, sizeof line, "step %u/%u  loss %.6g", step + 1, steps_, e.loss);
  for (const auto& t : e.terms)
    if (used > 0 && used < int(sizeof line)) used += std::snprintf(line + used, sizeof line - used, "  %s %.4g", t.first.c_str(), t.second);
  if (used > 0 && used < int(sizeof line)) {
    std::snprintf(line + used, sizeof line - used, "  %.3g %s/s  %.0f s left", double(events_per_step_) * done / elapsed,
                  event_noun_.c_str(), elapsed / done * (steps_ - step - 1));
  }
  if (terminal_) {
    std::fprintf(stderr, "\r%s   ", line);
    if (last) std::fprintf(stderr, "\n");
    log_.file_only(line);
  } else {
    log_.info(line);
  }
}

}  // namespace detgrad::optimize
