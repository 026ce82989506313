#include "optimize/gradient_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace detgrad::optimize {

bool GradientCheck::passed() const {
  return std::all_of(parameters.begin(), parameters.end(), [](const ParameterCheck& p) { return p.passed; });
}

GradientCheck check_gradient(const GradientProblem& problem, double tolerance) {
  GradientCheck out;
  out.loss = problem.loss;
  out.tolerance = tolerance;
  const std::vector<double>& x = problem.x;
  double largest = 0.0;
  for (double g : problem.gradient) largest = std::max(largest, std::fabs(g));
  for (std::size_t i = 0; i < x.size(); ++i) {
    ParameterCheck c;
    c.name = problem.parameters[i].name;
    c.value = x[i];
    c.adjoint = problem.gradient[i];
    bool first = true;
    const double scale = i < problem.value_scale.size() ? problem.value_scale[i] : 1e-6;
    for (double relative_step : {1e-7, 1e-6, 1e-5}) {
      const double h = relative_step * std::max(std::fabs(x[i]), scale);
      std::vector<double> plus = x, minus = x;
      plus[i] += h;
      minus[i] -= h;
      const double fd = (problem.loss_at(plus) - problem.loss_at(minus)) / (2.0 * h);
      const double error = std::fabs(fd) > 0 ? std::fabs(c.adjoint - fd) / std::fabs(fd) : std::fabs(c.adjoint);
      if (first || error < c.relative_error) {
        c.step = h;
        c.finite_difference = fd;
        c.relative_error = error;
      }
      first = false;
    }
    c.negligible = std::fabs(c.finite_difference) < 1e-6 * largest;
    // The central difference's own rounding error, eps |loss| / h: a difference below it says
    // nothing about the adjoint (a tiny derivative amid large ones).
    c.rounding = std::numeric_limits<double>::epsilon() * std::fabs(problem.loss) / c.step;
    c.within_rounding = std::fabs(c.adjoint - c.finite_difference) <= c.rounding;
    c.passed = c.negligible || c.relative_error <= tolerance || c.within_rounding;
    out.parameters.push_back(c);
  }
  return out;
}

nlohmann::json gradient_check_json(const GradientCheck& check) {
  nlohmann::json j;
  j["loss"] = check.loss;
  j["tolerance"] = check.tolerance;
  j["passed"] = check.passed();
  j["parameters"] = nlohmann::json::array();
  for (const ParameterCheck& p : check.parameters) {
    j["parameters"].push_back({{"name", p.name}, {"value", p.value}, {"step", p.step}, {"adjoint", p.adjoint},
                               {"finite_difference", p.finite_difference}, {"relative_error", p.relative_error},
                               {"negligible", p.negligible}, {"rounding", p.rounding},
                               {"within_rounding", p.within_rounding}, {"passed", p.passed}});
  }
  return j;
}

}  // namespace detgrad::optimize
