#include "muone/resolution_loss.hpp"

#include <cmath>

namespace detgrad::muone {

std::vector<double> bin_weights(const ResolutionLossConfig& config) {
  const std::size_t n = config.q2_edges_GeV2.size() - 1;
  std::vector<double> w(n);
  double total = 0;
  for (std::size_t b = 0; b < n; ++b) {
    const double centre = 0.5 * (config.q2_edges_GeV2[b] + config.q2_edges_GeV2[b + 1]);
    w[b] = std::pow(centre, config.high_q2_exponent);
    total += w[b];
  }
  for (double& x : w) x /= total;
  return w;
}

// r = sqrt(S/N): dr/dS = 1 / (2 r N), dr/dN = -S / (2 r N^2) = -r / (2 N).
ResolutionLoss resolution_loss(const ResolutionLossConfig& config, const std::vector<double>& sums) {
  const std::vector<double> lambda = bin_weights(config);
  ResolutionLoss out;
  const std::size_t n = lambda.size();
  out.resolution.assign(n, 0.0);
  out.d_s.assign(n, 0.0);
  out.d_n.assign(n, 0.0);
  for (std::size_t b = 0; b < n; ++b) {
    const double nb = sums[2 * b], sb = sums[2 * b + 1];
    if (!(nb > 0) || !(sb > 0)) continue;
    const double r = std::sqrt(sb / nb);
    out.resolution[b] = r;
    out.loss += lambda[b] * r;
    out.d_s[b] = lambda[b] / (2 * r * nb);
    out.d_n[b] = -lambda[b] * r / (2 * nb);
  }
  return out;
}

}  // namespace detgrad::muone
