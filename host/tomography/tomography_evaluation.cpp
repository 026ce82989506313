#include "tomography/tomography_evaluation.hpp"

#include <cmath>

#include "detgrad/core/error.hpp"

namespace detgrad::tomography {

constexpr std::uint32_t kEvaluationFirstStep = 10000000;

Evaluation evaluate_layout(const TomographyModel& model, const DesignParams<double>& design, std::uint64_t muons,
                           int batches, Backend backend) {
  Evaluation e;
  e.batches = batches;
  e.muons = muons;
  PassOptions options;
  options.muons = muons / std::uint64_t(batches);
  options.backend = backend;
  options.model = DetectorModel::evaluation;
  double sum = 0, sum2 = 0;
  for (int b = 0; b < batches; ++b) {
    options.step = kEvaluationFirstStep + std::uint32_t(b);
    const LossAndGradient r = evaluate(model, design, options, false);
    sum += r.terms.task;
    sum2 += r.terms.task * r.terms.task;
    e.cost = r.terms.cost;
    e.total = r.terms.budget;  // the budget term, completed below
  }
  e.task_loss = sum / batches;
  const double variance = batches > 1 ? (sum2 - sum * sum / batches) / (batches - 1) : 0.0;
  e.task_loss_error = std::sqrt(std::max(variance, 0.0) / batches);
  e.total += e.task_loss;
  return e;
}

DesignParams<double> read_layout(const TomographyModel& model, const nlohmann::json& layout, const std::string& path) {
  if (!layout.is_object() || !layout.contains("panels") || !layout["panels"].is_array()) {
    throw StudyError(path, "not a layout: expected an object with a \"panels\" array");
  }
  DesignParams<double> design = model.initial_design();
  std::vector<bool> seen(std::size_t(model.panel_count()), false);
  for (std::size_t k = 0; k < layout["panels"].size(); ++k) {
    const nlohmann::json& p = layout["panels"][k];
    const std::string where = path + ": panels[" + std::to_string(k) + "]";
    try {
      const std::string name = p.at("name").get<std::string>();
      int i = 0;
      while (i < model.panel_count() && model.panel_names()[std::size_t(i)] != name) ++i;
      if (i == model.panel_count()) throw StudyError(where, "no panel \"" + name + "\" in the study");
      seen[std::size_t(i)] = true;
      design.panel[i] = PanelParams<double>{p.at("z_m").get<double>(), p.at("centre_m").at(0).get<double>(),
                                            p.at("centre_m").at(1).get<double>(), p.at("span_m").at(0).get<double>(),
                                            p.at("span_m").at(1).get<double>(), p.at("sigma_m").get<double>(),
                                            p.at("efficiency").get<double>()};
    } catch (const nlohmann::json::exception& e) {
      throw StudyError(where, std::string("bad panel: ") + e.what());
    }
  }
  for (int i = 0; i < model.panel_count(); ++i)
    if (!seen[std::size_t(i)]) throw StudyError(path, "the layout has no panel \"" + model.panel_names()[std::size_t(i)] + "\"");
  return design;
}

nlohmann::json evaluation_json(const Evaluation& e) {
  return {{"task_loss", e.task_loss}, {"task_loss_error", e.task_loss_error}, {"cost", e.cost},
          {"total_loss", e.total}, {"batches", e.batches}, {"muons", e.muons}};
}

}  // namespace detgrad::tomography
