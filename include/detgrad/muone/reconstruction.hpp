#pragma once
// Reconstruction of one simulated event (the evaluation mode): straight-line fits (the
// shared track fit, include/detgrad/tracking/track_fit.hpp) of the incoming muon from the
// upstream hits and of the outgoing muon and electron from the downstream hits, the vertex
// as the point of closest approach of the two outgoing tracks, the polar angles of both
// relative to the incoming track, and q2 three ways:
//   from the electron angle:  q2_from_electron_tan at the beam's nominal energy;
//   from the muon angle:      q2_from_muon_tan, on the branch the electron angle points to
//                             (below or above the q2 of the muon's largest angle);
//   from both with the elastic constraint: q2 minimising r^T V^-1 r,
//                             r = (theta_e - theta_e(q2), theta_mu - theta_mu(q2)),
//                             by Gauss-Newton steps from the electron's q2, with V the
//                             predicted covariance of the two angles (resolution_model.hpp's
//                             V_e, V_mu, cov, the beam's energy spread included) at the
//                             electron's q2 and mid-target.
// The predicted variances use the fits' own covariances for the hit resolution and the
// side models' scattering matrices, so that the pulls (reconstructed - true) / predicted
// width test both.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"
#include "detgrad/muone/event_simulation.hpp"
#include "detgrad/muone/q2_combination.hpp"
#include "detgrad/muone/resolution_model.hpp"
#include "detgrad/tracking/track_fit.hpp"

namespace detgrad::muone {

constexpr int kElasticFitSteps = 4;

template <typename T>
struct Reconstruction {
  bool ok;               // all three tracks fitted
  tracking::TrackFit<T> in, electron, muon;
  T theta_e, theta_mu;   // reconstructed polar angles about the incoming track, rad
  T var_theta_e, var_theta_mu, cov_theta;  // predicted (see the top)
  T q2_e, q2_mu, q2;     // GeV^2: electron angle, muon angle, both
  T var_q2;              // predicted variance of q2 (both), GeV^4
  T vertex_z;            // m
};

// Polar angle between the directions (tx, ty, 1) and (ux, uy, 1).
template <typename T>
DETGRAD_HDI T angle_between(T tx, T ty, T ux, T uy) {
  const T cx = ty - uy, cy = ux - tx, cz = tx * uy - ty * ux;  // (t, 1) x (u, 1)
  const T cross = std::sqrt(cx * cx + cy * cy + cz * cz);
  const T dot = tx * ux + ty * uy + T(1);
  return std::atan2(cross, dot);
}

template <typename T>
DETGRAD_HDI int gather_hits(const StationFixed& fx, const StationDesign<T>& d, const ModuleHit<T>* hits, int first,
                            int end, tracking::TrackMeasurement<T>* out) {
  int n = 0;
  for (int m = first; m < end; ++m) {
    if (!hits[m].present) continue;
    out[n++] = tracking::TrackMeasurement<T>{d.module[m].z, T(fx.module[m].cos_view), T(fx.module[m].sin_view),
                                             hits[m].u_measured, d.module[m].sigma, T(1)};
  }
  return n;
}

// Variance of the slope along (nx, ny) from a fit's covariance.
template <typename T>
DETGRAD_HDI T fitted_slope_variance(const tracking::TrackFit<T>& f, T nx, T ny) {
  using namespace tracking;
  return quadratic_form(f.covariance(kTx, kTx), f.covariance(kTx, kTy), f.covariance(kTy, kTy), nx, ny);
}

// z of closest approach of two lines (slopes a, b through (xa, ya), (xb, yb) at z_ref).
template <typename T>
DETGRAD_HDI T closest_approach_z(const tracking::TrackFit<T>& a, const tracking::TrackFit<T>& b) {
  const T dtx = a.tx - b.tx, dty = a.ty - b.ty;
  const T dx = a.x0 - b.x0, dy = a.y0 - b.y0;
  const T den = dtx * dtx + dty * dty;
  return den > T(0) ? a.z_ref - (dx * dtx + dy * dty) / den : a.z_ref;
}

template <typename T>
DETGRAD_HD void reconstruct_event(const ModelSetup& setup, const ModelDesign<T>& d, const SimulatedEvent<T>& ev,
                                  Reconstruction<T>& r) {
  const StationFixed& fx = setup.fixed;
  const T z_ref = d.station.target.z;
  tracking::TrackMeasurement<T> m[kMaxModules];
  r.ok = false;
  int n = gather_hits(fx, d.station, ev.muon_hit, 0, fx.n_upstream, m);
  if (!tracking::fit_track(m, n, z_ref, r.in)) return;
  n = gather_hits(fx, d.station, ev.electron_hit, fx.n_upstream, fx.n_modules, m);
  if (!tracking::fit_track(m, n, z_ref, r.electron)) return;
  n = gather_hits(fx, d.station, ev.muon_hit, fx.n_upstream, fx.n_modules, m);
  if (!tracking::fit_track(m, n, z_ref, r.muon)) return;
  r.ok = true;
  r.vertex_z = closest_approach_z(r.electron, r.muon);
  r.theta_e = angle_between(r.in.tx, r.in.ty, r.electron.tx, r.electron.ty);
  r.theta_mu = angle_between(r.in.tx, r.in.ty, r.muon.tx, r.muon.ty);

  const ElasticKinematics<T> k = ElasticKinematics<T>::from_momentum(T(fx.beam.momentum_GeV));
  r.q2_e = q2_from_electron_tan(k, std::tan(r.theta_e));
  const T q2_peak = q2_from_muon_tan(k, std::tan(k.muon_angle_max()), MuonBranch::low_q2);
  r.q2_mu = q2_from_muon_tan(k, std::tan(r.theta_mu), r.q2_e < q2_peak ? MuonBranch::low_q2 : MuonBranch::high_q2);

  // Predicted angle covariance at the electron's q2, mid-target, along the electron's
  // direction about the incoming track.
  T nx = r.electron.tx - r.in.tx, ny = r.electron.ty - r.in.ty;
  const T nn = std::sqrt(nx * nx + ny * ny);
  nx = nn > T(0) ? nx / nn : T(1);
  ny = nn > T(0) ? ny / nn : T(0);
  const T q2_hi = k.q2_max() * T(0.999999);
  const T q2_lo = T(fx.range.q2_lo_GeV2) * T(0.5);
  const T q2_start = r.q2_e < q2_lo ? q2_lo : (r.q2_e > q2_hi ? q2_hi : r.q2_e);
  const ElasticFinalState<T> f = elastic_final_state(k, q2_start);
  const T x0 = T(fx.target.radiation_length_m), half = T(0.5) * d.station.target.thickness;
  const T v_in = fitted_slope_variance(r.in, nx, ny) +
                 quadratic_form(d.in.mxx, d.in.mxy, d.in.myy, nx, ny) / (k.momentum * k.momentum) +
                 target_theta2(k.momentum, half, x0);
  const T m_out = quadratic_form(d.out.mxx, d.out.mxy, d.out.myy, nx, ny);
  r.var_theta_e = fitted_slope_variance(r.electron, nx, ny) +
                  m_out / (f.electron_momentum * f.electron_momentum) + target_theta2(f.electron_momentum, half, x0) + v_in;
  r.var_theta_mu = fitted_slope_variance(r.muon, nx, ny) + m_out / (f.muon_momentum * f.muon_momentum) +
                   target_theta2(f.muon_momentum, half, x0) + v_in;
  T a_e, a_mu;
  elastic_angle_energy_slopes(k, q2_start, a_e, a_mu);
  const T se2 = T(fx.beam.momentum_sigma_GeV * fx.beam.momentum_sigma_GeV);
  r.var_theta_e += se2 * a_e * a_e;
  r.var_theta_mu += se2 * a_mu * a_mu;
  r.cov_theta = se2 * a_e * a_mu - v_in;

  // Gauss-Newton on chi2(q2) = r^T V^-1 r.
  const T det = r.var_theta_e * r.var_theta_mu - r.cov_theta * r.cov_theta;
  const T w_ee = r.var_theta_mu / det, w_mm = r.var_theta_e / det, w_em = -r.cov_theta / det;
  T q2 = q2_start;
  for (int i = 0; i < kElasticFitSteps; ++i) {
    const ElasticFinalState<T> g = elastic_final_state(k, q2);
    T je, jm;
    elastic_angle_slopes(k, q2, je, jm);
    const T re = r.theta_e - std::atan(g.tan_electron), rm = r.theta_mu - std::atan(g.tan_muon);
    const T num = je * (w_ee * re + w_em * rm) + jm * (w_em * re + w_mm * rm);
    const T info = je * (w_ee * je + w_em * jm) + jm * (w_em * je + w_mm * jm);
    q2 += num / info;
    q2 = q2 < q2_lo ? q2_lo : (q2 > q2_hi ? q2_hi : q2);
  }
  r.q2 = q2;
  T je, jm;
  elastic_angle_slopes(k, q2, je, jm);
  r.var_q2 = combined_q2_variance(r.var_theta_e, r.var_theta_mu, r.cov_theta, je, jm);
}

}  // namespace detgrad::muone
