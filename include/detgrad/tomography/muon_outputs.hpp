#pragma once
// A muon's inferred quantities as per-event outputs (the Python module's
// detgrad.torch.event_outputs), forward and adjoint side by side. The forward is infer_muon,
// the code the passes run; the adjoint replays it (same random numbers) and takes the
// outputs' cotangents into the same chain back to the design as the voxel sums
// (muon_inference_adjoint). Values are 0 where the muon is not usable (usable = 0): there
// they do not depend on the design.
#include <cstdint>

#include "detgrad/tomography/muon_inference.hpp"

namespace detgrad::tomography {

// Columns, one value per muon. usable and beta_momentum do not depend on the design.
enum MuonOutput : int {
  kOutUsable,          // 1: reached every panel's plane and both fits exist; else 0
  kOutUsableWeight,    // P(>= 2 hits above) P(>= 2 hits below)
  kOutWeight,          // usable weight x uncertainty weight (the voxel sums' weight)
  kOutInverseX0,       // the muon's estimate of 1/X0, 1/m (Highland without its log term)
  kOutPath,            // L, m: the path through the volume along the incoming track
  kOutBetaMomentum,    // measured beta p, GeV/c
  kOutThetaX, kOutThetaY, kOutThetaSpace,  // scattering angles, rad
  kOutVarThetaX, kOutVarThetaY,            // their variances from the fits, rad^2
  kOutPocaX, kOutPocaY, kOutPocaZ,         // point of closest approach, m
  kOutPocaSigmaX, kOutPocaSigmaY, kOutPocaSigmaZ,  // its uncertainties, m
  kOutInX, kOutInY, kOutInSlopeX, kOutInSlopeY,      // incoming fit at the upper reference plane
  kOutOutX, kOutOutY, kOutOutSlopeX, kOutOutSlopeY,  // outgoing fit at the lower reference plane
  kMuonOutputs
};

inline const char* const kMuonOutputNames[kMuonOutputs] = {
    "usable", "usable_weight", "weight", "inverse_x0_per_m", "path_m", "beta_momentum_GeV",
    "theta_x_rad", "theta_y_rad", "theta_space_rad", "var_theta_x_rad2", "var_theta_y_rad2",
    "poca_x_m", "poca_y_m", "poca_z_m", "poca_sigma_x_m", "poca_sigma_y_m", "poca_sigma_z_m",
    "in_x_m", "in_y_m", "in_slope_x", "in_slope_y", "out_x_m", "out_y_m", "out_slope_x", "out_slope_y"};

// out[0 .. kMuonOutputs): the muon's outputs (all 0 when it is not usable).
template <typename T>
DETGRAD_HD void muon_outputs(const TomographySetup& s, const DesignParams<T>& design, std::uint64_t event, T* out) {
  for (int c = 0; c < kMuonOutputs; ++c) out[c] = T(0);
  MuonInference<T> r;
  infer_muon(s, design, event, r);
  if (!r.usable) return;
  out[kOutUsable] = T(1);
  out[kOutUsableWeight] = r.usable_weight;
  out[kOutWeight] = r.weight;
  out[kOutInverseX0] = r.inverse_x0;
  out[kOutPath] = r.path_m;
  out[kOutBetaMomentum] = r.beta_momentum;
  out[kOutThetaX] = r.angles.theta_x;
  out[kOutThetaY] = r.angles.theta_y;
  out[kOutThetaSpace] = r.angles.theta_space;
  out[kOutVarThetaX] = r.angles.var_theta_x;
  out[kOutVarThetaY] = r.angles.var_theta_y;
  out[kOutPocaX] = r.poca.x;
  out[kOutPocaY] = r.poca.y;
  out[kOutPocaZ] = r.poca.z;
  out[kOutPocaSigmaX] = r.poca_sigma.sigma_x;
  out[kOutPocaSigmaY] = r.poca_sigma.sigma_y;
  out[kOutPocaSigmaZ] = r.poca_sigma.sigma_z;
  out[kOutInX] = r.in.x0;
  out[kOutInY] = r.in.y0;
  out[kOutInSlopeX] = r.in.tx;
  out[kOutInSlopeY] = r.in.ty;
  out[kOutOutX] = r.out.x0;
  out[kOutOutY] = r.out.y0;
  out[kOutOutSlopeX] = r.out.tx;
  out[kOutOutSlopeY] = r.out.ty;
}

// The muon's outputs written into columns: columns[c][row] (one array per output).
template <typename T>
DETGRAD_HD void muon_outputs_to_columns(const TomographySetup& s, const DesignParams<T>& design, std::uint64_t event,
                                        T* const* columns, std::uint64_t row) {
  T out[kMuonOutputs];
  muon_outputs(s, design, event, out);
  for (int c = 0; c < kMuonOutputs; ++c) columns[c][row] = out[c];
}

// Adds sum_c d_out[c] d(out[c])/d(design) into d_design. Replays infer_muon.
template <typename T>
DETGRAD_HD void muon_outputs_adjoint(const TomographySetup& s, const DesignParams<T>& design, std::uint64_t event,
                                     const T* d_out, DesignParams<T>& d_design) {
  MuonInference<T> r;
  infer_muon(s, design, event, r);
  if (!r.usable) return;
  MuonInferenceCotangents<T> d{};
  d.usable_weight = d_out[kOutUsableWeight];
  d.weight = d_out[kOutWeight];
  d.inverse_x0 = d_out[kOutInverseX0];
  d.path_m = d_out[kOutPath];
  d.angles.theta_x = d_out[kOutThetaX];
  d.angles.theta_y = d_out[kOutThetaY];
  d.angles.theta_space = d_out[kOutThetaSpace];
  d.angles.var_theta_x = d_out[kOutVarThetaX];
  d.angles.var_theta_y = d_out[kOutVarThetaY];
  d.poca = Vec3<T>{d_out[kOutPocaX], d_out[kOutPocaY], d_out[kOutPocaZ]};
  d.poca_sigma.sigma_x = d_out[kOutPocaSigmaX];
  d.poca_sigma.sigma_y = d_out[kOutPocaSigmaY];
  d.poca_sigma.sigma_z = d_out[kOutPocaSigmaZ];
  d.in.x0 = d_out[kOutInX];
  d.in.y0 = d_out[kOutInY];
  d.in.tx = d_out[kOutInSlopeX];
  d.in.ty = d_out[kOutInSlopeY];
  d.out.x0 = d_out[kOutOutX];
  d.out.y0 = d_out[kOutOutY];
  d.out.tx = d_out[kOutOutSlopeX];
  d.out.ty = d_out[kOutOutSlopeY];
  muon_inference_adjoint(s, design, r, d, d_design);
}

}  // namespace detgrad::tomography
