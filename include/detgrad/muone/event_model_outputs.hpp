#pragma once
// An event's modelled resolution quantities as per-event outputs (the Python module's
// detgrad.torch.event_outputs), forward and adjoint side by side. The forward is the
// optimisation model's own per-event code (resolution_model.hpp: generate_truth,
// model_event, angle_variances); the adjoint is model_event_adjoint with the outputs'
// cotangents (EventModelCotangents) in place of the bins'. Every event is an output, in a
// q2 bin or not (bin = -1 outside the study's bins).
#include <cstdint>

#include "detgrad/muone/reconstruction.hpp"
#include "detgrad/muone/resolution_model.hpp"

namespace detgrad::muone {

// Columns, one value per event. The first five are the event's truth (they do not depend on
// the design); the others are the model's predictions at the design.
enum EventOutput : int {
  kOutBin,           // q2 bin, -1 outside
  kOutQ2,            // true q2, GeV^2
  kOutThetaE,        // true polar angles about the beam muon, rad
  kOutThetaMu,
  kOutDepth,         // vertex depth fraction in the target
  kOutWeight,        // W = n_e sigma L A
  kOutAcceptance,    // A (smooth)
  kOutVarThetaE,     // V_e, rad^2: predicted variance of the electron's angle
  kOutVarThetaMu,    // V_mu, rad^2
  kOutCovTheta,      // cov(theta_e, theta_mu), rad^2
  kOutVarQ2,         // from both angles with the elastic constraint, GeV^4
  kOutVarQ2E,        // from the electron's angle alone, GeV^4
  kOutVarQ2Mu,       // from the muon's angle alone, GeV^4
  kOutRelVarQ2,      // var_q2 / q2^2
  kEventOutputs
};

inline const char* const kEventOutputNames[kEventOutputs] = {
    "bin", "q2_GeV2", "theta_e_rad", "theta_mu_rad", "depth_fraction", "weight", "acceptance",
    "var_theta_e_rad2", "var_theta_mu_rad2", "cov_theta_rad2", "var_q2_GeV4", "var_q2_e_GeV4", "var_q2_mu_GeV4",
    "rel_var_q2"};

// columns[c][row]: event `event` of `step` at the model design d (side models filled).
template <typename T>
DETGRAD_HD void event_model_outputs(const ModelSetup& setup, const ModelDesign<T>& d, std::uint32_t step,
                                    std::uint64_t event, T* const* columns, std::uint64_t row) {
  const EventTruth<T> t = generate_truth<T>(setup, step, event);
  const EventModel<T> e = model_event(setup, d, t);
  const AngleVariances<T> a = angle_variances(setup, d, t);
  columns[kOutBin][row] = T(t.bin);
  columns[kOutQ2][row] = t.q2;
  columns[kOutThetaE][row] = angle_between(t.tx_b, t.ty_b, t.tx_e, t.ty_e);
  columns[kOutThetaMu][row] = angle_between(t.tx_b, t.ty_b, t.tx_mu, t.ty_mu);
  columns[kOutDepth][row] = t.depth;
  columns[kOutWeight][row] = e.weight;
  columns[kOutAcceptance][row] = e.acceptance;
  columns[kOutVarThetaE][row] = a.v_e;
  columns[kOutVarThetaMu][row] = a.v_mu;
  columns[kOutCovTheta][row] = a.cov;
  columns[kOutVarQ2][row] = e.var_q2;
  columns[kOutVarQ2E][row] = e.var_q2_e;
  columns[kOutVarQ2Mu][row] = e.var_q2_mu;
  columns[kOutRelVarQ2][row] = e.rel_var;
}

// Adds sum_c d_out[c] d(out[c])/d(model design) into d_d. Replays the event.
template <typename T>
DETGRAD_HD void event_model_outputs_adjoint(const ModelSetup& setup, const ModelDesign<T>& d, std::uint32_t step,
                                            std::uint64_t event, const T* d_out, ModelDesign<T>& d_d) {
  const EventTruth<T> t = generate_truth<T>(setup, step, event);
  EventModelCotangents<T> c;
  c.weight = d_out[kOutWeight];
  c.acceptance = d_out[kOutAcceptance];
  c.v_e = d_out[kOutVarThetaE];
  c.v_mu = d_out[kOutVarThetaMu];
  c.cov = d_out[kOutCovTheta];
  c.var_q2 = d_out[kOutVarQ2];
  c.var_q2_e = d_out[kOutVarQ2E];
  c.var_q2_mu = d_out[kOutVarQ2Mu];
  c.rel_var = d_out[kOutRelVarQ2];
  model_event_adjoint(setup, d, t, T(0), T(0), d_d, &c);
}

}  // namespace detgrad::muone
