#pragma once
// Gamma/hadron separation (docs/swgo.md): the test statistic T = ln L_gamma,max - ln L_proton,max
// of every shower, template densities p_gamma(T) and p_proton(T) as Gaussian kernel density
// estimates over a template sample (weights: the trigger probability; bandwidth by Silverman's
// rule 1.06 sigma n^-1/5 per class), and the gamma fraction f of a batch that maximises
//   sum_k P_k ln[f p_gamma(T_k) + (1 - f) p_proton(T_k)]
// (concave in f: Newton steps within [0, 1]), with its error from the Fisher information
//   sigma_f^-2 = sum_k P_k (p_gamma - p_proton)^2 / (f p_gamma + (1 - f) p_proton)^2.
#include <vector>

namespace detgrad::swgo {

struct KernelDensity {
  std::vector<double> centres, weights;  // weights normalised to 1
  double bandwidth = 1.0;
  // What the bandwidth came from (an adjoint needs them): the raw weights' sum W and sum of
  // squares Q, the weighted mean and standard deviation of the centres (sigma_floored: below
  // 1e-6, the bandwidth used 1e-6), Kish's effective size W^2 / Q.
  double weight_sum = 0.0, weight_square_sum = 0.0, mean = 0.0, sigma = 0.0, n_eff = 0.0;
  bool sigma_floored = false;
  double operator()(double t) const;
};

// Weighted Gaussian KDE; an empty sample gives an empty density (value 0 everywhere).
KernelDensity make_kernel_density(const std::vector<double>& values, const std::vector<double>& weights);

struct GammaFractionFit {
  double fraction = 0.0;
  double sigma = 0.0;  // infinite where the data carry no information
  int iterations = 0;
};

GammaFractionFit fit_gamma_fraction(const std::vector<double>& statistic, const std::vector<double>& weights,
                                    const KernelDensity& gamma, const KernelDensity& proton);

}  // namespace detgrad::swgo
