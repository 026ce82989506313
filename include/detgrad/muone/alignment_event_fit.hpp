#pragma once
// One recorded event in the alignment fit (Millepede-style): its local parameters (the
// tracks; for an elastic event one vertex and three directions) fitted with the current
// global parameters (module and target alignment), then eliminated. What is left is the
// event's contribution to the global normal equations:
//   C += Z^T Z,  b += Z^T r,   Z = Q B,  Q = 1 - A (A^T A)^-1 A^T
// with A and B the derivatives of the predicted hits in the local and global parameters and
// r the residuals, all whitened by the hits' covariance (resolution and multiple scattering,
// V = L L^T: rows L^-1 (.)), so that C is the Schur complement of the event's normal
// equations on the globals.
//
// Tracks. A beam muon: one line x(z) = x + tx (z - z_t), y(z) = y + ty (z - z_t) through
// every module (z_t the target's nominal centre). An elastic event: the vertex (xv, yv, zv)
// and the slopes of the incoming muon (upstream hits), the electron and the outgoing muon
// (downstream hits), plus a pseudo-measurement of the vertex's depth in the target:
//   zv - (z_target + dz + tilt_x xv + tilt_y yv) = 0 +- L / sqrt(12)
// (the vertex is uniform in the depth: the rms of a uniform distribution over L), which
// ties the target's position and tilt to the modules.
//
// The vertex depth is integrated out rather than profiled (the Laplace approximation, its
// derivative in the globals written by hand): alignment_depth_marginal.hpp says why.
//
// Covariance of a track's hits: sigma^2 on the diagonal plus, for every scattering layer k
// of variance theta_k^2 per projection (Highland, physics/multiple_scattering.hpp),
// theta_k^2 l_ik l_jk (c_i c_j + s_i s_j), l_ik the lever arm from the layer to hit i on
// the side away from the track's anchor (beam muons, outgoing tracks: downstream of the
// layer; the incoming muon of an elastic event, anchored at the vertex: upstream of it).
// Modules are thin layers at their z; a target run of length l is two layers at
// l/2 -+ l/(2 sqrt 3) of variance theta0(l)^2/2 each (the slab's angle and displacement
// variances and their covariance exactly). The momenta: the beam's nominal one for muons
// before the interaction, the electron's from its angle by the elastic kinematics
// (elastic_kinematics.hpp), the outgoing muon's from the energy balance. The slopes, depth
// and angle that set the covariance are those of a first fit of the locals (kWeightSteps
// steps with the covariance of each track's own line fit), see fit_alignment_event.
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/muone/alignment_depth_marginal.hpp"
#include "detgrad/muone/alignment_events.hpp"
#include "detgrad/muone/alignment_geometry.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"
#include "detgrad/muone/station.hpp"
#include "detgrad/muone/station_transport.hpp"
#include "detgrad/physics/multiple_scattering.hpp"

namespace detgrad::muone {

constexpr int kMaxAlignmentRows = 2 * kMaxModules + 1;
constexpr int kMaxAlignmentLocals = 9;
constexpr int kMaxAlignmentGlobals = kFittedModuleParameters * kMaxModules + kTargetParameters;
constexpr int kMaxScatteringLayers = kMaxModules + 4;
// Gauss-Newton steps on the locals before the hits' covariance is set again from them.
constexpr int kWeightSteps = 2;

// The hits of one recorded event (hits.csv).
struct RecordedEvent {
  AlignmentEventKind kind = AlignmentEventKind::elastic;
  double muon_u[kMaxModules] = {};
  double electron_u[kMaxModules] = {};
  std::uint32_t muon_present = 0;      // bit m: module m has a muon hit
  std::uint32_t electron_present = 0;  // bit m: module m has an electron hit
};

// The event's whitened rows and its contribution, with per-row bookkeeping for the
// residual summaries.
struct AlignmentEventRows {
  int n_rows = 0, n_local = 0, n_global = 0;
  double z[kMaxAlignmentRows][kMaxAlignmentGlobals];  // Q B (whitened)
  double r[kMaxAlignmentRows];                       // Q r (whitened)
  double q_diagonal[kMaxAlignmentRows];              // diag(Q): the variance of r
  double raw_residual[kMaxAlignmentRows];            // m - f, m (the pseudo-row: its own units)
  int module[kMaxAlignmentRows];                     // the row's module, -1 for the target row
  double chi2 = 0.0;
  // An elastic event's vertex depth integrated out (alignment_depth_marginal.hpp): the
  // depth's information S given the other locals (0: none, a beam muon) and d log S / d(globals).
  double depth_information = 0.0;
  double depth_log_information_gradient[kMaxAlignmentGlobals];
  // The fitted locals: beam muon x, y, tx, ty at the target's nominal centre; elastic event
  // xv, yv, zv and the slopes of the incoming muon, the electron and the outgoing muon.
  double locals[kMaxAlignmentLocals];
  double weight_locals[kMaxAlignmentLocals];  // the locals that set the hits' covariance
};

// The geometry the fit sees: the station's fixed part and nominal design, the current
// alignment.
struct AlignmentGeometry {
  const StationFixed* fixed;
  const StationDesign<double>* design;
  StationAlignment<double> alignment;
  // The locals that set the hits' covariance (slopes, depth, the electron's momentum from its
  // angle); null: the event's starting locals (the flat modules' line fits). Given, the
  // covariance does not move with the globals other than the z positions (derivative checks).
  const double* weight_locals = nullptr;
  // Gauss-Newton steps on the locals. Four reach the optimum to well below the hits'
  // resolution; the derivative of log S (first order in the locals' error, unlike chi2) then
  // differs from the exact optimum's by up to 1e-4 of itself (measured), which the derivative
  // checks resolve with ten.
  int local_iterations = 4;
  // Only the locals (a reconstruction of the event, vertex_constrained_reconstruction.hpp): the
  // same steps without the rows, the depth marginal and the fiducial cut of the last one.
  bool locals_only = false;
  // Elastic events whose electron, by its angle at the weights' locals, has less momentum
  // than this (GeV) are left out (0: none).
  double min_electron_GeV = 0.0;
};

namespace alignment_detail {

struct TrackRows {
  int first_row, n_rows;
  int module[kMaxModules];
  double measured[kMaxModules];
  int slope_index;        // index of tx among the locals (ty follows)
  bool backward;          // anchored downstream of its hits (the incoming muon at the vertex)
  double momentum;        // GeV/c
  double mass;            // GeV
};

struct Layer {
  double z, variance;
};

DETGRAD_HDI int add_slab(Layer* layers, int n, double z_from, double length, double momentum, double beta, double x0) {
  if (!(length > 0.0)) return n;
  const double theta = highland_theta0(momentum, beta, length, x0);
  const double half_spread = 0.5 * length / std::sqrt(3.0);
  layers[n++] = Layer{z_from + 0.5 * length - half_spread, 0.5 * theta * theta};
  layers[n++] = Layer{z_from + 0.5 * length + half_spread, 0.5 * theta * theta};
  return n;
}

// Lower-triangular Cholesky of an n x n block (in place, row-major with stride N); false if
// not positive definite.
template <int N>
DETGRAD_HDI bool cholesky_block(double (&a)[N][N], int n) {
  for (int j = 0; j < n; ++j) {
    double d = a[j][j];
    for (int k = 0; k < j; ++k) d -= a[j][k] * a[j][k];
    if (!(d > 0.0)) return false;
    a[j][j] = std::sqrt(d);
    for (int i = j + 1; i < n; ++i) {
      double s = a[i][j];
      for (int k = 0; k < j; ++k) s -= a[i][k] * a[j][k];
      a[i][j] = s / a[j][j];
    }
  }
  return true;
}

// y = L^-1 x for the rows [first, first + n) of a column stored with stride `stride`.
template <int N>
DETGRAD_HDI void forward_substitute(const double (&l)[N][N], int n, double* x, int stride) {
  for (int i = 0; i < n; ++i) {
    double s = x[i * stride];
    for (int k = 0; k < i; ++k) s -= l[i][k] * x[k * stride];
    x[i * stride] = s / l[i][i];
  }
}

}  // namespace alignment_detail

// The line of track j at the current locals.
DETGRAD_HDI Line3<double> alignment_track_line(AlignmentEventKind kind, const double* q, int slope_index, double z_ref) {
  if (kind == AlignmentEventKind::beam_muon) return line_through(q[0], q[1], z_ref, q[2], q[3]);
  return line_through(q[0], q[1], q[2], q[slope_index], q[slope_index + 1]);
}

// Fits the event's locals and writes its rows; false when the event cannot be used (a
// missing hit, a singular fit).
DETGRAD_HD inline bool fit_alignment_event(const AlignmentGeometry& g, const RecordedEvent& ev, AlignmentEventRows& out) {
  using namespace alignment_detail;
  const StationFixed& f = *g.fixed;
  const StationDesign<double>& design = *g.design;
  const int n_mod = f.n_modules, n_up = f.n_upstream;
  const bool elastic = ev.kind == AlignmentEventKind::elastic;
  const std::uint32_t all = n_mod >= 32 ? 0xffffffffu : ((1u << n_mod) - 1u);
  const std::uint32_t up = (1u << n_up) - 1u, down = all & ~up;
  if (elastic) {
    if ((ev.muon_present & all) != all || (ev.electron_present & down) != down) return false;
  } else if ((ev.muon_present & all) != all) {
    return false;
  }
  const double z_ref = design.target.z;
  const int n_global = kFittedModuleParameters * n_mod + kTargetParameters;
  const int n_local = elastic ? 9 : 4;

  ModuleSurface<double> surface[kMaxModules];
  for (int m = 0; m < n_mod; ++m) surface[m] = module_surface(f.module[m], design.module[m].z, g.alignment.module[m]);

  // The tracks and their rows.
  TrackRows tracks[3];
  int n_tracks = 0, row = 0;
  const auto add_track = [&](int first_module, int end_module, const double* u, int slope_index, bool backward) {
    TrackRows& t = tracks[n_tracks++];
    t.first_row = row;
    t.n_rows = end_module - first_module;
    for (int i = 0; i < t.n_rows; ++i) {
      t.module[i] = first_module + i;
      t.measured[i] = u[first_module + i];
    }
    t.slope_index = slope_index;
    t.backward = backward;
    row += t.n_rows;
  };
  if (elastic) {
    add_track(0, n_up, ev.muon_u, 3, true);
    add_track(n_up, n_mod, ev.electron_u, 5, false);
    add_track(n_up, n_mod, ev.muon_u, 7, false);
  } else {
    add_track(0, n_mod, ev.muon_u, 2, false);
  }
  const int n_hit_rows = row;
  const int n_rows = n_hit_rows + (elastic ? 1 : 0);

  // Starting locals: each track a straight line at z_ref from its hits on flat modules
  // (linear least squares), then the vertex at the outgoing tracks' closest approach.
  double line[3][4];
  for (int j = 0; j < n_tracks; ++j) {
    double n4[4][4] = {}, b4[4] = {};
    for (int i = 0; i < tracks[j].n_rows; ++i) {
      const int m = tracks[j].module[i];
      const double c = f.module[m].cos_view, s = f.module[m].sin_view, dz = surface[m].c[2] - z_ref;
      const double d[4] = {c, s, c * dz, s * dz};
      const double u = tracks[j].measured[i] + g.alignment.module[m].du;
      for (int a = 0; a < 4; ++a) {
        b4[a] += d[a] * u;
        for (int b = 0; b < 4; ++b) n4[a][b] += d[a] * d[b];
      }
    }
    if (!cholesky_block(n4, 4)) return false;
    forward_substitute(n4, 4, b4, 1);
    for (int i = 3; i >= 0; --i) {
      double s = b4[i];
      for (int k = i + 1; k < 4; ++k) s -= n4[k][i] * line[j][k];
      line[j][i] = s / n4[i][i];
    }
  }
  double q[kMaxAlignmentLocals];
  if (elastic) {
    const double dx = line[1][0] - line[2][0], dy = line[1][1] - line[2][1];
    const double dtx = line[1][2] - line[2][2], dty = line[1][3] - line[2][3];
    const double den = dtx * dtx + dty * dty;
    double zv = z_ref;
    if (den > 1e-14) zv = z_ref - (dx * dtx + dy * dty) / den;
    const double span = 10.0 * design.target.thickness;
    zv = zv < z_ref - span ? z_ref - span : (zv > z_ref + span ? z_ref + span : zv);
    q[0] = q[1] = 0.0;
    for (int j = 0; j < 3; ++j) {
      q[0] += (line[j][0] + line[j][2] * (zv - z_ref)) / 3.0;
      q[1] += (line[j][1] + line[j][3] * (zv - z_ref)) / 3.0;
      q[3 + 2 * j] = line[j][2];
      q[4 + 2 * j] = line[j][3];
    }
    q[2] = zv;
  } else {
    for (int i = 0; i < 4; ++i) q[i] = line[0][i];
  }

  // The hits' covariance at the locals qw: momenta (the electron's from its angle, the
  // outgoing muon's from the energy balance), then per track the Cholesky factor.
  double l_factor[3][kMaxModules][kMaxModules];
  double hit_variance[kMaxAlignmentRows];
  const auto set_weights = [&](const double* qw) -> bool {
    for (int k = 0; k < n_local; ++k) out.weight_locals[k] = qw[k];
    const double p_beam = f.beam.momentum_GeV, mmu = muon_mass<double>(), me = electron_mass<double>();
    tracks[0].momentum = p_beam;
    tracks[0].mass = mmu;
    if (elastic) {
      const double ex = qw[5] - qw[3], ey = qw[6] - qw[4];
      const double theta_e = std::atan(std::sqrt(ex * ex + ey * ey));
      const ElasticKinematics<double> k = ElasticKinematics<double>::from_momentum(p_beam);
      double e_e = electron_energy_from_angle(k, theta_e);
      const double e_max = 0.95 * p_beam;
      e_e = e_e > e_max ? e_max : (e_e < 2.0 * me ? 2.0 * me : e_e);
      tracks[1].momentum = std::sqrt(e_e * e_e - me * me);
      tracks[1].mass = me;
      const double e_mu = std::sqrt(p_beam * p_beam + mmu * mmu) + me - e_e;
      tracks[2].momentum = std::sqrt(e_mu * e_mu - mmu * mmu);
      tracks[2].mass = mmu;
    }

    const double x0_target = f.target.radiation_length_m;
    const double front = design.target.z + g.alignment.target.dz - 0.5 * design.target.thickness;
    const double back = front + design.target.thickness;
    for (int j = 0; j < n_tracks; ++j) {
      TrackRows& t = tracks[j];
      const double beta = t.momentum / std::sqrt(t.momentum * t.momentum + t.mass * t.mass);
      const double tx = elastic ? qw[t.slope_index] : qw[2], ty = elastic ? qw[t.slope_index + 1] : qw[3];
      const double slope_path = std::sqrt(1.0 + tx * tx + ty * ty);
      Layer layers[kMaxScatteringLayers];
      int n_layers = 0;
      for (int i = 0; i < t.n_rows; ++i) {
        const int m = t.module[i];
        const double path = double(f.module[m].thickness_x0) * kSiliconX0_m;
        const double theta = highland_theta0(t.momentum, beta, path * slope_path, kSiliconX0_m);
        layers[n_layers++] = Layer{surface[m].c[2], theta * theta};
      }
      if (!elastic) {
        n_layers = add_slab(layers, n_layers, front, design.target.thickness * slope_path, t.momentum, beta, x0_target);
      } else {
        double zv = qw[2];
        zv = zv < front ? front : (zv > back ? back : zv);
        if (t.backward) n_layers = add_slab(layers, n_layers, front, (zv - front) * slope_path, t.momentum, beta, x0_target);
        else n_layers = add_slab(layers, n_layers, zv, (back - zv) * slope_path, t.momentum, beta, x0_target);
      }
      double (&v)[kMaxModules][kMaxModules] = l_factor[j];
      double* const var_row = &hit_variance[t.first_row];
      for (int a = 0; a < t.n_rows; ++a)
        for (int b = 0; b <= a; ++b) {
          const int ma = t.module[a], mb = t.module[b];
          const double za = surface[ma].c[2], zb = surface[mb].c[2];
          double s = a == b ? design.module[ma].sigma * design.module[ma].sigma : 0.0;
          const double view = double(f.module[ma].cos_view) * f.module[mb].cos_view +
                              double(f.module[ma].sin_view) * f.module[mb].sin_view;
          for (int k = 0; k < n_layers; ++k) {
            const double la = t.backward ? layers[k].z - za : za - layers[k].z;
            const double lb = t.backward ? layers[k].z - zb : zb - layers[k].z;
            if (la > 0.0 && lb > 0.0) s += layers[k].variance * la * lb * view;
          }
          v[a][b] = s;
          v[b][a] = s;
          if (a == b) var_row[a] = s;
        }
      if (!cholesky_block(v, t.n_rows)) return false;
    }
    return true;
  };
  // The weights from the starting locals (each track's line fit on flat modules, no vertex)
  // would be correlated with the residuals of the weighted fit (the unweighted fit's error is
  // not independent of the weighted fit's residuals), which biases the globals' score; so
  // the locals are fitted with them first (kWeightSteps steps) and the weights set again from
  // that fit, whose error is independent of its residuals at first order.
  if (!set_weights(g.weight_locals ? g.weight_locals : q)) return false;
  const bool reweight = g.weight_locals == nullptr;
  const double sigma_target = design.target.thickness / std::sqrt(12.0);

  // Gauss-Newton on the locals, then the rows at the final locals.
  double a_rows[kMaxAlignmentRows][kMaxAlignmentLocals];
  double res[kMaxAlignmentRows];
  // Per hit row the Hessian of its prediction in the track's own locals (x, y, z of the
  // anchor, tx, ty; a beam muon's z is fixed), at the final locals.
  double hessian[kMaxAlignmentRows][5][5];
  // and the mixed second derivatives in those directions and the module's six parameters.
  double mixed[kMaxAlignmentRows][5][6];
  const TargetAlignment<double>& ta = g.alignment.target;
  const double zt = design.target.z;
  const int first_steps = reweight ? kWeightSteps : 0;
  const int iterations = first_steps + g.local_iterations + (g.locals_only ? 0 : 1);
  for (int it = 0; it < iterations; ++it) {
    const bool last = !g.locals_only && it == iterations - 1;
    if (reweight && it == first_steps && !set_weights(q)) return false;
    if (last && elastic && tracks[1].momentum < g.min_electron_GeV) return false;
    for (int r = 0; r < n_rows; ++r) {
      for (int k = 0; k < n_local; ++k) a_rows[r][k] = 0.0;
      if (last)
        for (int k = 0; k < n_global; ++k) out.z[r][k] = 0.0;
    }
    for (int j = 0; j < n_tracks; ++j) {
      const TrackRows& t = tracks[j];
      const Line3<double> ln = alignment_track_line(ev.kind, q, t.slope_index, z_ref);
      for (int i = 0; i < t.n_rows; ++i) {
        const int m = t.module[i], r = t.first_row + i;
        const SurfaceCrossing<double> c = cross_surface(surface[m], ln);
        res[r] = t.measured[i] - c.a;
        const double ex[3] = {1, 0, 0}, ey[3] = {0, 1, 0}, ez[3] = {0, 0, 1};
        const int sx = elastic ? t.slope_index : 2;
        a_rows[r][0] = crossing_derivative<double>(surface[m], ln, c, ex, nullptr, nullptr);
        a_rows[r][1] = crossing_derivative<double>(surface[m], ln, c, ey, nullptr, nullptr);
        if (elastic) a_rows[r][2] = crossing_derivative<double>(surface[m], ln, c, ez, nullptr, nullptr);
        a_rows[r][sx] = crossing_derivative<double>(surface[m], ln, c, nullptr, ex, nullptr);
        a_rows[r][sx + 1] = crossing_derivative<double>(surface[m], ln, c, nullptr, ey, nullptr);
        if (last) {
          const double* dp[5] = {ex, ey, ez, nullptr, nullptr};
          const double* dd[5] = {nullptr, nullptr, nullptr, ex, ey};
          if (elastic) {
            for (int k1 = 0; k1 < 5; ++k1)
              for (int k2 = 0; k2 <= k1; ++k2)
                hessian[r][k1][k2] = hessian[r][k2][k1] =
                    crossing_second_derivative<double>(surface[m], ln, c, dp[k1], dd[k1], dp[k2], dd[k2]);
            for (int p = 0; p < kFittedModuleParameters; ++p) {
              const SurfaceTangent<double> tg = module_surface_tangent(f.module[m], g.alignment.module[m], p);
              for (int k = 0; k < 5; ++k) mixed[r][k][p] = crossing_mixed_derivative<double>(surface[m], ln, c, dp[k], dd[k], tg);
            }
          }
          // Fiducial region: the fitted track at least 5 of its hit's standard deviations
          // (resolution and scattering) plus 1 mm inside the active square. A cut on the
          // fitted locals leaves the residuals' distribution alone (they are independent of
          // the locals' estimate), while the acceptance's own edge, a cut on the scattered
          // hits, would pull the hits near it inwards and bias the z positions.
          const double margin = 5.0 * std::sqrt(hit_variance[r]) + 1e-3;
          const double half = double(f.module[m].half_size) - margin;
          if (!(std::fabs(c.a - design.module[m].offset) < half && std::fabs(c.b) < half)) return false;
          out.raw_residual[r] = res[r];
          out.module[r] = m;
          for (int p = 0; p < kFittedModuleParameters; ++p) {
            const SurfaceTangent<double> tg = module_surface_tangent(f.module[m], g.alignment.module[m], p);
            out.z[r][kFittedModuleParameters * m + p] = crossing_derivative<double>(surface[m], ln, c, nullptr, nullptr, &tg);
          }
        }
      }
    }
    if (elastic) {
      const int r = n_hit_rows;
      res[r] = -(q[2] - target_mid_z(zt, ta, q[0], q[1])) / sigma_target;
      a_rows[r][0] = -ta.tilt_x / sigma_target;
      a_rows[r][1] = -ta.tilt_y / sigma_target;
      a_rows[r][2] = 1.0 / sigma_target;
      if (last) {
        out.raw_residual[r] = res[r] * sigma_target;
        out.module[r] = -1;
        const int t0 = kFittedModuleParameters * n_mod;
        out.z[r][t0 + kTargetDz] = -1.0 / sigma_target;
        out.z[r][t0 + kTargetTiltX] = -q[0] / sigma_target;
        out.z[r][t0 + kTargetTiltY] = -q[1] / sigma_target;
      }
    }
    // Whiten the hit rows track by track.
    for (int j = 0; j < n_tracks; ++j) {
      const TrackRows& t = tracks[j];
      forward_substitute(l_factor[j], t.n_rows, &res[t.first_row], 1);
      for (int k = 0; k < n_local; ++k)
        forward_substitute(l_factor[j], t.n_rows, &a_rows[t.first_row][k], kMaxAlignmentLocals);
      if (last)
        for (int k = 0; k < n_global; ++k)
          forward_substitute(l_factor[j], t.n_rows, &out.z[t.first_row][k], kMaxAlignmentGlobals);
    }
    // Normal equations of the locals.
    double n9[kMaxAlignmentLocals][kMaxAlignmentLocals];
    double b9[kMaxAlignmentLocals];
    for (int a = 0; a < n_local; ++a) {
      b9[a] = 0.0;
      for (int r = 0; r < n_rows; ++r) b9[a] += a_rows[r][a] * res[r];
      for (int b = 0; b <= a; ++b) {
        double s = 0.0;
        for (int r = 0; r < n_rows; ++r) s += a_rows[r][a] * a_rows[r][b];
        n9[a][b] = n9[b][a] = s;
      }
    }
    if (!cholesky_block(n9, n_local)) return false;
    // Solve L L^T x = y for each right-hand side.
    const auto solve = [&](double* y) {
      forward_substitute(n9, n_local, y, 1);
      for (int i = n_local - 1; i >= 0; --i) {
        double s = y[i];
        for (int k = i + 1; k < n_local; ++k) s -= n9[k][i] * y[k];
        y[i] = s / n9[i][i];
      }
    };
    if (!last) {
      solve(b9);
      for (int k = 0; k < n_local; ++k) q[k] += b9[k];
      continue;
    }
    // The depth integrated out (before B is projected).
    out.depth_information = 0.0;
    if (elastic) {
      DepthTrack<kMaxModules> depth_tracks[3];
      for (int j = 0; j < n_tracks; ++j) {
        DepthTrack<kMaxModules>& d = depth_tracks[j];
        d.first_row = tracks[j].first_row;
        d.n_rows = tracks[j].n_rows;
        for (int i = 0; i < d.n_rows; ++i) d.global_base[i] = kFittedModuleParameters * tracks[j].module[i];
        d.l_factor = &l_factor[j];
        d.local_of[0] = 0;
        d.local_of[1] = 1;
        d.local_of[2] = 2;
        d.local_of[3] = tracks[j].slope_index;
        d.local_of[4] = tracks[j].slope_index + 1;
      }
      DepthRows<kMaxAlignmentRows, kMaxAlignmentLocals, kMaxAlignmentGlobals> depth_rows;
      depth_rows.n_rows = n_rows;
      depth_rows.n_local = n_local;
      depth_rows.n_global = n_global;
      depth_rows.depth_local = 2;
      depth_rows.a = a_rows;
      depth_rows.residual = res;
      depth_rows.b = out.z;
      depth_rows.hessian = hessian;
      depth_rows.mixed = mixed;
      depth_rows.target_row = n_hit_rows;
      depth_rows.target_tilt_x = kFittedModuleParameters * n_mod + kTargetTiltX;
      depth_rows.sigma_target = sigma_target;
      out.depth_information =
          depth_log_information_gradient(depth_rows, depth_tracks, n_tracks, n9, out.depth_log_information_gradient);
      if (!(out.depth_information > 0.0)) return false;
    }
    // Eliminate the locals: Z = B - A N^-1 A^T B, r = r - A N^-1 A^T r, diag(Q).
    solve(b9);
    out.chi2 = 0.0;
    for (int r = 0; r < n_rows; ++r) {
      double s = res[r];
      for (int k = 0; k < n_local; ++k) s -= a_rows[r][k] * b9[k];
      out.r[r] = s;
      out.chi2 += s * s;
    }
    for (int gidx = 0; gidx < n_global; ++gidx) {
      double atb[kMaxAlignmentLocals];
      bool any = false;
      for (int k = 0; k < n_local; ++k) {
        double s = 0.0;
        for (int r = 0; r < n_rows; ++r) s += a_rows[r][k] * out.z[r][gidx];
        atb[k] = s;
        any = any || s != 0.0;
      }
      if (!any) continue;
      solve(atb);
      for (int r = 0; r < n_rows; ++r) {
        double s = 0.0;
        for (int k = 0; k < n_local; ++k) s += a_rows[r][k] * atb[k];
        out.z[r][gidx] -= s;
      }
    }
    for (int r = 0; r < n_rows; ++r) {
      double e[kMaxAlignmentLocals];
      for (int k = 0; k < n_local; ++k) e[k] = a_rows[r][k];
      solve(e);
      double h = 0.0;
      for (int k = 0; k < n_local; ++k) h += a_rows[r][k] * e[k];
      out.q_diagonal[r] = 1.0 - h;
    }
  }
  for (int k = 0; k < n_local; ++k) out.locals[k] = q[k];
  out.n_rows = n_rows;
  out.n_local = n_local;
  out.n_global = n_global;
  return true;
}

}  // namespace detgrad::muone
