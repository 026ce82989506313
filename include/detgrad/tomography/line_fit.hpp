#pragma once
// Weighted least-squares straight line through the hits of one side of the detector,
// independently in x and y: x(z) = x0 + tx (z - z_ref), y(z) = y0 + ty (z - z_ref): two
// projection fits of the shared tracking module (tracking/projection_fit.hpp; a case of its
// general fit, tracking/track_fit.hpp, with an x view and a y view per panel) that share
// the panels' moments. Hit k has weight omega_k = w_k / sigma_k^2 (w_k: probability that the
// panel fired, sigma_k: resolution), so a panel that rarely fires carries proportionally less
// information. Closed form, with dz_k = z_k - z_ref and u = x or y:
//   S0 = sum omega, S1 = sum omega dz, S2 = sum omega dz^2, Su = sum omega u,
//   Suz = sum omega u dz, D = S0 S2 - S1^2,
//   u0 = (S2 Su - S1 Suz) / D,   t = (S0 Suz - S1 Su) / D,
//   cov(u0, t) = [[S2, -S1], [-S1, S0]] / D   (inverse of the normal matrix).
// z_ref is the caller's choice (e.g. the centre of the panel stack, which keeps D free of
// cancellation in float); the fitted line does not depend on it. The fit exists where D > 0
// (the general fits of the tracking module also refuse a D left over from rounding).
#include "detgrad/core/macros.hpp"
#include "detgrad/tomography/panel_response.hpp"
#include "detgrad/tracking/projection_fit.hpp"

namespace detgrad::tomography {

template <typename T>
struct TrackFit {
  T x0, y0, tx, ty, z_ref;
  T cov_x00, cov_x01, cov_x11, cov_y00, cov_y01, cov_y11;
};

namespace line_fit_detail {
// The panels' line moments (shared by x and y: one resolution and weight per panel) and
// each coordinate's moments.
template <typename T>
struct Moments {
  tracking::LineMoments<T> line;
  tracking::ProjectionMoments<T> x, y;
};

template <typename T>
DETGRAD_HDI Moments<T> moments(const PanelHit<T>* hits, int n, T z_ref) {
  Moments<T> s{{T(0), T(0), T(0)}, {T(0), T(0)}, {T(0), T(0)}};
  for (int k = 0; k < n; ++k)
    tracking::add_measurement(s.line, s.x, s.y, hits[k].z, hits[k].x, hits[k].y, hits[k].sigma, hits[k].weight, z_ref);
  return s;
}
}  // namespace line_fit_detail

// Fits both projections. Returns false (and a zero fit) when D <= 0, i.e. fewer than two
// distinct z carry a positive weight: the muon is then not usable and its usable weight
// (usable_weight.hpp) is what carries the gradient.
template <typename T>
DETGRAD_HDI bool line_fit(const PanelHit<T>* hits, int n, T z_ref, TrackFit<T>& fit) {
  const line_fit_detail::Moments<T> s = line_fit_detail::moments(hits, n, z_ref);
  const T det = tracking::line_determinant(s.line);
  fit = TrackFit<T>{T(0), T(0), T(0), T(0), z_ref, T(0), T(0), T(0), T(0), T(0), T(0)};
  if (!(det > T(0))) return false;
  const T inv_d = T(1) / det;
  tracking::solve_projection(s.line, s.x, inv_d, fit.x0, fit.tx);
  tracking::solve_projection(s.line, s.y, inv_d, fit.y0, fit.ty);
  tracking::projection_covariance(s.line, inv_d, fit.cov_x00, fit.cov_x01, fit.cov_x11);
  fit.cov_y00 = fit.cov_x00;
  fit.cov_y01 = fit.cov_x01;
  fit.cov_y11 = fit.cov_x11;
  return true;
}

// Reverse of the closed form (the steps' adjoints in tracking/projection_fit.hpp): the two
// coordinates' covariances are the same function of the line moments, so their cotangents
// are added first. d_hits receives d x, d y, d z, d sigma, d weight per hit.
template <typename T>
DETGRAD_HDI void line_fit_adjoint(const PanelHit<T>* hits, int n, T z_ref, const TrackFit<T>& d_fit,
                                  PanelHit<T>* d_hits, T& d_z_ref) {
  d_z_ref += d_fit.z_ref;
  const line_fit_detail::Moments<T> s = line_fit_detail::moments(hits, n, z_ref);
  const T det = tracking::line_determinant(s.line);
  if (!(det > T(0))) return;
  const T inv_d = T(1) / det;
  line_fit_detail::Moments<T> d_s{{T(0), T(0), T(0)}, {T(0), T(0)}, {T(0), T(0)}};
  T d_det = T(0);
  const T dc00 = d_fit.cov_x00 + d_fit.cov_y00, dc01 = d_fit.cov_x01 + d_fit.cov_y01;
  const T dc11 = d_fit.cov_x11 + d_fit.cov_y11;
  tracking::projection_covariance_adjoint(s.line, inv_d, dc00, dc01, dc11, d_s.line, d_det);
  tracking::solve_projection_adjoint(s.line, s.x, inv_d, d_fit.x0, d_fit.tx, d_s.line, d_s.x, d_det);
  tracking::solve_projection_adjoint(s.line, s.y, inv_d, d_fit.y0, d_fit.ty, d_s.line, d_s.y, d_det);
  tracking::line_determinant_adjoint(s.line, d_det, d_s.line);
  for (int k = 0; k < n; ++k) {
    const PanelHit<T>& h = hits[k];
    PanelHit<T>& d = d_hits[k];
    tracking::add_measurement_adjoint(h.z, h.x, h.y, h.sigma, h.weight, z_ref, d_s.line, d_s.x, d_s.y, d.z, d.x, d.y,
                                      d.sigma, d.weight, d_z_ref);
  }
}

}  // namespace detgrad::tomography
