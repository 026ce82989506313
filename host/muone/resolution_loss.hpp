#pragma once
// The figure of merit of the optimisation mode, from the accumulators of the smooth model
// (resolution_model.hpp): per q2 bin b, N_b = sum W and S_b = sum W var(q2)/q2^2 over its
// events, the relative q2 resolution r_b = sqrt(S_b / N_b), and the loss
//   L = sum_b lambda_b r_b,   lambda_b = q2_b^gamma / sum_c q2_c^gamma
// (q2_b the bin's centre). The choice gamma = 1 (default): MUonE extracts the hadronic
// running of alpha, whose effect on the cross section grows about linearly with q2 at
// these q2 (it is ~1e-3 relative at q2_max and vanishes at q2 -> 0), so a bin's statistical
// weight for that physics grows with q2; weighting the resolution by q2 puts the
// optimisation where the physics is and where the resolution is hardest (small electron
// angles close to the muon's). gamma = 0 weighs all bins equally.
#include <vector>

namespace detgrad::muone {

struct ResolutionLossConfig {
  std::vector<double> q2_edges_GeV2;
  double high_q2_exponent = 1.0;  // gamma
};

struct ResolutionLoss {
  double loss = 0.0;
  std::vector<double> resolution;  // r_b (0 for an empty bin)
  std::vector<double> d_s, d_n;    // dL/dS_b, dL/dN_b
};

std::vector<double> bin_weights(const ResolutionLossConfig& config);

// sums: (N_0, S_0, N_1, S_1, ...).
ResolutionLoss resolution_loss(const ResolutionLossConfig& config, const std::vector<double>& sums);

}  // namespace detgrad::muone
