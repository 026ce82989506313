#include "calorimeter/calo_optimization.hpp"

#include <cstdio>
#include <numeric>

#include "calorimeter/calo_cost.hpp"
#include "calorimeter/calo_design.hpp"

namespace detgrad::calorimeter {

CaloOptimization::CaloOptimization(const CaloStudyConfig& study)
    : study_(study),
      design_(calo_design(study)),
      model_(study, study.showers),
      budget_(stack_budget(study)),
      max_depth_m_(depth_limit_m(study)) {
  for (const optimize::ParameterSpec& p : design_.parameters) {
    lower_.push_back(p.lower);
    upper_.push_back(p.upper);
  }
}

std::vector<double> CaloOptimization::initial() const { return flatten(study_); }

optimize::StepEvaluation CaloOptimization::evaluate(const std::vector<double>& x, std::uint32_t,
                                                    std::uint64_t) const {
  optimize::StepEvaluation out;
  out.gradient.assign(x.size(), 0.0);
  const double resolution = model_.loss(x, &out.gradient);
  std::vector<double> d_cost_dx(x.size(), 0.0);
  const double cost = stack_cost(study_, x, &d_cost_dx);
  double d_cost = 0.0;
  const double budget = stack_budget_term(study_.cost, budget_, cost, &d_cost);
  for (std::size_t i = 0; i < x.size(); ++i) out.gradient[i] += d_cost * d_cost_dx[i];
  out.loss = resolution + budget;
  out.terms = {{"loss_resolution", resolution},
               {"loss_budget", budget},
               {"cost", cost},
               {"depth_m", std::accumulate(x.begin(), x.end(), 0.0)}};
  const std::vector<double> r = model_.resolutions(x);
  for (std::size_t k = 0; k < r.size(); ++k) {
    char name[64];
    std::snprintf(name, sizeof name, "resolution_%gGeV", study_.source.energies_GeV[k]);
    out.terms.push_back({name, r[k]});
  }
  return out;
}

void CaloOptimization::project(std::vector<double>& x) const { project_depth(x, lower_, upper_, max_depth_m_); }

nlohmann::json CaloOptimization::layout(const std::vector<double>& x) const {
  return layout_json(study_, x, stack_cost(study_, x, nullptr));
}

}  // namespace detgrad::calorimeter
