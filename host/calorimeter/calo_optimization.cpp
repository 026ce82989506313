#include "calorimeter/calo_optimization.hpp"

#include <cstdio>
#include <numeric>

#include "calorimeter/calo_cost.hpp"
#include "calorimeter/calo_design.hpp"

namespace detgrad::calorimeter {

CaloOptimization::CaloOptimization(const CaloStudyConfig& study)
    : study_(study),
      design_(calo_design(study)),
      model_(std::make_shared<const ResponseModel>(study, study.showers)),
      budget_(stack_budget(study)),
      max_depth_m_(depth_limit_m(study)),
      map_(slab_map(study)) {
  for (const optimize::ParameterSpec& p : design_.parameters) {
    lower_.push_back(p.lower);
    upper_.push_back(p.upper);
  }
}

std::vector<double> CaloOptimization::initial() const { return design_initial(study_); }

optimize::StepEvaluation CaloOptimization::evaluate(const std::vector<double>& x, std::uint32_t step,
                                                    std::uint64_t) const {
  const std::vector<double> t = slab_thicknesses(map_, x);
  const std::uint32_t every = study_.design.recalibrate_every;
  if (every > 0 && step > 0 && step % every == 0 && step != calibrated_at_step_) {
    model_ = std::make_shared<const ResponseModel>(unflatten(study_, t), study_.showers);
    calibrated_at_step_ = step;
  }
  const ResponseModel& model = *model_;
  std::vector<double> slab_gradient(t.size(), 0.0);
  const double resolution = model.loss(t, &slab_gradient);
  std::vector<double> d_cost_dt(t.size(), 0.0);
  const double cost = stack_cost(study_, t, &d_cost_dt);
  double d_cost = 0.0;
  const double budget = stack_budget_term(study_.cost, budget_, cost, &d_cost);
  for (std::size_t i = 0; i < t.size(); ++i) slab_gradient[i] += d_cost * d_cost_dt[i];
  optimize::StepEvaluation out;
  out.gradient.assign(x.size(), 0.0);
  add_design_gradient(map_, slab_gradient, out.gradient);
  out.loss = resolution + budget;
  out.terms = {{"loss_resolution", resolution},
               {"loss_budget", budget},
               {"cost", cost},
               {"depth_m", std::accumulate(t.begin(), t.end(), 0.0)}};
  // The response model's calibration (changes only where it is recalibrated).
  out.terms.push_back({"model_kappa", model.kappa()});
  out.terms.push_back({"model_mu", model.mu()});
  out.terms.push_back({"model_gamma", model.gamma()});
  out.terms.push_back({"model_eta", model.eta()});
  out.terms.push_back({"model_nu", model.nu()});
  const std::vector<double> r = model.resolutions(t);
  for (std::size_t k = 0; k < r.size(); ++k) {
    char name[64];
    std::snprintf(name, sizeof name, "resolution_%gGeV", study_.source.energies_GeV[k]);
    out.terms.push_back({name, r[k]});
  }
  return out;
}

std::string CaloOptimization::project(std::vector<double>& x) const {
  project_depth(x, lower_, upper_, map_.slabs_of_parameter, max_depth_m_);
  return {};
}

nlohmann::json CaloOptimization::layout(const std::vector<double>& x) const {
  const std::vector<double> t = slab_thicknesses(map_, x);
  return layout_json(study_, t, stack_cost(study_, t, nullptr));
}

}  // namespace detgrad::calorimeter
