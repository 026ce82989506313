// detgrad optimize: turn a study into an optimised detector; see optimize/optimize_run.hpp.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "backend/backend.hpp"
#include "cli/commands.hpp"
#include "detgrad/core/error.hpp"
#include "detgrad/study/study_json.hpp"
#include "optimize/optimize_run.hpp"
#include "tomography/tomography_evaluation.hpp"
#include "tomography/tomography_task.hpp"

namespace detgrad {

namespace {

// The initial and the final layout in evaluation mode, on the same muons (10 x the muons of
// a step), into evaluation.json and the log.
void evaluate_initial_and_final(const StudyConfig& study, Backend backend, const std::filesystem::path& dir,
                                RunLog& log) {
  const tomography::TomographyModel model(study);
  std::ifstream in(dir / "layout_final.json");
  const tomography::DesignParams<double> final_design =
      tomography::read_layout(model, nlohmann::json::parse(in), (dir / "layout_final.json").string());
  const std::uint64_t muons = 10 * study.optimization.value_or(OptimizationConfig{}).muons_per_step;
  const tomography::Evaluation initial = tomography::evaluate_layout(model, model.initial_design(), muons, 10, backend);
  const tomography::Evaluation final_ = tomography::evaluate_layout(model, final_design, muons, 10, backend);
  std::ofstream(dir / "evaluation.json")
      << nlohmann::json{{"initial", tomography::evaluation_json(initial)}, {"final", tomography::evaluation_json(final_)}}
             .dump(2)
      << '\n';
  const auto line = [](const char* which, const tomography::Evaluation& e) {
    std::string text = std::string(which) + " layout: task loss " + std::to_string(e.task_loss) + " +- " +
                       std::to_string(e.task_loss_error) + ", cost " + std::to_string(e.cost);
    if (e.calibrated_mse_m2) text += ", fill-height MSE after linear correction " + std::to_string(*e.calibrated_mse_m2) + " m2";
    return text;
  };
  log.info("evaluation (hard edges, sampled efficiencies, " + std::to_string(initial.muons) + " muons in " +
           std::to_string(initial.batches) + " batches): " + line("initial", initial) + "; " + line("final", final_));

  // True and inferred X0 of the study's own volume with the final layout, for the plots.
  tomography::PassOptions options;
  options.muons = muons;
  options.backend = backend;
  options.model = tomography::DetectorModel::evaluation;
  const tomography::LossAndGradient r = tomography::evaluate(model, final_design, options, false);
  const VolumeConfig& v = study.volume;
  nlohmann::json map = {{"voxels", v.voxels}, {"origin_m", v.origin_m}, {"voxel_size_m", v.voxel_size_m},
                        {"muons", muons}, {"true_x0_m", model.true_x0_m()}};
  for (std::size_t i = 0; i < r.estimate.x0_m.size(); ++i)
    map["inferred_x0_m"].push_back(r.estimate.informed[i] ? r.estimate.x0_m[i] : 0.0);
  std::ofstream(dir / "x0_map.json") << map.dump() << '\n';
}

// PNG pictures of the run when python3 with matplotlib is there; otherwise how to make them.
void make_plots(const std::filesystem::path& dir, RunLog& log) {
  const std::string script = std::string(DETGRAD_SOURCE_DIR) + "/scripts/plot-run";
  // Debian's python3 (where scripts/setup installs python3-matplotlib) when present.
  const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string command =
      python + " '" + script + "' '" + dir.string() + "' > '" + (dir / "plots.log").string() + "' 2>&1";
  if (std::filesystem::exists(script) && std::system(command.c_str()) == 0) {
    log.info("plots in " + (dir / "plots").string());
  } else {
    log.info("no plots made (see " + (dir / "plots.log").string() + "); with python3-matplotlib installed: " + script +
             " " + dir.string());
  }
}

}  // namespace

int run_optimize(const CliOptions& o) {
  StudyConfig study = load_study_file(o.study_path);
  if (!study.tomography) throw StudyError("tomography", "optimize needs a task section (tomography)");
  if (o.seed) study.seed = *o.seed;
  if (o.backend) study.backend = parse_backend(*o.backend);
  // The run's settings, defaults filled in, so that the resolved study in the run
  // directory says how the run was made.
  if (!study.optimization) study.optimization = OptimizationConfig{};
  if (o.steps) study.optimization->steps = std::uint32_t(*o.steps);
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
  if (r.interrupted) {
    log.info("stopped early; outputs in " + options.dir.string());
    return 0;
  }
  log.info("done: " + std::to_string(r.steps_done) + " steps; loss " + std::to_string(r.first_loss) + " -> " +
           std::to_string(r.last_loss));
  evaluate_initial_and_final(study, choice.backend, options.dir, log);
  make_plots(options.dir, log);
  log.info("outputs in " + options.dir.string());
  return 0;
}

}  // namespace detgrad
