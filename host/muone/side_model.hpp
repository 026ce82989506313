#pragma once
// The side matrices of the smooth model (resolution_model.hpp) from the design, once per
// design, through the shared straight-line track fit (include/detgrad/tracking/track_fit.hpp),
// and their adjoint.
//
// A side's modules i (in flight order) measure u_i = cos_i x + sin_i y at z_i with
// resolution sigma_i and weight (efficiency) eps_i. The fit of these measurements at
// z_ref gives the covariance P (4 x 4, order x0, tx, y0, ty) and, being linear in the u_i,
// the fitted parameters p = P sum_i omega_i h_i u_i (omega = eps / sigma^2,
// h_i = (c, c dz, s, s dz), dz = z_i - z_ref). So the slope along a direction n is
//   n . (tx, ty) = sum_i c_i u_i,   c_i = n . gamma_i,   gamma_i = omega_i ((P h_i)_tx, (P h_i)_ty).
// With scattering_variance.hpp's A_k = n . alpha_k, B_k = n . beta_k,
//   alpha_k = sum_{i>k} gamma_i (z_i - z_k) cos_i - s (1, 0),  beta_k = (... sin_i) - s (0, 1),
// the scattering variance is n^T M n / p^2 with
//   M = sum_k theta_k^2 (alpha_k alpha_k^T + beta_k beta_k^T),
// theta_k^2 = Highland's width^2 of module k for p = 1 GeV/c, beta = 1 (its own run), and
// C is the (tx, ty) block of P.
#include <vector>

#include "detgrad/muone/resolution_model.hpp"
#include "detgrad/muone/scattering_variance.hpp"

namespace detgrad::muone {

struct SideModule {
  double z, cos_view, sin_view, sigma, efficiency, thickness_x0;
};

// Cotangents of a side's design: d z and d sigma per module, d z_ref.
struct SideModuleCotangents {
  std::vector<double> d_z, d_sigma;
  double d_z_ref = 0.0;
};

// False where the fit does not exist (too few modules or views).
bool side_model(const std::vector<SideModule>& modules, double z_ref, TrackSide side, SideModel<double>& out);

void side_model_adjoint(const std::vector<SideModule>& modules, double z_ref, TrackSide side,
                        const SideModel<double>& d_model, SideModuleCotangents& d);

// The modules of one side of a station's design.
std::vector<SideModule> side_modules(const StationFixed& fixed, const StationDesign<double>& design, TrackSide side);

// Both sides into the model design (z_ref: the target's centre); false if a fit fails.
bool fill_side_models(const StationFixed& fixed, ModelDesign<double>& design);
// Adds the sides' cotangents (d_model.in, d_model.out) to d_model.station.
void side_models_adjoint(const StationFixed& fixed, const ModelDesign<double>& design, ModelDesign<double>& d_model);

}  // namespace detgrad::muone
