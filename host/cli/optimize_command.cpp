// detgrad optimize: turn a study into an optimised detector; see optimize/optimize_run.hpp.
#include <filesystem>

#include "backend/backend.hpp"
#include "cli/commands.hpp"
#include "detgrad/core/error.hpp"
#include "detgrad/study/study_json.hpp"
#include "optimize/optimize_run.hpp"
#include "tomography/tomography_task.hpp"

namespace detgrad {

int run_optimize(const CliOptions& o) {
  StudyConfig study = load_study_file(o.study_path);
  if (!study.tomography) throw StudyError("tomography", "optimize needs a task section (tomography)");
  if (o.seed) study.seed = *o.seed;
  if (o.backend) study.backend = parse_backend(*o.backend);
  validate_study(study);
  const BackendChoice choice = choose_backend(study.backend);
  const tomography::TomographyTask task(study, choice.backend);
  optimize::OptimizeRunOptions options;
  options.dir = *o.out_dir;
  options.resume = o.resume;
  if (o.steps) options.steps = std::uint32_t(*o.steps);
  if (!o.resume && std::filesystem::exists(options.dir / "checkpoint.json")) {
    throw StudyError(options.dir.string(), "holds a run already: resume it with --resume, or choose another --out");
  }
  std::filesystem::create_directories(options.dir);
  RunLog log(options.dir / "log.txt");
  log.info("detgrad optimize " + o.study_path + " -> " + options.dir.string());
  log.info(choice.reason);
  const optimize::OptimizeRunResult r = optimize::run_optimization(study, task, options, log);
  log.info(r.interrupted ? "stopped early; outputs in " + options.dir.string()
                         : "done: " + std::to_string(r.steps_done) + " steps; loss " + std::to_string(r.first_loss) +
                               " -> " + std::to_string(r.last_loss) + "; outputs in " + options.dir.string());
  return 0;
}

}  // namespace detgrad
