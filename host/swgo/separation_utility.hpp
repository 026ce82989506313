#pragma once
// The gamma-fraction significance of a step's showers in the optimisation mode with fitted
// errors (docs/swgo.md), and its adjoint. Each usable shower k has its separation variable
// s_k = sign(T_k) ln(1 + |T_k|) (T_k = ln L_gamma,max - ln L_proton,max, evaluation.hpp), its
// weight P_k (the smooth trigger probability) and its true class. As in the evaluation mode
// (gamma_fraction.hpp): Gaussian kernel-density templates p_gamma(s), p_proton(s) over each
// class (weights P; Silverman bandwidth 1.06 sigma n_eff^-1/5), here from the step's own
// showers; the fraction f that maximises sum_k P_k ln[f p_gamma(s_k) + (1 - f) p_proton(s_k)];
// sigma_f^-2 = I = sum_k P_k r_k^2, r_k = (p_gamma - p_proton) / (f p_gamma + (1 - f) p_proton).
// The value is f / sigma_f = f sqrt(I) (U_GF before the exposure factor).
//
// Adjoint, by hand: with V = f sqrt(I) and f defined by F(f) = sum_k P_k r_k = 0
// (dF/df = -I, so df = (dF/dtheta) / I for any input theta),
//   dV/df (total) = sqrt(I) - f / sqrt(I) sum_k P_k r_k^3,  lambda = that / I (0 at a bound),
//   dV/dP_k += lambda r_k + f / (2 sqrt(I)) r_k^2,
//   dV/dp_c(s_k) = (lambda + f r_k / sqrt(I)) P_k dr_k/dp_c,
// then through each template: its evaluation point s_k, its centres s_j, its normalised
// weights omega_j = P_j / W and its bandwidth h (through the class's weighted variance and
// Kish size n_eff = W^2 / sum P^2). O(n^2) in the showers, like the templates themselves.
#include <cstdint>
#include <vector>

namespace detgrad::swgo {

struct SeparationSample {
  std::vector<double> s;       // separation variable of each usable shower
  std::vector<double> weight;  // P_k > 0
  std::vector<std::uint8_t> gamma;  // 1: a gamma shower (template class)
};

struct SeparationValue {
  double fraction = 0.0;
  double sigma = 0.0;  // infinite where the sample carries no information
  double value = 0.0;  // f / sigma_f (0 where undefined)
  bool at_bound = false;
  std::vector<double> d_s, d_weight;  // dV/ds_k, dV/dP_k (with_adjoint)
};

SeparationValue gamma_fraction_significance(const SeparationSample& sample, bool with_adjoint);

}  // namespace detgrad::swgo
