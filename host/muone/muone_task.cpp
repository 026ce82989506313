#include "muone/muone_task.hpp"

#include <string>

namespace detgrad::muone {

std::vector<optimize::GroupSettings> MuoneTask::default_groups() const {
  // At first about 1 cm per step for module positions, 1 mm for offsets, 1 um for
  // resolutions, 5 mm for the target's position. The target's thickness is frozen by
  // default: the resolution loss alone always prefers a thinner target (less scattering),
  // and the rate it costs is not part of it.
  return {{"module_z", 0.01}, {"module_offset", 1e-3}, {"module_sigma", 1e-6}, {"target_z", 5e-3},
          {"target_thickness", 1e-3, 0.0, true}};
}

optimize::TaskEvaluation MuoneTask::evaluate(const std::vector<double>& x, std::uint32_t step,
                                             std::uint64_t events) const {
  PassOptions o;
  o.events = events;
  o.step = step;
  o.backend = backend_;
  const MuoneLoss l = model_.loss(x, o, Gradient::yes);
  optimize::TaskEvaluation out;
  out.loss = l.loss;
  out.gradient = l.gradient;
  out.terms = {{"loss_resolution", l.resolution_loss}, {"loss_budget", l.budget_loss}, {"cost", l.cost}};
  for (std::size_t b = 0; b < l.resolution.size(); ++b)
    out.terms.push_back({"resolution_bin" + std::to_string(b), l.resolution[b]});
  return out;
}

}  // namespace detgrad::muone
