#pragma once
// The evaluation mode: events simulated with the full transport (scattering, hard module
// edges, efficiencies as random hits) and reconstructed (reconstruction.hpp); per bin of true
// q2 the measured spread of (q2_reco - q2_true) / q2_true, weighted by the events' cross
// section weights: rms for q2 from both angles, from the electron's and from the muon's, for
// the independent track fits and for the vertex-constrained, scattering-weighted event fit
// (vertex_constrained_reconstruction.hpp; the same events: one without a hit in every module
// keeps the independent fits' angles); the
// figure is sum_b lambda_b rms_b (the bin weights of the loss), with its statistical error
// from 10 batches of events. The smooth model's prediction is reported beside it. CPU
// (OpenMP, deterministic reductions).
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "muone/muone_model.hpp"

namespace detgrad::muone {

// The spread of one reconstruction's q2 (relative errors, weighted rms and mean).
struct Q2Spread {
  double rms = 0;           // both angles
  double rms_electron = 0;  // electron angle alone
  double rms_muon = 0;      // muon angle alone
  double mean = 0;          // bias of q2 from both angles
};

struct BinResolution {
  double q2_lo = 0, q2_hi = 0;
  double weight = 0;         // sum of the reconstructed events' weights (events per beam muon)
  double events = 0;         // reconstructed events
  Q2Spread independent;      // the independent track fits (reconstruction.hpp)
  Q2Spread vertex;           // the vertex-constrained reconstruction, same events
  double vertex_fitted = 0;  // events whose angles came from the vertex-constrained fit
  double predicted = 0;      // the smooth model's r_b
};

struct MuoneEvaluation {
  std::vector<BinResolution> bins;
  double figure = 0, figure_error = 0;
  double figure_vertex = 0;  // the same sum with the vertex-constrained reconstruction's rms
  double reconstructed_fraction = 0;
  double cost = 0;
  std::uint64_t events = 0;
  int batches = 0;
};

MuoneEvaluation evaluate_layout(const MuoneModel& model, const std::vector<double>& x, std::uint64_t events,
                                int batches = 10);

nlohmann::json evaluation_json(const MuoneEvaluation& e);

}  // namespace detgrad::muone
