#pragma once
// The evaluation mode: events simulated with the full transport (scattering, hard module
// edges, efficiencies as random hits) and reconstructed (reconstruction.hpp); per bin of true
// q2 the measured spread of (q2_reco - q2_true) / q2_true, weighted by the events' cross
// section weights: rms for q2 from both angles, from the electron's and from the muon's; the
// figure is sum_b lambda_b rms_b (the bin weights of the loss), with its statistical error
// from 10 batches of events. The smooth model's prediction is reported beside it. CPU
// (OpenMP, deterministic reductions).
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "muone/muone_model.hpp"

namespace detgrad::muone {

struct BinResolution {
  double q2_lo = 0, q2_hi = 0;
  double weight = 0;        // sum of the reconstructed events' weights (events per beam muon)
  double events = 0;        // reconstructed events
  double rms = 0;           // both angles
  double rms_electron = 0;  // electron angle alone
  double rms_muon = 0;      // muon angle alone
  double mean = 0;          // bias of q2 from both angles
  double predicted = 0;     // the smooth model's r_b
};

struct MuoneEvaluation {
  std::vector<BinResolution> bins;
  double figure = 0, figure_error = 0;
  double reconstructed_fraction = 0;
  double cost = 0;
  std::uint64_t events = 0;
  int batches = 0;
};

MuoneEvaluation evaluate_layout(const MuoneModel& model, const std::vector<double>& x, std::uint64_t events,
                                int batches = 10);

nlohmann::json evaluation_json(const MuoneEvaluation& e);

}  // namespace detgrad::muone
