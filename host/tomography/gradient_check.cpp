#include "tomography/gradient_check.hpp"

#include <memory>

#include "tomography/tomography_design.hpp"

namespace detgrad::tomography {

namespace {

optimize::GradientProblem problem_of(const TomographyModel& model, const DesignParams<double>& design,
                                     DesignLoss loss) {
  const LossAndGradient base = loss(design, true);
  optimize::GradientProblem p;
  p.parameters = tomography_design(model).parameters;
  p.x = model.flatten(design);
  p.loss = base.terms.total;
  p.gradient = base.gradient;
  p.loss_at = [&model, loss = std::move(loss)](const std::vector<double>& x) {
    return loss(model.unflatten(x), false).terms.total;
  };
  return p;
}

}  // namespace

optimize::GradientProblem gradient_problem(const TomographyModel& model, const DesignParams<double>& design,
                                           std::uint64_t muons, std::uint32_t step) {
  // The reference design lives as long as the problem's loss.
  const auto reference = std::make_shared<const DesignParams<double>>(design);
  PassOptions options;
  options.events = muons;
  options.step = step;
  options.precision = Precision::double_precision;
  options.reference_design = reference.get();
  return problem_of(model, design, [&model, options, reference](const DesignParams<double>& d, bool gradient) {
    return evaluate(model, d, options, gradient);
  });
}

GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, std::uint64_t muons,
                             std::uint32_t step, double tolerance) {
  return optimize::check_gradient(gradient_problem(model, design, muons, step), tolerance);
}

GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, const DesignLoss& loss,
                             double tolerance) {
  return optimize::check_gradient(problem_of(model, design, loss), tolerance);
}

}  // namespace detgrad::tomography
