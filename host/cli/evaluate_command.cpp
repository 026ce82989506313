// detgrad evaluate: the figure of merit of a layout in evaluation mode, with its
// statistical uncertainty.
#include <cstdio>
#include <fstream>

#include "backend/backend.hpp"
#include "cli/commands.hpp"
#include "detgrad/core/error.hpp"
#include "detgrad/study/study_json.hpp"
#include "tomography/tomography_evaluation.hpp"
#include "tomography/tomography_json.hpp"

namespace detgrad {

int run_evaluate(const CliOptions& o) {
  StudyConfig study = load_study_file(o.study_path);
  if (!study.tomography) throw StudyError("tomography", "evaluate needs a study with a tomography section");
  if (o.seed) study.seed = *o.seed;
  if (o.backend) study.backend = parse_backend(*o.backend);
  const tomography::TomographyModel model(study);
  tomography::DesignParams<double> design = model.initial_design();
  std::string source = "the study's layout";
  if (o.layout_path) {
    std::ifstream in(*o.layout_path);
    if (!in) throw StudyError(*o.layout_path, "cannot read the layout file");
    nlohmann::json layout;
    try {
      layout = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
      throw StudyError(*o.layout_path, std::string("not JSON: ") + e.what());
    }
    design = tomography::read_layout(model, layout, *o.layout_path);
    source = *o.layout_path;
  }
  const BackendChoice choice = choose_backend(study.backend);
  const std::uint64_t muons = o.muons ? *o.muons : std::max<std::uint64_t>(study.muons, 100000);
  const tomography::Evaluation e = tomography::evaluate_layout(model, design, muons, 10, choice.backend);
  std::printf("evaluation of %s (%s, evaluation mode: hard edges, sampled efficiencies)\n", source.c_str(),
              tomography::loss_name(model.config().loss).c_str());
  std::printf("  %s loss %.6g +- %.2g (%d batches, %llu muons)\n  cost %.6g, total loss with the budget term %.6g\n",
              tomography::loss_name(model.config().loss).c_str(), e.task_loss, e.task_loss_error, e.batches,
              (unsigned long long)e.muons, e.cost, e.total);
  if (e.calibrated_mse_m2) std::printf("  fill-height MSE after linear correction %.6g m^2\n", *e.calibrated_mse_m2);
  if (o.json_path) {
    std::ofstream out(*o.json_path);
    out << tomography::evaluation_json(e).dump(2) << '\n';
    if (!out) throw std::runtime_error("cannot write " + *o.json_path);
  }
  return 0;
}

}  // namespace detgrad
