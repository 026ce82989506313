#pragma once
// Gradient check of the tomography task (optimize/gradient_check.hpp does the differences):
// the same seed, step and reference planes for every evaluation, double precision, CPU.
// Why three steps: at small steps the dense-material loss's rounding (~1e-12 relative, its
// soft minimum amplifies the least informed voxels) can dominate; at large steps, the
// curvature of the sharp PoCA-to-voxel probabilities (PoCA uncertainties of ~20-50 um; a
// panel's edge moves the fits of the muons crossing its ramp, and their PoCAs with them:
// measured on the hello world, the one-sided differences of one parameter at 1e-6 differed
// by 2.5 % while the central ones at 1e-7 and 1e-8 agreed with the adjoint to 2e-6 and 8e-6).
#include <functional>

#include "optimize/gradient_check.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {

using optimize::GradientCheck;
using optimize::ParameterCheck;

// The loss of the study's muons at a design, held at `design` as the reference design.
optimize::GradientProblem gradient_problem(const TomographyModel& model, const DesignParams<double>& design,
                                           std::uint64_t muons, std::uint32_t step = 0);

GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, std::uint64_t muons,
                             std::uint32_t step = 0, double tolerance = 1e-4);

// The same check of any loss of the design: loss(design, want_gradient) must use common
// random numbers (fixed step, and the checked design as the reference design).
using DesignLoss = std::function<LossAndGradient(const DesignParams<double>&, bool)>;
GradientCheck check_gradient(const TomographyModel& model, const DesignParams<double>& design, const DesignLoss& loss,
                             double tolerance = 1e-4);

}  // namespace detgrad::tomography
