#pragma once
// Gradient check of the tomography task: the adjoint gradient of every design parameter
// against the central finite difference of the loss with common random numbers (same
// seed, step and reference planes), in double precision on the CPU.
#include <functional>
#include <string>
#include <vector>

#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {

struct ParameterCheck {
  std::string name;
  double value = 0.0;
  double step = 0.0;        // the step h of the judged finite difference
  double adjoint = 0.0;
  double finite_difference = 0.0;
  double relative_error = 0.0;  // |adjoint - fd| / |fd|
  bool negligible = false;      // |fd| below 1e-6 of the largest gradient: not judged
  bool passed = true;
};

struct GradientCheck {
  double loss = 0.0;
  double tolerance = 1e-4;
  std::vector<ParameterCheck> parameters;
  bool passed() const;
};

// Relative tolerance 1e-4 (DESIGN.md: |adjoint - FD| <= rtol |FD| for parameters with a
// non-negligible gradient). The central difference is taken at three steps, h = 1e-7,
// 1e-6 and 1e-5 times max(|value|, 1e-6), and the closest one is judged: at small steps
// the loss's rounding (~1e-12 relative for the dense-material loss, whose soft minimum
// amplifies the least informed voxels) can dominate; at large steps, the curvature of the
// sharp PoCA-to-voxel probabilities (PoCA uncertainties of ~20-50 um; a panel's edge
// moves the fits of the muons crossing its ramp, and their PoCAs with them: measured on
// the hello world, the one-sided differences of one parameter at 1e-6 differed by 2.5 %
// while the central ones at 1e-7 and 1e-8 agreed with the adjoint to 2e-6 and 8e-6). A
// wrong adjoint fails at all three.
GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, std::uint64_t muons,
                             std::uint32_t step = 0, double tolerance = 1e-4);

// The same check of any loss of the design: loss(design, want_gradient) must use common
// random numbers (fixed step, and the checked design as the reference design).
using DesignLoss = std::function<LossAndGradient(const DesignParams<double>&, bool)>;
GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, const DesignLoss& loss,
                             double tolerance = 1e-4);

}  // namespace detgrad::tomography
