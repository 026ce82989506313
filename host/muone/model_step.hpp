#pragma once
// One optimisation-mode evaluation of the smooth model: forward pass, the loss on the host,
// and (if asked) the adjoint pass: the loss and dLoss/d(model design).
#include "muone/muone_passes.hpp"
#include "muone/resolution_loss.hpp"

namespace detgrad::muone {

enum class Gradient { no, yes };

struct ModelEvaluation {
  ResolutionLoss loss;
  std::vector<double> sums;     // (N_b, S_b)
  ModelDesign<double> gradient{};  // zero when not asked for
};

ModelEvaluation evaluate_model(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& options,
                               const ResolutionLossConfig& loss, Gradient gradient);

}  // namespace detgrad::muone
