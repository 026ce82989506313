#include "swgo/gamma_fraction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace detgrad::swgo {

double KernelDensity::operator()(double t) const {
  double sum = 0.0;
  const double inv_h = 1.0 / bandwidth;
  for (std::size_t i = 0; i < centres.size(); ++i) {
    const double z = (t - centres[i]) * inv_h;
    sum += weights[i] * std::exp(-0.5 * z * z);
  }
  return sum * inv_h * 0.3989422804014327;  // 1 / sqrt(2 pi)
}

KernelDensity make_kernel_density(const std::vector<double>& values, const std::vector<double>& weights) {
  KernelDensity k;
  double sw = 0.0, s = 0.0, s2 = 0.0, sw2 = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(weights[i] > 0.0) || !std::isfinite(values[i])) continue;
    k.centres.push_back(values[i]);
    k.weights.push_back(weights[i]);
    sw += weights[i];
    sw2 += weights[i] * weights[i];
    s += weights[i] * values[i];
    s2 += weights[i] * values[i] * values[i];
  }
  if (k.centres.empty()) return k;
  for (double& w : k.weights) w /= sw;
  k.weight_sum = sw;
  k.weight_square_sum = sw2;
  k.mean = s / sw;
  k.sigma = std::sqrt(std::max(0.0, s2 / sw - k.mean * k.mean));
  k.sigma_floored = !(k.sigma > 1e-6);
  k.n_eff = sw * sw / sw2;  // Kish effective sample size of the weights
  k.bandwidth = 1.06 * std::max(k.sigma, 1e-6) * std::pow(k.n_eff, -0.2);
  return k;
}

GammaFractionFit fit_gamma_fraction(const std::vector<double>& statistic, const std::vector<double>& weights,
                                    const KernelDensity& gamma, const KernelDensity& proton) {
  std::vector<double> pg(statistic.size()), pp(statistic.size());
  for (std::size_t k = 0; k < statistic.size(); ++k) {
    pg[k] = gamma(statistic[k]);
    pp[k] = proton(statistic[k]);
  }
  const auto derivatives = [&](double f, double& d1, double& d2) {
    d1 = d2 = 0.0;
    for (std::size_t k = 0; k < pg.size(); ++k) {
      const double mix = f * pg[k] + (1 - f) * pp[k];
      if (!(mix > 0.0)) continue;
      const double r = (pg[k] - pp[k]) / mix;
      d1 += weights[k] * r;
      d2 -= weights[k] * r * r;
    }
  };
  GammaFractionFit fit;
  double f = 0.5;
  for (fit.iterations = 0; fit.iterations < 100; ++fit.iterations) {
    double d1, d2;
    derivatives(f, d1, d2);
    if (!(d2 < 0.0)) break;
    double next = f - d1 / d2;
    next = std::clamp(next, 0.0, 1.0);
    // The maximum at a bound: stop there.
    if (std::fabs(next - f) < 1e-12) {
      f = next;
      break;
    }
    f = next;
  }
  double d1, d2;
  derivatives(f, d1, d2);
  fit.fraction = f;
  fit.sigma = d2 < 0.0 ? 1.0 / std::sqrt(-d2) : std::numeric_limits<double>::infinity();
  return fit;
}

}  // namespace detgrad::swgo
