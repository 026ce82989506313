#include "muone/model_step.hpp"

namespace detgrad::muone {

ModelEvaluation evaluate_model(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& options,
                               const ResolutionLossConfig& loss, Gradient gradient) {
  ModelEvaluation e;
  e.sums = forward_pass(setup, design, options);
  e.loss = resolution_loss(loss, e.sums);
  if (gradient == Gradient::yes) e.gradient = adjoint_pass(setup, design, options, e.loss.d_s, e.loss.d_n);
  return e;
}

}  // namespace detgrad::muone
