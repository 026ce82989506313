#include "tomography/tomography_evaluation.hpp"

#include <cmath>
#include <vector>

#include "detgrad/core/error.hpp"

namespace detgrad::tomography {

constexpr std::uint32_t kEvaluationFirstStep = 10000000;

Evaluation evaluate_layout(const TomographyModel& model, const DesignParams<double>& design, std::uint64_t muons,
                           int batches, Backend backend) {
  Evaluation e;
  e.batches = batches;
  e.muons = muons;
  PassOptions options;
  options.events = muons / std::uint64_t(batches);
  options.backend = backend;
  options.model = DetectorModel::evaluation;
  // With evaluation volumes, each volume is a batch: its own muons (muons_per_volume, or
  // an equal share), and the spread over the volumes gives the uncertainty.
  const std::vector<TomographyVolume> volumes = model.evaluation_volumes();
  if (!volumes.empty()) {
    batches = int(volumes.size());
    e.batches = batches;
    const std::uint64_t per_volume = model.study().volumes->muons_per_volume;
    options.events = per_volume ? per_volume : std::max<std::uint64_t>(1, muons / volumes.size());
    e.muons = options.events * volumes.size();
  }
  double sum = 0, sum2 = 0;
  std::vector<double> predicted, truth;  // fill heights, for the calibrated error
  for (int b = 0; b < batches; ++b) {
    options.step = kEvaluationFirstStep + std::uint32_t(volumes.empty() ? b : 0);
    options.volume = volumes.empty() ? nullptr : &volumes[std::size_t(b)];
    options.first_event = volumes.empty() ? 0 : std::uint64_t(b) * options.events;
    const LossAndGradient r = evaluate(model, design, options, false);
    sum += r.terms.task;
    sum2 += r.terms.task * r.terms.task;
    predicted.push_back(r.terms.fill_height_m);
    truth.push_back(r.terms.true_fill_height_m);
    e.cost = r.terms.cost;
    e.total = r.terms.budget;  // the budget term, completed below
  }
  e.task_loss = sum / batches;
  const double variance = batches > 1 ? (sum2 - sum * sum / batches) / (batches - 1) : 0.0;
  e.task_loss_error = std::sqrt(std::max(variance, 0.0) / batches);
  e.total += e.task_loss;
  if (model.config().loss == TomographyLoss::fill_height && batches >= 4) {
    e.calibrated_mse_m2 = calibrated_height_mse(predicted, truth);
  }
  return e;
}

double calibrated_height_mse(const std::vector<double>& predicted, const std::vector<double>& truth) {
  // Two folds (even and odd volumes): fit truth = a + b predicted on one, score the other.
  double squared = 0;
  std::size_t scored = 0;
  for (std::size_t fold = 0; fold < 2; ++fold) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 1 - fold; i < predicted.size(); i += 2) {
      n += 1;
      sx += predicted[i];
      sy += truth[i];
      sxx += predicted[i] * predicted[i];
      sxy += predicted[i] * truth[i];
    }
    const double denominator = n * sxx - sx * sx;
    const double b = denominator > 0 ? (n * sxy - sx * sy) / denominator : 0.0;
    const double a = (sy - b * sx) / n;
    for (std::size_t i = fold; i < predicted.size(); i += 2) {
      const double residual = a + b * predicted[i] - truth[i];
      squared += residual * residual;
      ++scored;
    }
  }
  return squared / double(scored);
}

nlohmann::json evaluation_json(const Evaluation& e) {
  nlohmann::json j = {{"task_loss", e.task_loss}, {"task_loss_error", e.task_loss_error}, {"cost", e.cost},
                      {"total_loss", e.total}, {"batches", e.batches}, {"muons", e.muons}};
  if (e.calibrated_mse_m2) j["fill_height_mse_after_linear_correction_m2"] = *e.calibrated_mse_m2;
  return j;
}

}  // namespace detgrad::tomography
