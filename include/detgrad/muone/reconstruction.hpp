#pragma once
// Reconstruction of one simulated event (the evaluation mode): straight-line fits (the
// shared track fit, include/detgrad/tracking/track_fit.hpp) of the incoming muon from the
// upstream hits and of the outgoing muon and electron from the downstream hits, a vertex fit
// of the three tracks (below), the polar angles of both
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
#include "detgrad/tracking/track_extrapolation.hpp"
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

// Vertex fit of the three tracks: at a trial z, each track's point p_k(z) with its
// covariance W_k^-1 from the fit (track_extrapolation.hpp); the vertex's (x, y) is their
// weighted mean (sum W_k)^-1 sum W_k p_k and chi2(z) = sum (p_k - v)^T W_k (p_k - v). chi2 is
// minimised over z within `half_range` of `z_centre` by golden-section search
// (kVertexSearchSteps steps: the interval shrinks by 0.618 per step).
constexpr int kVertexSearchSteps = 40;

template <typename T>
DETGRAD_HDI T vertex_chi2(const tracking::TrackFit<T>* const* tracks, int n, T z) {
  T p[3][2], w[3][3];  // points; weight matrices (xx, xy, yy)
  T sxx = T(0), sxy = T(0), syy = T(0), bx = T(0), by = T(0);
  for (int k = 0; k < n; ++k) {
    const tracking::TrackPoint<T> q = tracking::extrapolate_track(*tracks[k], z);
    const T det = q.var_x * q.var_y - q.cov_xy * q.cov_xy;
    w[k][0] = q.var_y / det;
    w[k][1] = -q.cov_xy / det;
    w[k][2] = q.var_x / det;
    p[k][0] = q.x;
    p[k][1] = q.y;
    sxx += w[k][0];
    sxy += w[k][1];
    syy += w[k][2];
    bx += w[k][0] * q.x + w[k][1] * q.y;
    by += w[k][1] * q.x + w[k][2] * q.y;
  }
  const T det = sxx * syy - sxy * sxy;
  const T vx = (syy * bx - sxy * by) / det, vy = (sxx * by - sxy * bx) / det;
  T chi2 = T(0);
  for (int k = 0; k < n; ++k) {
    const T rx = p[k][0] - vx, ry = p[k][1] - vy;
    chi2 += w[k][0] * rx * rx + T(2) * w[k][1] * rx * ry + w[k][2] * ry * ry;
  }
  return chi2;
}

template <typename T>
DETGRAD_HDI T fit_vertex_z(const tracking::TrackFit<T>* const* tracks, int n, T z_centre, T half_range) {
  const T g = T(0.6180339887498949);
  T a = z_centre - half_range, b = z_centre + half_range;
  T c = b - g * (b - a), d = a + g * (b - a);
  T fc = vertex_chi2(tracks, n, c), fd = vertex_chi2(tracks, n, d);
  for (int i = 0; i < kVertexSearchSteps; ++i) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = vertex_chi2(tracks, n, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = vertex_chi2(tracks, n, d);
    }
  }
  return T(0.5) * (a + b);
}

// q2 three ways (see the top) from r.theta_e and r.theta_mu, with the angles' covariance
// predicted from the three track fits r.in, r.electron and r.muon.
template <typename T>
DETGRAD_HD void q2_from_angles(const ModelSetup& setup, const ModelDesign<T>& d, Reconstruction<T>& r) {
  const StationFixed& fx = setup.fixed;
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
  // The vertex within 10 cm of the target's centre (beyond: no hit would be plausible).
  const tracking::TrackFit<T>* tracks[3] = {&r.in, &r.electron, &r.muon};
  r.vertex_z = fit_vertex_z(tracks, 3, d.station.target.z, T(0.1));
  r.theta_e = angle_between(r.in.tx, r.in.ty, r.electron.tx, r.electron.ty);
  r.theta_mu = angle_between(r.in.tx, r.in.ty, r.muon.tx, r.muon.ty);
  q2_from_angles(setup, d, r);
}

}  // namespace detgrad::muone
