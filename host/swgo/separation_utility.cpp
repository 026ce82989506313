#include "swgo/separation_utility.hpp"

#include <cmath>
#include <limits>

#include "swgo/gamma_fraction.hpp"

namespace detgrad::swgo {
namespace {

constexpr double kInvSqrt2Pi = 0.3989422804014327;  // 1 / sqrt(2 pi)

// One class's template (make_kernel_density) and which showers it holds.
struct Template {
  std::vector<std::size_t> members;  // indices into the sample
  KernelDensity density;
};

Template make_template(const SeparationSample& sample, bool gamma) {
  Template t;
  std::vector<double> values, weights;
  for (std::size_t k = 0; k < sample.s.size(); ++k) {
    // The showers make_kernel_density keeps, so that members[i] is centre i.
    if (bool(sample.gamma[k]) != gamma || !(sample.weight[k] > 0.0) || !std::isfinite(sample.s[k])) continue;
    t.members.push_back(k);
    values.push_back(sample.s[k]);
    weights.push_back(sample.weight[k]);
  }
  t.density = make_kernel_density(values, weights);
  return t;
}

// Adds the template's adjoint: d_p[k] = dV/dp(s_k) for every evaluation point k.
void template_adjoint(const SeparationSample& sample, const Template& t, const std::vector<double>& d_p,
                      std::vector<double>& d_s, std::vector<double>& d_weight) {
  const std::size_t m = t.members.size();
  if (m == 0) return;
  const KernelDensity& kd = t.density;
  const double h = kd.bandwidth, inv_h = 1.0 / h;
  std::vector<double> d_omega(m, 0.0);
  double d_h = 0.0;
  for (std::size_t k = 0; k < sample.s.size(); ++k) {
    if (d_p[k] == 0.0) continue;
    double slope = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t j = t.members[i];
      const double z = (sample.s[k] - sample.s[j]) * inv_h;
      const double phi = std::exp(-0.5 * z * z) * kInvSqrt2Pi;
      const double omega = t.density.weights[i];
      slope -= omega * phi * z * inv_h * inv_h;
      d_s[j] += d_p[k] * omega * phi * z * inv_h * inv_h;
      d_omega[i] += d_p[k] * phi * inv_h;
      d_h += d_p[k] * omega * phi * (z * z - 1.0) * inv_h * inv_h;
    }
    d_s[k] += d_p[k] * slope;
  }
  // h = 1.06 sigma n_eff^-1/5.
  if (!kd.sigma_floored) {
    const double d_var = d_h * h / kd.sigma / (2.0 * kd.sigma);
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t j = t.members[i];
      const double omega = t.density.weights[i];
      d_s[j] += d_var * 2.0 * omega * (sample.s[j] - kd.mean);
      d_omega[i] += d_var * (sample.s[j] * sample.s[j] - 2.0 * kd.mean * sample.s[j]);
    }
  }
  const double d_n = d_h * (-0.2 * h / kd.n_eff);
  const double W = kd.weight_sum, Q = kd.weight_square_sum;
  double omega_dot = 0.0;
  for (std::size_t i = 0; i < m; ++i) omega_dot += d_omega[i] * t.density.weights[i];
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t j = t.members[i];
    const double p = sample.weight[j];
    d_weight[j] += (d_omega[i] - omega_dot) / W;  // omega_j = P_j / W
    d_weight[j] += d_n * (2.0 * W / Q - 2.0 * W * W * p / (Q * Q));  // n_eff = W^2 / Q
  }
}

}  // namespace

SeparationValue gamma_fraction_significance(const SeparationSample& sample, bool with_adjoint) {
  SeparationValue out;
  const std::size_t n = sample.s.size();
  if (with_adjoint) {
    out.d_s.assign(n, 0.0);
    out.d_weight.assign(n, 0.0);
  }
  const Template tg = make_template(sample, true), tp = make_template(sample, false);
  if (tg.members.empty() || tp.members.empty()) {
    out.sigma = std::numeric_limits<double>::infinity();
    return out;
  }
  const GammaFractionFit fit = fit_gamma_fraction(sample.s, sample.weight, tg.density, tp.density);
  out.fraction = fit.fraction;
  out.sigma = fit.sigma;
  if (!(std::isfinite(fit.sigma) && fit.sigma > 0)) return out;
  const double f = fit.fraction;
  const double info = 1.0 / (fit.sigma * fit.sigma);
  const double root = std::sqrt(info);
  out.value = f * root;
  out.at_bound = f <= 0.0 || f >= 1.0;
  if (!with_adjoint) return out;

  std::vector<double> g(n), q(n), r(n, 0.0), mix(n, 0.0);
  double sum_r3 = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    g[k] = tg.density(sample.s[k]);
    q[k] = tp.density(sample.s[k]);
    mix[k] = f * g[k] + (1 - f) * q[k];
    if (!(mix[k] > 0.0)) continue;
    r[k] = (g[k] - q[k]) / mix[k];
    sum_r3 += sample.weight[k] * r[k] * r[k] * r[k];
  }
  const double d_info = f / (2.0 * root);
  const double d_f = root - 2.0 * d_info * sum_r3;
  const double lambda = out.at_bound ? 0.0 : d_f / info;
  std::vector<double> d_g(n, 0.0), d_q(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    if (!(mix[k] > 0.0)) continue;
    out.d_weight[k] += lambda * r[k] + d_info * r[k] * r[k];
    const double c = (lambda + 2.0 * d_info * r[k]) * sample.weight[k];
    d_g[k] = c * (1.0 - f * r[k]) / mix[k];
    d_q[k] = -c * (1.0 + (1.0 - f) * r[k]) / mix[k];
  }
  template_adjoint(sample, tg, d_g, out.d_s, out.d_weight);
  template_adjoint(sample, tp, d_q, out.d_s, out.d_weight);
  return out;
}

}  // namespace detgrad::swgo
