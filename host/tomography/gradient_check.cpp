#include "tomography/gradient_check.hpp"

#include <algorithm>
#include <cmath>

namespace detgrad::tomography {

bool GradientCheck::passed() const {
  return std::all_of(parameters.begin(), parameters.end(), [](const ParameterCheck& p) { return p.passed; });
}

GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, std::uint64_t muons,
                             std::uint32_t step, double tolerance) {
  PassOptions options;
  options.muons = muons;
  options.step = step;
  options.precision = Precision::double_precision;
  options.reference_design = &design;
  return check_gradient(
      model, design,
      [&](const DesignParams<double>& d, bool gradient) { return evaluate(model, d, options, gradient); }, tolerance);
}

GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, const DesignLoss& loss,
                             double tolerance) {
  const LossAndGradient base = loss(design, true);
  GradientCheck out;
  out.loss = base.terms.total;
  out.tolerance = tolerance;
  const std::vector<double> x = model.flatten(design);
  const std::vector<std::string> names = model.parameter_names();
  double largest = 0.0;
  for (double g : base.gradient) largest = std::max(largest, std::fabs(g));
  for (std::size_t i = 0; i < x.size(); ++i) {
    ParameterCheck c;
    c.name = names[i];
    c.value = x[i];
    c.adjoint = base.gradient[i];
    bool first = true;
    for (double relative_step : {1e-7, 1e-6, 1e-5}) {
      const double h = relative_step * std::max(std::fabs(x[i]), 1e-6);
      std::vector<double> plus = x, minus = x;
      plus[i] += h;
      minus[i] -= h;
      const double loss_plus = loss(model.unflatten(plus), false).terms.total;
      const double loss_minus = loss(model.unflatten(minus), false).terms.total;
      const double fd = (loss_plus - loss_minus) / (2.0 * h);
      const double error = std::fabs(fd) > 0 ? std::fabs(c.adjoint - fd) / std::fabs(fd) : std::fabs(c.adjoint);
      if (first || error < c.relative_error) {
        c.step = h;
        c.finite_difference = fd;
        c.relative_error = error;
      }
      first = false;
    }
    const double scale = std::fabs(c.finite_difference);
    c.negligible = scale < 1e-6 * largest;
    c.passed = c.negligible || c.relative_error <= tolerance;
    out.parameters.push_back(c);
  }
  return out;
}

}  // namespace detgrad::tomography
