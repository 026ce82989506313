#include "muone/muone_optimization.hpp"

#include <string>

namespace detgrad::muone {

optimize::StepEvaluation MuoneOptimization::evaluate(const std::vector<double>& x, std::uint32_t step,
                                             std::uint64_t events) const {
  PassOptions o;
  o.events = events;
  o.step = step;
  o.backend = backend_;
  const MuoneLoss l = model_.loss(x, o, Gradient::yes);
  optimize::StepEvaluation out;
  out.loss = l.loss;
  out.gradient = l.gradient;
  out.terms = {{"loss_resolution", l.resolution_loss}, {"loss_budget", l.budget_loss}, {"cost", l.cost}};
  for (std::size_t b = 0; b < l.resolution.size(); ++b)
    out.terms.push_back({"resolution_bin" + std::to_string(b), l.resolution[b]});
  return out;
}

}  // namespace detgrad::muone
