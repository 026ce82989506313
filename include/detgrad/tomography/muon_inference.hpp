#pragma once
// One muon through the tomography chain, forward and adjoint side by side:
//   transport -> panel hits (reparameterised noise) -> straight-line fits above and below
//   -> scattering angles and PoCA with their propagated uncertainties -> the muon's
//   estimate of 1/X0 (Highland without its log term; the log term is applied per voxel on
//   the host) -> its weight (usable-muon probability x uncertainty weight) -> a soft
//   assignment to the 3 x 3 x 3 voxels around its PoCA.
// The contributions to voxel v are  w_v = weight a_v,  A_v += w_v q,  B_v += w_v,
// C_v += w_v L  (q: the 1/X0 estimate, L: the path through the volume); and, for the
// fill-height question, H += weight in z and W += weight in (z: the PoCA's height, in:
// its probability of lying in the height region's layers).
// The adjoint replays the forward (same random numbers) and turns dLoss/d(A, B, C) into
// dLoss/d(design parameters).
#include <cmath>

#include "detgrad/core/random.hpp"
#include "detgrad/physics/muon_kinematics.hpp"
#include "detgrad/tomography/line_fit.hpp"
#include "detgrad/tomography/poca.hpp"
#include "detgrad/tomography/scattering_angle.hpp"
#include "detgrad/tomography/tomography_setup.hpp"
#include "detgrad/tomography/usable_weight.hpp"
#include "detgrad/tomography/x0_inversion.hpp"
#include "detgrad/tomography/transport/muon_transport.hpp"

namespace detgrad::tomography {

template <typename T>
using InferenceWindow = AxisAssignment<T, kInferenceHalfWindow>;

// Everything the forward pass derives for one muon; the adjoint reads it back.
template <typename T>
struct MuonInference {
  bool usable;            // reached every panel's plane, and both fits exist
  T noise_x[kMaxPanels], noise_y[kMaxPanels];  // the hits' standard normal draws
  T fire[kMaxPanels];     // evaluation model: the uniform draw compared with the efficiency
  Vec3<T> window_centre;  // where the assignment window is centred (see TomographySetup)
  PanelHit<T> hit[kMaxPanels];
  PlaneCrossing<T> crossing[kMaxPanels];  // true crossings at the reference planes
  T usable_weight;        // P(>= 2 hits above) P(>= 2 hits below)
  TrackFit<T> in, out;
  ScatteringAngles<T> angles;
  Vec3<T> poca;
  Vec3<T> poca_in_volume;  // the PoCA clamped to the volume's outer voxel centres: where it is assigned
  PocaUncertainty<T> poca_sigma;
  T beta_momentum;        // (measured) beta p, GeV/c
  T path_m;               // L = H sqrt(1 + tx_in^2 + ty_in^2)
  T inverse_x0;           // q, 1/m
  T uncertainty_weight;   // u = (s_ref / (s_ref + s_noise))^2
  T weight;               // usable_weight * u
  T height_in_region;     // sum of az over the window layers inside the height region
  InferenceWindow<T> ax, ay, az;
};

// Whether window layer k of the z assignment lies in the height region.
template <typename T>
DETGRAD_HDI bool layer_in_height_region(const TomographySetup& s, const InferenceWindow<T>& az, int k) {
  const VoxelGridView& g = s.transport.grid;
  const double centre = g.origin_m[2] + (az.first + k + 0.5) * g.voxel_size_m[2];
  return centre >= s.height_region_z_m[0] && centre <= s.height_region_z_m[1] &&
         s.height_region_z_m[1] > s.height_region_z_m[0];
}

// A panel's hit weight for the muon: efficiency x acceptance at its true crossing (in the
// evaluation model, 1 or 0 from the efficiency draw and the hard edges).
template <typename T, typename U>
DETGRAD_HDI T hit_weight(const TomographySetup& s, const PanelParams<U>& design_panel, const MuonInference<T>& r,
                         int k) {
  const PanelParams<T> p = panel_as<T>(design_panel);
  const PlaneCrossing<T>& c = r.crossing[k];
  const T dz = p.z - T(s.transport.plane_z_m[k]);
  const T x_true = c.x_m + c.slope_x * dz, y_true = c.y_m + c.slope_y * dz;
  if (s.model == DetectorModel::evaluation) {
    const T a = panel_acceptance(x_true, y_true, p, T(s.edge_length_m), EdgeMode::hard);
    return (r.fire[k] < p.efficiency && a > T(0)) ? T(1) : T(0);
  }
  return panel_hit_weight(x_true, y_true, p, T(s.edge_length_m), EdgeMode::smooth);
}

// First half of the hits: every panel's hit weight, and the usable weight
// P(>= 2 hits above) P(>= 2 hits below). Needs the crossings, not the noise draws.
template <typename T, typename U>
DETGRAD_HD T hit_weights(const TomographySetup& s, const DesignParams<U>& design, const MuonInference<T>& r,
                         PanelHit<T>* hit) {
  T w[kMaxPanels];
  for (int k = 0; k < s.panels_above + s.panels_below; ++k) w[k] = hit[k].weight = hit_weight(s, design.panel[k], r, k);
  return usable_muon_weight(w, s.panels_above, w + s.panels_above, s.panels_below);
}

// Second half: the hits' positions (true crossing plus resolution times the noise draw,
// see panel_hit) and the fits above and below. Returns false when a fit does not exist.
template <typename T, typename U>
DETGRAD_HD bool hit_positions_and_fits(const TomographySetup& s, const DesignParams<U>& design,
                                       const MuonInference<T>& r, PanelHit<T>* hit, TrackFit<T>& in,
                                       TrackFit<T>& out) {
  for (int k = 0; k < s.panels_above + s.panels_below; ++k) {
    const PanelParams<T> p = panel_as<T>(design.panel[k]);
    const PlaneCrossing<T>& c = r.crossing[k];
    const T dz = p.z - T(s.transport.plane_z_m[k]);
    panel_hit_position(c.x_m + c.slope_x * dz, c.y_m + c.slope_y * dz, r.noise_x[k], r.noise_y[k], p, hit[k]);
  }
  if (!line_fit(hit, s.panels_above, T(s.z_ref_above_m), in)) return false;
  return line_fit(hit + s.panels_above, s.panels_below, T(s.z_ref_below_m), out);
}

// The hits and the two fits of a muon for a design, from its true crossings and noise
// draws. Returns false when the muon is unusable (no chance of 2 hits a side, or no fit).
template <typename T, typename U>
DETGRAD_HD bool fit_tracks(const TomographySetup& s, const DesignParams<U>& design, const MuonInference<T>& r,
                           PanelHit<T>* hit, T& usable_weight, TrackFit<T>& in, TrackFit<T>& out) {
  usable_weight = hit_weights(s, design, r, hit);
  if (!(usable_weight > T(0))) return false;
  return hit_positions_and_fits(s, design, r, hit, in, out);
}

// The PoCA moved into the volume: to the nearest outer voxel's centre where it lies
// outside (see infer_muon).
template <typename T>
DETGRAD_HDI Vec3<T> poca_in_volume(const VoxelGridView& g, Vec3<T> poca) {
  Vec3<T> inside;
  for (int a = 0; a < 3; ++a) {
    const T half = T(0.5) * T(g.voxel_size_m[a]);
    const T c = component(poca, a), lo = T(g.low(a)) + half, hi = T(g.high(a)) - half;
    set_component(inside, a, c < lo ? lo : (c > hi ? hi : c));
  }
  return inside;
}

// The detector stream's draws, in this order: per panel a normal pair (x, y) and, in the
// evaluation model, a uniform for the efficiency; then the momentum's normal.
template <typename T>
DETGRAD_HD void infer_muon(const TomographySetup& s, const DesignParams<T>& design, std::uint64_t event,
                           MuonInference<T>& r) {
  r.usable = false;
  r.weight = T(0);
  const int n = s.panels_above + s.panels_below;
  const MuonTrack<T> track = transport_muon<T>(s.transport, event);
  if (!(track.flags & kReachedBottom) || track.planes_crossed < n) return;

  // The detector's draws in their fixed order (per panel two uniforms for the noise and,
  // in the evaluation model, one for the efficiency). The hit weights need only the
  // crossings in the optimisation model, so there a muon without a chance of two hits on
  // each side (most unusable muons) stops before any draw; the uniforms become normals only
  // for the muons that go on (the same numbers either way).
  EventRandom rng(s.transport.seed, s.transport.step, RandomStream::detector, event);
  const bool weights_need_draws = s.model == DetectorModel::evaluation;
  const auto draw = [&] {
    for (int k = 0; k < n; ++k) {
      r.noise_x[k] = rng.uniform<T>();
      r.noise_y[k] = rng.uniform<T>();
      r.fire[k] = weights_need_draws ? rng.uniform<T>() : T(0);
    }
  };
  for (int k = 0; k < n; ++k) r.crossing[k] = track.planes[k];
  if (weights_need_draws) draw();
  r.usable_weight = hit_weights(s, design, r, r.hit);
  if (!(r.usable_weight > T(0))) return;
  if (!weights_need_draws) draw();
  for (int k = 0; k < n; ++k) EventRandom::box_muller(r.noise_x[k], r.noise_y[k], r.noise_x[k], r.noise_y[k]);
  if (!hit_positions_and_fits(s, design, r, r.hit, r.in, r.out)) return;
  r.usable = true;

  scattering_angles(r.in, r.out, r.angles);
  poca(r.in, r.out, r.poca);
  poca_uncertainty(r.in, r.out, r.poca.z, r.angles.theta_space, T(s.theta_floor_rad), r.poca_sigma);

  // beta p: the geometric mean of entry and exit (exact for a linear loss, like the
  // transport's width), smeared by the momentum resolution.
  const T bp_in = beta_momentum(kinetic_from_momentum(track.momentum_GeV));
  const T bp_out = (track.flags & kEnteredVolume) ? beta_momentum(kinetic_from_momentum(track.exit_momentum_GeV)) : bp_in;
  r.beta_momentum = std::sqrt(bp_in * bp_out);
  if (s.momentum_resolution > 0.0) r.beta_momentum *= T(1) + T(s.momentum_resolution) * rng.normal<T>();

  const T slope2 = T(1) + r.in.tx * r.in.tx + r.in.ty * r.in.ty;
  r.path_m = T(s.volume_height_m) * std::sqrt(slope2);
  // The signal is the space angle: theta_space^2 = theta_1^2 + theta_2^2 in the muon's own
  // frame, so E[theta_space^2 / 2] = theta0^2 at any zenith angle. (The differences of the
  // slopes' angles in the fixed x-z and y-z planes are inflated by up to 1/cos(zenith) for
  // inclined muons.) The noise variance is that of the slope angles.
  const T noise_variance = T(0.5) * (r.angles.var_theta_x + r.angles.var_theta_y);
  r.inverse_x0 = inverse_x0_from_scattering(r.angles.theta_space, T(0), noise_variance, r.beta_momentum, T(1),
                                            r.path_m, HighlandForm::without_log);
  // Expected scattering variance of a reference material over L, and the weight that
  // falls as the measurement noise grows past it.
  const T k = T(units::kHighlandScale_GeV) / r.beta_momentum;
  const T reference = k * k * r.path_m / T(s.reference_x0_m);
  const T ratio = reference / (reference + noise_variance);
  r.uncertainty_weight = ratio * ratio;
  r.weight = r.usable_weight * r.uncertainty_weight;

  // The scattering happened in the volume: a PoCA outside it (a small angle makes its
  // position, z above all, uncertain) is assigned to the nearest outer voxel, at its
  // centre, instead of being dropped or halved, which would select muons by their angle
  // and bias the inference.
  const VoxelGridView& g = s.transport.grid;
  r.poca_in_volume = poca_in_volume(g, r.poca);
  r.window_centre = r.poca_in_volume;
  if (s.window_from_reference) {
    PanelHit<T> hit[kMaxPanels];
    T usable;
    TrackFit<T> in, out;
    Vec3<T> reference_poca;
    if (fit_tracks(s, s.reference_design, r, hit, usable, in, out) && poca(in, out, reference_poca))
      r.window_centre = poca_in_volume(g, reference_poca);
  }
  const Vec3<T>& pv = r.poca_in_volume;
  const Vec3<T>& wc = r.window_centre;
  const WindowNormalisation none = WindowNormalisation::none;
  assign_axis_around(pv.x, r.poca_sigma.sigma_x, wc.x, grid_axis<T>(g, 0), none, r.ax);
  assign_axis_around(pv.y, r.poca_sigma.sigma_y, wc.y, grid_axis<T>(g, 1), none, r.ay);
  assign_axis_around(pv.z, r.poca_sigma.sigma_z, wc.z, grid_axis<T>(g, 2), none, r.az);
  r.height_in_region = T(0);
  for (int k = 0; k < r.az.count; ++k)
    if (layer_in_height_region(s, r.az, k)) r.height_in_region += r.az.prob[k];
}

// Calls visit(voxel_index, w_v) for the voxels of the muon's window.
template <typename T, class Visit>
DETGRAD_HD void for_each_window_voxel(const VoxelGridView& g, const MuonInference<T>& r, Visit&& visit) {
  for (int k = 0; k < r.az.count; ++k)
    for (int j = 0; j < r.ay.count; ++j)
      for (int i = 0; i < r.ax.count; ++i)
        visit(g.linear_index(r.ax.first + i, r.ay.first + j, r.az.first + k), i, j, k);
}

// Cotangents of the accumulators: per voxel, and of the two fill-height sums.
struct AccumulatorCotangents {
  const double* d_a;  // dLoss/dA_v
  const double* d_b;  // dLoss/dB_v
  const double* d_c;  // dLoss/dC_v
  double d_height_sum;     // dLoss/dH
  double d_height_weight;  // dLoss/dW
};

// Cotangents of the quantities a usable muon's inference derives (MuonInference): where
// the voxel sums and a per-muon objective meet. The PoCA's is that of the PoCA itself, not
// of its clamp into the volume.
template <typename T>
struct MuonInferenceCotangents {
  T weight;          // of weight = usable_weight x uncertainty weight
  T usable_weight;   // of usable_weight, besides its share through weight
  T inverse_x0;      // of q
  T path_m;          // of L
  Vec3<T> poca;
  PocaUncertainty<T> poca_sigma;
  ScatteringAngles<T> angles;
  TrackFit<T> in, out;
};

// The second half of a muon's adjoint, from the cotangents of its inferred quantities
// (what the voxel sums give in infer_muon_adjoint; what a per-muon objective gives in
// muon_outputs_adjoint) to dLoss/d(design). `r` is the muon's replayed forward (usable).
// The cotangents are updated on the way (d.poca.z, d.angles, d.in, d.out).
template <typename T>
DETGRAD_HD void muon_inference_adjoint(const TomographySetup& s, const DesignParams<T>& design,
                                       const MuonInference<T>& r, MuonInferenceCotangents<T>& d,
                                       DesignParams<T>& d_design) {
  // weight = usable * u, u = (R / (R + N))^2 with R = k^2 L / X0_ref, N = (vx + vy) / 2.
  T d_usable = d.weight * r.uncertainty_weight;
  d_usable += d.usable_weight;
  const T d_u = d.weight * r.usable_weight;
  const T noise_variance = T(0.5) * (r.angles.var_theta_x + r.angles.var_theta_y);
  const T k = T(units::kHighlandScale_GeV) / r.beta_momentum;
  const T reference = k * k * r.path_m / T(s.reference_x0_m);
  const T total = reference + noise_variance;
  const T ratio = reference / total;
  const T d_ratio = d_u * T(2) * ratio;
  const T d_reference = d_ratio * noise_variance / (total * total);
  T d_noise = -d_ratio * reference / (total * total);
  T d_path = d.path_m;
  d_path += d_reference * k * k / T(s.reference_x0_m);

  // q = inverse_x0_from_scattering(theta_space, 0, N, beta p, 1, L).
  ScatteringAngles<T>& d_angles = d.angles;
  T d_bp = T(0);
  T d_unused = T(0);
  inverse_x0_from_scattering_adjoint(r.angles.theta_space, T(0), noise_variance, r.beta_momentum, T(1), r.path_m,
                                     HighlandForm::without_log, d.inverse_x0, d_angles.theta_space, d_unused, d_noise, d_bp,
                                     d_path);
  d_angles.var_theta_x += T(0.5) * d_noise;
  d_angles.var_theta_y += T(0.5) * d_noise;

  // PoCA and its uncertainty -> fits (and the space angle).
  TrackFit<T>& d_in = d.in;
  TrackFit<T>& d_out = d.out;
  T d_z_poca = T(0);
  poca_uncertainty_adjoint(r.in, r.out, r.poca.z, r.angles.theta_space, T(s.theta_floor_rad), d.poca_sigma, d_in, d_out,
                           d_z_poca, d_angles.theta_space);
  d.poca.z += d_z_poca;
  poca_adjoint(r.in, r.out, d.poca, d_in, d_out);
  scattering_angles_adjoint(r.in, r.out, d_angles, d_in, d_out);
  // L = H sqrt(1 + tx^2 + ty^2).
  const T root = std::sqrt(T(1) + r.in.tx * r.in.tx + r.in.ty * r.in.ty);
  d_in.tx += d_path * T(s.volume_height_m) * r.in.tx / root;
  d_in.ty += d_path * T(s.volume_height_m) * r.in.ty / root;

  // Fits -> hits; usable weight -> hit weights.
  PanelHit<T> d_hit[kMaxPanels];
  const int n = s.panels_above + s.panels_below;
  for (int i = 0; i < n; ++i) d_hit[i] = PanelHit<T>{T(0), T(0), T(0), T(0), T(0)};
  T d_z_ref = T(0);
  line_fit_adjoint(r.hit, s.panels_above, T(s.z_ref_above_m), d_in, d_hit, d_z_ref);
  line_fit_adjoint(r.hit + s.panels_above, s.panels_below, T(s.z_ref_below_m), d_out, d_hit + s.panels_above, d_z_ref);
  T w[kMaxPanels], d_w[kMaxPanels];
  for (int i = 0; i < n; ++i) {
    w[i] = r.hit[i].weight;
    d_w[i] = T(0);
  }
  usable_muon_weight_adjoint(w, s.panels_above, w + s.panels_above, s.panels_below, d_usable, d_w,
                             d_w + s.panels_above);

  // Hits -> panel parameters (the true crossing moves with the panel's z along the track).
  const EdgeMode edges = s.model == DetectorModel::optimisation ? EdgeMode::smooth : EdgeMode::hard;
  for (int i = 0; i < n; ++i) {
    d_hit[i].weight += d_w[i];
    const PanelParams<T>& p = design.panel[i];
    const PlaneCrossing<T>& c = r.crossing[i];
    const T dz = p.z - T(s.transport.plane_z_m[i]);
    T d_x_true = T(0), d_y_true = T(0);
    panel_hit_adjoint(c.x_m + c.slope_x * dz, c.y_m + c.slope_y * dz, r.noise_x[i], r.noise_y[i], p,
                      T(s.edge_length_m), edges, d_hit[i], d_x_true, d_y_true, d_design.panel[i]);
    d_design.panel[i].z += d_x_true * c.slope_x + d_y_true * c.slope_y;
  }
}

// Adds the muon's contribution to dLoss/d(design). Replays infer_muon.
template <typename T>
DETGRAD_HD void infer_muon_adjoint(const TomographySetup& s, const DesignParams<T>& design, std::uint64_t event,
                                   const AccumulatorCotangents& g_acc, DesignParams<T>& d_design) {
  MuonInference<T> r;
  infer_muon(s, design, event, r);
  if (!r.usable || !(r.weight > T(0))) return;
  const VoxelGridView& g = s.transport.grid;

  // Voxel sums -> weight, q, L and the window probabilities.
  T d_weight = T(0), d_q = T(0), d_path = T(0);
  InferenceWindow<T> d_ax{}, d_ay{}, d_az{};
  for_each_window_voxel(g, r, [&](int v, int i, int j, int k) {
    const T a = voxel_weight(r.ax, r.ay, r.az, i, j, k);
    const T ga = T(g_acc.d_a[v]), gb = T(g_acc.d_b[v]), gc = T(g_acc.d_c[v]);
    const T d_wv = ga * r.inverse_x0 + gb + gc * r.path_m;  // w_v = weight a
    d_weight += d_wv * a;
    d_q += ga * r.weight * a;
    d_path += gc * r.weight * a;
    voxel_weight_adjoint(r.ax, r.ay, r.az, i, j, k, d_wv * r.weight, d_ax, d_ay, d_az);
  });

  // Fill-height sums: H += weight in z, W += weight in.
  Vec3<T> d_poca{T(0), T(0), T(0)};
  if (g_acc.d_height_sum != 0.0 || g_acc.d_height_weight != 0.0) {
    const T gh = T(g_acc.d_height_sum), gw = T(g_acc.d_height_weight);
    const T z = r.poca_in_volume.z, in = r.height_in_region;
    d_weight += (gh * z + gw) * in;
    const T d_in = r.weight * (gh * z + gw);
    for (int k = 0; k < r.az.count; ++k)
      if (layer_in_height_region(s, r.az, k)) d_az.prob[k] += d_in;
    d_poca.z += r.weight * in * gh;
  }

  // Window probabilities -> PoCA and its uncertainty.
  PocaUncertainty<T> d_sigma{T(0), T(0), T(0)};
  const Vec3<T>& pv = r.poca_in_volume;
  const Vec3<T>& wc = r.window_centre;
  const WindowNormalisation none = WindowNormalisation::none;
  assign_axis_around_adjoint(pv.x, r.poca_sigma.sigma_x, wc.x, grid_axis<T>(g, 0), none, d_ax, d_poca.x, d_sigma.sigma_x);
  assign_axis_around_adjoint(pv.y, r.poca_sigma.sigma_y, wc.y, grid_axis<T>(g, 1), none, d_ay, d_poca.y, d_sigma.sigma_y);
  assign_axis_around_adjoint(pv.z, r.poca_sigma.sigma_z, wc.z, grid_axis<T>(g, 2), none, d_az, d_poca.z, d_sigma.sigma_z);
  // The clamp passes the derivative where the PoCA is inside, and stops it where clamped.
  for (int a = 0; a < 3; ++a) {
    if (component(pv, a) != component(r.poca, a)) set_component(d_poca, a, T(0));
  }

  MuonInferenceCotangents<T> d{};
  d.weight = d_weight;
  d.inverse_x0 = d_q;
  d.path_m = d_path;
  d.poca = d_poca;
  d.poca_sigma = d_sigma;
  muon_inference_adjoint(s, design, r, d, d_design);
}

}  // namespace detgrad::tomography
