#include "tomography/tomography_study.hpp"

#include <cstdio>
#include <fstream>

#include "backend/ranks.hpp"
#include "detgrad/core/error.hpp"
#include "detgrad/tomography/study_json.hpp"
#include "tomography/study/study_read.hpp"
#include "tomography/gradient_check.hpp"
#include "tomography/tomography_evaluation.hpp"
#include "tomography/tomography_json.hpp"
#include "tomography/tomography_simulate.hpp"
#include "tomography/tomography_optimization.hpp"
#include "tomography/transport/transport_model.hpp"

namespace detgrad::tomography {

TomographyStudy::TomographyStudy(TomographyStudyConfig study) : study_(std::move(study)) { sync_common(); }

void TomographyStudy::sync_common() {
  common_.task = "tomography";
  common_.name = study_.name;
  common_.seed = study_.seed;
  common_.backend = study_.backend;
  common_.optimization = study_.optimization;
}

nlohmann::json TomographyStudy::to_json() const { return detgrad::to_json(study_); }

void TomographyStudy::apply(const tasks::StudyOverrides& o) {
  // A save_muons equal to the default for the file's muon count follows --muons (an
  // explicit value that happens to equal that default is taken as the default).
  TomographyStudyConfig file_defaults = study_;
  file_defaults.output.save_muons.reset();
  resolve_defaults(file_defaults);
  const bool save_muons_is_default = study_.output.save_muons == file_defaults.output.save_muons;
  if (o.events) study_.muons = *o.events;
  if (o.seed) study_.seed = *o.seed;
  if (o.backend) study_.backend = *o.backend;
  if (o.save_events) study_.output.save_muons = *o.save_events;
  else if (o.events && save_muons_is_default) study_.output.save_muons.reset();
  if (o.optimization_defaults && !study_.optimization) study_.optimization = OptimizationConfig{};
  if (o.steps) {
    if (!study_.optimization) study_.optimization = OptimizationConfig{};
    study_.optimization->steps = *o.steps;
  }
  resolve_defaults(study_);
  validate_study(study_);
  sync_common();
  const std::lock_guard<std::mutex> lock(outputs_model_mutex_);
  outputs_model_.reset();
}

std::string TomographyStudy::describe() const {
  const TransportModel model(study_);
  char line[256];
  std::snprintf(line, sizeof line, "%llu muons, %d x %d x %d voxels, %zu planes", (unsigned long long)study_.muons,
                study_.volume.voxels[0], study_.volume.voxels[1], study_.volume.voxels[2], model.plane_names().size());
  return line;
}

void TomographyStudy::prepare(Backend) const { const TransportModel model(study_); }

nlohmann::json TomographyStudy::simulate(const tasks::RunContext& run) const { return simulate_study(study_, run); }

void TomographyStudy::require_tomography(const std::string& command) const {
  if (!study_.tomography) {
    throw StudyError("tomography", command + " needs a study with a tomography section (panels, loss); this study "
                                             "only transports muons");
  }
}

tasks::EvaluationReport TomographyStudy::evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                                  std::optional<std::uint64_t> events, Backend backend) const {
  require_tomography("evaluate");
  const TomographyModel model(study_);
  const DesignParams<double> design = layout.is_null() ? model.initial_design() : read_layout(model, layout, layout_name);
  const std::uint64_t muons = events ? *events : std::max<std::uint64_t>(study_.muons, 100000);
  const Evaluation e = evaluate_layout(model, design, muons, 10, backend);
  const std::string loss = loss_name(model.config().loss);
  tasks::EvaluationReport r;
  r.figure_name = loss + " loss";
  r.figure = e.task_loss;
  r.figure_error = e.task_loss_error;
  char line[512];
  std::snprintf(line, sizeof line, "%s loss %.6g +- %.2g (%d batches, %llu muons; hard edges, sampled efficiencies)",
                loss.c_str(), e.task_loss, e.task_loss_error, e.batches, (unsigned long long)e.muons);
  r.lines.push_back(line);
  std::snprintf(line, sizeof line, "cost %.6g, total loss with the budget term %.6g", e.cost, e.total);
  r.lines.push_back(line);
  if (e.calibrated_mse_m2) {
    std::snprintf(line, sizeof line, "fill-height MSE after linear correction %.6g m^2", *e.calibrated_mse_m2);
    r.lines.push_back(line);
  }
  r.json = evaluation_json(e);
  return r;
}

tasks::GradientProblem TomographyStudy::gradient_problem(std::uint64_t events) const {
  require_tomography("gradcheck");
  const auto model = std::make_shared<const TomographyModel>(study_);
  optimize::GradientProblem p = tomography::gradient_problem(*model, model->initial_design(), events);
  p.loss_at = [model, loss_at = std::move(p.loss_at)](const std::vector<double>& x) { return loss_at(x); };
  return p;
}

std::unique_ptr<optimize::OptimizationProblem> TomographyStudy::optimization_problem(Backend backend) const {
  require_tomography("optimize");
  return std::make_unique<TomographyOptimization>(study_, backend);
}

void TomographyStudy::after_optimization(const tasks::RunContext& run, const nlohmann::json& final_layout) const {
  // True and inferred X0 of the study's own volume with the final layout, for the plots.
  const TomographyModel model(study_);
  const std::uint64_t muons = 10 * study_.optimization.value_or(OptimizationConfig{}).events_per_step;
  PassOptions options;
  options.events = muons;
  options.backend = run.backend;
  options.model = DetectorModel::evaluation;
  const LossAndGradient r =
      tomography::evaluate(model, read_layout(model, final_layout, "layout_final.json"), options, false);
  const VolumeConfig& v = study_.volume;
  nlohmann::json map = {{"voxels", v.voxels}, {"origin_m", v.origin_m}, {"voxel_size_m", v.voxel_size_m},
                        {"muons", muons}, {"true_x0_m", model.true_x0_m()}};
  for (std::size_t i = 0; i < r.estimate.x0_m.size(); ++i)
    map["inferred_x0_m"].push_back(r.estimate.informed[i] ? r.estimate.x0_m[i] : 0.0);
  if (ranks::is_root()) std::ofstream(run.dir / "x0_map.json") << map.dump() << '\n';
}

tasks::TaskDefinition tomography_task_definition() {
  tasks::TaskDefinition d;
  d.name = "tomography";
  d.title = "muon scattering tomography";
  d.keys = study_detail::tomography_study_keys();
  d.section = "";  // the default task: chosen when no other task's section is present
  d.read = [](const nlohmann::json& json) -> std::unique_ptr<tasks::TaskStudy> {
    return std::make_unique<TomographyStudy>(parse_study(json));
  };
  return d;
}

}  // namespace detgrad::tomography
