#pragma once
// Gradient check of any task: the adjoint gradient of every design parameter against the
// central finite difference of the loss with common random numbers, in double precision.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimize/parameter_groups.hpp"

namespace detgrad::optimize {

// What a check needs: the design, its parameters, the loss and its adjoint gradient there,
// and the loss as a function of the design with common random numbers (same events, same
// step, everything held fixed within a step held at `x`).
struct GradientProblem {
  std::vector<ParameterSpec> parameters;
  std::vector<double> x;
  double loss = 0.0;
  std::vector<double> gradient;
  std::function<double(const std::vector<double>&)> loss_at;
  // Per parameter (optional): the steps are relative to max(|value|, value_scale), so that a
  // parameter whose value is 0 (a transverse offset) is not probed by steps of 1e-13 that
  // rounding swamps. Default 1e-6.
  std::vector<double> value_scale;
};

struct ParameterCheck {
  std::string name;
  double value = 0.0;
  double step = 0.0;        // the step h of the judged finite difference
  double adjoint = 0.0;
  double finite_difference = 0.0;
  double relative_error = 0.0;  // |adjoint - fd| / |fd|
  bool negligible = false;      // |fd| below 1e-6 of the largest gradient: not judged
  double rounding = 0.0;        // the difference's rounding error, eps |loss| / h
  bool within_rounding = false;  // |adjoint - fd| <= rounding: as close as the difference can tell
  bool passed = true;
};

struct GradientCheck {
  double loss = 0.0;
  double tolerance = 1e-4;
  std::vector<ParameterCheck> parameters;
  bool passed() const;
};

// Relative tolerance 1e-4 by default (docs/design.md: |adjoint - FD| <= rtol |FD| for parameters
// with a non-negligible gradient). The central difference is taken at three steps, h = 1e-7,
// 1e-6 and 1e-5 times max(|value|, value_scale), and the closest one is judged: at small steps the
// loss's rounding can dominate, at large steps its curvature (for the tomography task: the
// sharp PoCA-to-voxel probabilities, see tomography/gradient_check.hpp). A wrong adjoint
// fails at all three. A parameter also passes when |adjoint - fd| is within the difference's
// rounding error eps |loss| / h (a derivative far smaller than the others, where 1e-4 of it is
// below what any difference of the loss can resolve).
GradientCheck check_gradient(const GradientProblem& problem, double tolerance = 1e-4);

// The check as `detgrad gradcheck --json` writes it (the caller adds the study's name, task,
// events and seed): loss, tolerance, passed, and every parameter's figures.
nlohmann::json gradient_check_json(const GradientCheck& check);

}  // namespace detgrad::optimize
