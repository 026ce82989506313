#include "muone/muone_study.hpp"

#include <cstdio>
#include <memory>

#include "muone/muone_align.hpp"
#include "muone/muone_evaluation.hpp"
#include "muone/muone_simulate.hpp"
#include "muone/muone_study_json.hpp"
#include "muone/muone_optimization.hpp"

namespace detgrad::muone {

nlohmann::json MuoneStudy::to_json() const { return muone_study_json(study_); }

void MuoneStudy::apply(const tasks::StudyOverrides& o) {
  if (o.events) study_.events = *o.events;
  if (o.save_events) study_.save_events = *o.save_events;
  if (o.seed) study_.common.seed = *o.seed;
  if (o.backend) study_.common.backend = *o.backend;
  if (o.optimization_defaults && !study_.common.optimization) study_.common.optimization = OptimizationConfig{};
  if (o.steps) {
    if (!study_.common.optimization) study_.common.optimization = OptimizationConfig{};
    study_.common.optimization->steps = *o.steps;
  }
  validate_muone_study(study_);
}

std::string MuoneStudy::describe() const {
  const StationConfig& s = study_.station;
  const int up = count_upstream(s);
  char line[256];
  std::snprintf(line, sizeof line, "%llu events, %d + %d modules, %.3g cm %s target, E_e %.3g-%.4g GeV",
                (unsigned long long)study_.events, up, int(s.modules.size()) - up, s.target.thickness_m * 100,
                s.target.material.c_str(), s.electron_energy_min_GeV, s.electron_energy_max_GeV);
  return line;
}

nlohmann::json MuoneStudy::simulate(const tasks::RunContext& run) const {
  return simulate_muone(MuoneModel(study_), run.dir);
}

tasks::EvaluationReport MuoneStudy::evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                             std::optional<std::uint64_t> events, Backend) const {
  const MuoneModel model(study_);
  const std::vector<double> x = layout.is_null() ? model.initial() : model.read_layout(layout, layout_name);
  const std::uint64_t n = events ? *events : std::max<std::uint64_t>(study_.events, 200000);
  const MuoneEvaluation e = evaluate_layout(model, x, n);
  tasks::EvaluationReport r;
  r.figure_name = "weighted relative q2 resolution";
  r.figure = e.figure;
  r.figure_error = e.figure_error;
  char line[512];
  std::snprintf(line, sizeof line,
                "weighted relative q2 resolution %.5g +- %.2g (%llu events, %d batches; cost %.4g); vertex-constrained "
                "%.5g",
                e.figure, e.figure_error, (unsigned long long)e.events, e.batches, e.cost, e.figure_vertex);
  r.lines.push_back(line);
  for (const BinResolution& b : e.bins) {
    std::snprintf(line, sizeof line,
                  "q2 %.4g-%.4g GeV^2: resolution %.4g (electron %.4g, muon %.4g; smooth model %.4g), bias %+.2e, "
                  "%.0f events; vertex-constrained %.4g (electron %.4g, muon %.4g), bias %+.2e, %.0f fitted",
                  b.q2_lo, b.q2_hi, b.independent.rms, b.independent.rms_electron, b.independent.rms_muon, b.predicted,
                  b.independent.mean, b.events, b.vertex.rms,
                  b.vertex.rms_electron, b.vertex.rms_muon, b.vertex.mean, b.vertex_fitted);
    r.lines.push_back(line);
  }
  r.json = evaluation_json(e);
  return r;
}

tasks::GradientProblem MuoneStudy::gradient_problem(std::uint64_t events) const {
  const auto model = std::make_shared<const MuoneModel>(study_);
  PassOptions o;
  o.events = events;
  o.precision = Precision::double_precision;
  tasks::GradientProblem p;
  p.parameters = model->design().parameters;
  p.x = model->initial();
  const MuoneLoss l = model->loss(p.x, o, Gradient::yes);
  p.loss = l.loss;
  p.gradient = l.gradient;
  p.loss_at = [model, o](const std::vector<double>& x) { return model->loss(x, o, Gradient::no).loss; };
  // Offsets start at 0: steps relative to the module's half size (5 cm for the 10 cm
  // sensors), not to the value.
  for (const optimize::ParameterSpec& spec : p.parameters)
    p.value_scale.push_back(spec.group == "module_offset" ? spec.upper : 1e-6);
  return p;
}

std::unique_ptr<optimize::OptimizationProblem> MuoneStudy::optimization_problem(Backend backend) const {
  return std::make_unique<MuoneOptimization>(study_, backend);
}

void MuoneStudy::after_optimization(const tasks::RunContext& run, const nlohmann::json& final_layout) const {
  // The resolution curves of the initial and the final layout, for the plots, with as many
  // events as the loop's own evaluation (10 steps' worth).
  const MuoneModel model(study_);
  const std::uint64_t n = 10 * study_.common.optimization.value_or(OptimizationConfig{}).events_per_step;
  write_resolution_csv(evaluate_layout(model, model.initial(), n), run.dir / "resolution_initial.csv");
  write_resolution_csv(evaluate_layout(model, model.read_layout(final_layout, "layout_final.json"), n),
                       run.dir / "resolution_final.csv");
}

nlohmann::json MuoneStudy::align(const std::filesystem::path& data_dir, const std::filesystem::path& out_dir,
                                 Backend backend) const {
  return align_muone(study_, data_dir, out_dir, backend);
}

tasks::TaskDefinition muone_task_definition() {
  tasks::TaskDefinition d;
  d.name = "muone";
  d.title = "MUonE station layout";
  d.keys = muone_study_keys();
  d.section = "muone";
  d.read = [](const nlohmann::json& json) -> std::unique_ptr<tasks::TaskStudy> {
    return std::make_unique<MuoneStudy>(read_muone_study(json));
  };
  return d;
}

}  // namespace detgrad::muone
