#pragma once
// The optimisation mode's smooth model of the q2 resolution, per event, and its adjoint.
//
// An event's truth (beam muon, vertex depth fraction, q2, azimuth, outgoing directions)
// does not depend on the design. Given the design, the model predicts the variance of the
// reconstructed q2 by linear error propagation:
// - each side (incoming: the modules before the target; outgoing: after it) is summarised
//   by two 2 x 2 matrices of the fitted slopes (tx, ty), computed once per design from the
//   track fit (host/muone/side_model.*): C, the slopes' covariance from the hit
//   resolutions, and M, the scattering in the side's modules for a particle of 1 GeV/c
//   (scattering_variance.hpp; Highland's width scales as 1/p for beta = 1). The variance of
//   a slope projected on the scattering plane's direction n = (cos phi, sin phi) is
//     V_side(n, p) = n^T C n + n^T M n / p^2;
// - the target adds Highland's width of the part crossed: the incoming muon's before the
//   vertex (depth f L), the outgoing particles' after it ((1 - f) L);
// - the electron's angle error is n.(d_e - d_in), the muon's -n.(d_mu - d_in), so
//     V_e = V_out(n, p_e) + theta_t(p_e)^2 + V_in,  V_mu = likewise,  cov = -V_in
//   (V_in = V_in(n, p_beam) + theta_t,in^2);
// - the beam's momentum spread sigma_E: q2 is reconstructed at the nominal energy, and an
//   energy off by dE moves both angles by (a_e, a_mu) dE at fixed q2 (a = d theta / d E), so
//   V_e += sigma_E^2 a_e^2, V_mu += sigma_E^2 a_mu^2, cov += sigma_E^2 a_e a_mu (fixed by the
//   beam: no design derivative); q2 from both angles with the elastic constraint then has
//   var = combined_q2_variance(...) (q2_combination.hpp);
// - the event counts with the weight W = n_e sigma L A: the probability per beam muon that
//   it scatters in the range, times a smooth acceptance A, the product over the modules of
//   soft_inside (soft_acceptance.hpp) for every track that crosses them (the incoming muon
//   upstream, the muon and the electron downstream), along straight lines from the vertex.
// The event contributes W to its q2 bin's N_b and W var / q2^2 to its S_b (accumulators);
// the loss is a function of (S_b, N_b) (host).
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/units.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"
#include "detgrad/muone/event_generator.hpp"
#include "detgrad/muone/q2_combination.hpp"
#include "detgrad/muone/soft_acceptance.hpp"
#include "detgrad/muone/station.hpp"

namespace detgrad::muone {

constexpr int kMaxQ2Bins = 16;

template <typename T>
struct SideModel {
  T cxx, cxy, cyy;  // covariance of the fitted slopes (tx, ty) from the hit resolutions
  T mxx, mxy, myy;  // scattering in the side's modules, for p = 1 GeV/c
};

template <typename T>
struct ModelDesign {
  StationDesign<T> station;
  SideModel<T> in, out;
};

struct ModelSetup {
  StationFixed fixed;
  int n_bins = 0;
  double q2_edges_GeV2[kMaxQ2Bins + 1] = {};
  double softness_m = 1e-3;  // width of the acceptance's soft edge
};

template <typename T>
struct EventTruth {
  T x_b, y_b, tx_b, ty_b, z0;  // beam muon on the generation plane
  T p_beam;
  T depth;                     // vertex depth fraction f
  T q2;
  T nx, ny;                    // scattering plane direction (cos phi, sin phi) of the electron
  T tx_e, ty_e, tx_mu, ty_mu;  // outgoing slopes
  T p_e, p_mu;                 // GeV/c
  T j_e, j_mu;                 // d theta / d q2, rad / GeV^2
  T a_e, a_mu;                 // d theta / d E at fixed q2, rad / GeV
  T rate_per_m;                // n_e sigma, per m of target
  int bin;                     // q2 bin, -1 outside
};

template <typename T>
DETGRAD_HD EventTruth<T> generate_truth(const ModelSetup& setup, std::uint32_t step, std::uint64_t event) {
  const StationFixed& fx = setup.fixed;
  EventRandom source(fx.seed, step, RandomStream::source, event);
  EventRandom task(fx.seed, step, RandomStream::task, event);
  const TrackState<T> b = sample_beam_muon<T>(fx.beam, source);
  const T mmu = muon_mass<T>();
  const ElasticKinematics<T> k =
      ElasticKinematics<T>::from_energy_momentum(std::sqrt(b.momentum * b.momentum + mmu * mmu), b.momentum);
  const ElasticDraws<T> d = sample_interaction(fx.range, k, task);
  const ElasticFinalState<T> f = elastic_final_state(k, d.q2);
  EventTruth<T> t;
  t.x_b = b.x;
  t.y_b = b.y;
  t.tx_b = b.tx;
  t.ty_b = b.ty;
  t.z0 = b.z_at;
  t.p_beam = b.momentum;
  t.depth = d.depth_fraction;
  t.q2 = d.q2;
  t.nx = d.cos_phi;
  t.ny = d.sin_phi;
  const ScatteringFrame<T> frame = scattering_frame(b.tx, b.ty);
  frame.rotate(f.tan_electron, d.cos_phi, d.sin_phi, t.tx_e, t.ty_e);
  frame.rotate(f.tan_muon, -d.cos_phi, -d.sin_phi, t.tx_mu, t.ty_mu);
  t.p_e = f.electron_momentum;
  t.p_mu = f.muon_momentum;
  elastic_angle_slopes(k, d.q2, t.j_e, t.j_mu);
  elastic_angle_energy_slopes(k, d.q2, t.a_e, t.a_mu);
  t.rate_per_m = T(fx.target.electron_density_per_m3) * d.sigma_m2;
  t.bin = -1;
  for (int i = 0; i < setup.n_bins; ++i)
    if (d.q2 >= T(setup.q2_edges_GeV2[i]) && d.q2 < T(setup.q2_edges_GeV2[i + 1])) t.bin = i;
  return t;
}

// Highland's theta0^2 for beta = 1 through a thickness x of radiation length x0 (the run's
// own log term): (K/p)^2 u (1 + c ln u)^2, u = x/x0, K = 13.6 MeV, c = 0.038, and its
// derivative in x: (K/p)^2 / x0 (1 + c ln u)(1 + c ln u + 2c).
template <typename T>
DETGRAD_HDI T target_theta2(T p, T x, T x0) {
  const T u = x / x0;
  if (!(u > T(0))) return T(0);
  const T k = T(units::kHighlandScale_GeV) / p;
  const T b = T(1) + T(units::kHighlandLogCoefficient) * std::log(u);
  return b > T(0) ? k * k * u * b * b : T(0);
}
template <typename T>
DETGRAD_HDI T target_theta2_dx(T p, T x, T x0) {
  const T u = x / x0;
  if (!(u > T(0))) return T(0);
  const T k = T(units::kHighlandScale_GeV) / p;
  const T c = T(units::kHighlandLogCoefficient);
  const T b = T(1) + c * std::log(u);
  return b > T(0) ? k * k / x0 * b * (b + T(2) * c) : T(0);
}

template <typename T>
DETGRAD_HDI T quadratic_form(T xx, T xy, T yy, T nx, T ny) {
  return xx * nx * nx + T(2) * xy * nx * ny + yy * ny * ny;
}

template <typename T>
DETGRAD_HDI T side_variance(const SideModel<T>& s, T nx, T ny, T p) {
  return quadratic_form(s.cxx, s.cxy, s.cyy, nx, ny) + quadratic_form(s.mxx, s.mxy, s.myy, nx, ny) / (p * p);
}
template <typename T>
DETGRAD_HDI void side_variance_adjoint(T nx, T ny, T p, T d_v, SideModel<T>& d_s) {
  const T q = T(1) / (p * p);
  d_s.cxx += d_v * nx * nx;
  d_s.cxy += d_v * T(2) * nx * ny;
  d_s.cyy += d_v * ny * ny;
  d_s.mxx += d_v * q * nx * nx;
  d_s.mxy += d_v * q * T(2) * nx * ny;
  d_s.myy += d_v * q * ny * ny;
}

// The tracks crossing module m: 0 the incoming muon (upstream modules), 1 the electron and
// 2 the outgoing muon (downstream modules). Position on the straight line at z_m.
template <typename T>
DETGRAD_HDI void track_point(const EventTruth<T>& t, int track, T z_m, T zv, T& x, T& y) {
  if (track == 0) {
    x = t.x_b + t.tx_b * (z_m - t.z0);
    y = t.y_b + t.ty_b * (z_m - t.z0);
    return;
  }
  const T xv = t.x_b + t.tx_b * (zv - t.z0), yv = t.y_b + t.ty_b * (zv - t.z0);
  const T tx = track == 1 ? t.tx_e : t.tx_mu, ty = track == 1 ? t.ty_e : t.ty_mu;
  x = xv + tx * (z_m - zv);
  y = yv + ty * (z_m - zv);
}

// Soft acceptance of one track in one module.
template <typename T>
DETGRAD_HDI T module_acceptance(const ModuleFixed& m, const ModuleDesign<T>& d, T x, T y, T softness) {
  const T c = T(m.cos_view), s = T(m.sin_view), half = T(m.half_size);
  return soft_inside(x * c + y * s - d.offset, half, softness) * soft_inside(-x * s + y * c, half, softness);
}

template <typename T>
DETGRAD_HDI T vertex_z(const TargetDesign<T>& target, T depth) {
  return target.z + (depth - T(0.5)) * target.thickness;
}

template <typename T>
struct EventModel {
  T weight;     // W = n_e sigma L A
  T acceptance; // A
  T var_q2;     // from both angles, GeV^4
  T var_q2_e, var_q2_mu;  // from one angle each
  T rel_var;    // var_q2 / q2^2
  int bin;
};

// The parts of the model shared by the forward and the adjoint.
template <typename T>
struct AngleVariances {
  T v_in, v_e, v_mu, cov;  // V_in, V_e, V_mu, cov(theta_e, theta_mu) (see the top)
};

template <typename T>
DETGRAD_HDI AngleVariances<T> angle_variances(const ModelSetup& setup, const ModelDesign<T>& d, const EventTruth<T>& t) {
  const T x0 = T(setup.fixed.target.radiation_length_m);
  const T L = d.station.target.thickness;
  AngleVariances<T> a;
  a.v_in = side_variance(d.in, t.nx, t.ny, t.p_beam) + target_theta2(t.p_beam, t.depth * L, x0);
  const T rest = (T(1) - t.depth) * L;
  a.v_e = side_variance(d.out, t.nx, t.ny, t.p_e) + target_theta2(t.p_e, rest, x0) + a.v_in;
  a.v_mu = side_variance(d.out, t.nx, t.ny, t.p_mu) + target_theta2(t.p_mu, rest, x0) + a.v_in;
  const T se2 = T(setup.fixed.beam.momentum_sigma_GeV * setup.fixed.beam.momentum_sigma_GeV);
  a.v_e += se2 * t.a_e * t.a_e;
  a.v_mu += se2 * t.a_mu * t.a_mu;
  a.cov = se2 * t.a_e * t.a_mu - a.v_in;
  return a;
}

template <typename T>
DETGRAD_HD EventModel<T> model_event(const ModelSetup& setup, const ModelDesign<T>& d, const EventTruth<T>& t) {
  const StationFixed& fx = setup.fixed;
  const T soft = T(setup.softness_m);
  const T zv = vertex_z(d.station.target, t.depth);
  T acc = T(1);
  for (int m = 0; m < fx.n_modules; ++m) {
    const int first = m < fx.n_upstream ? 0 : 1, last = m < fx.n_upstream ? 0 : 2;
    for (int track = first; track <= last; ++track) {
      T x, y;
      track_point(t, track, d.station.module[m].z, zv, x, y);
      acc *= module_acceptance(fx.module[m], d.station.module[m], x, y, soft);
    }
  }
  const AngleVariances<T> a = angle_variances(setup, d, t);
  EventModel<T> e;
  e.acceptance = acc;
  e.weight = t.rate_per_m * d.station.target.thickness * acc;
  e.var_q2 = combined_q2_variance(a.v_e, a.v_mu, a.cov, t.j_e, t.j_mu);
  e.var_q2_e = a.v_e / (t.j_e * t.j_e);
  e.var_q2_mu = a.v_mu / (t.j_mu * t.j_mu);
  e.rel_var = e.var_q2 / (t.q2 * t.q2);
  e.bin = t.bin;
  return e;
}

// Cotangents of an event's modelled quantities (EventModel, AngleVariances) besides the
// bins' sums: the per-event outputs' (event_model_outputs.hpp).
template <typename T>
struct EventModelCotangents {
  T weight, acceptance, var_q2, var_q2_e, var_q2_mu, rel_var;
  T v_e, v_mu, cov;
};

// Adjoint: the event's bin cotangents d_s = dL/dS_b and d_n = dL/dN_b (its contributions
// are N_b += W, S_b += W rel_var, so d W = d_n + d_s rel_var and d rel_var = d_s W) into the
// design's cotangents d_d (accumulated), plus, if `extra` is given, the cotangents of the
// event's quantities themselves. The forward quantities are recomputed here once.
template <typename T>
DETGRAD_HD void model_event_adjoint(const ModelSetup& setup, const ModelDesign<T>& d, const EventTruth<T>& t, T d_s,
                                    T d_n, ModelDesign<T>& d_d, const EventModelCotangents<T>* extra = nullptr) {
  const StationFixed& fx = setup.fixed;
  const T soft = T(setup.softness_m);
  const T L = d.station.target.thickness;
  const T zv = vertex_z(d.station.target, t.depth);
  // Acceptance factors and their prefix products.
  constexpr int kMaxFactors = 3 * kMaxModules;
  T g[kMaxFactors];
  int n = 0;
  for (int m = 0; m < fx.n_modules; ++m) {
    const int first = m < fx.n_upstream ? 0 : 1, last = m < fx.n_upstream ? 0 : 2;
    for (int track = first; track <= last; ++track) {
      T x, y;
      track_point(t, track, d.station.module[m].z, zv, x, y);
      g[n++] = module_acceptance(fx.module[m], d.station.module[m], x, y, soft);
    }
  }
  T prefix[kMaxFactors + 1];
  prefix[0] = T(1);
  bool edge = false;  // some track near an edge: the acceptance has a gradient
  for (int i = 0; i < n; ++i) {
    prefix[i + 1] = prefix[i] * g[i];
    edge = edge || g[i] < T(1);
  }
  const T acc = prefix[n];
  const AngleVariances<T> a = angle_variances(setup, d, t);
  const T var = combined_q2_variance(a.v_e, a.v_mu, a.cov, t.j_e, t.j_mu);
  const T rel_var = var / (t.q2 * t.q2);
  T d_weight = d_n + d_s * rel_var;
  T d_rel_var = d_s * t.rate_per_m * L * acc;
  if (extra) {
    d_weight += extra->weight;
    d_rel_var += extra->rel_var;
  }

  // W = rate L A.
  d_d.station.target.thickness += d_weight * t.rate_per_m * acc;
  T d_acc = d_weight * t.rate_per_m * L;
  if (extra) d_acc += extra->acceptance;

  T d_zv = T(0);
  if (edge) {
    // A = prod g_i: d g_i = d A prod_{j != i} g_j (suffix products from the back).
    T suffix = T(1);
    int i = n;
    for (int m = fx.n_modules - 1; m >= 0; --m) {
      const int first = m < fx.n_upstream ? 0 : 1, last = m < fx.n_upstream ? 0 : 2;
      const ModuleFixed& mf = fx.module[m];
      const ModuleDesign<T>& md = d.station.module[m];
      for (int track = last; track >= first; --track) {
        --i;
        const T d_g = d_acc * prefix[i] * suffix;
        suffix *= g[i];
        T x, y;
        track_point(t, track, md.z, zv, x, y);
        const T c = T(mf.cos_view), s = T(mf.sin_view), half = T(mf.half_size);
        const T u = x * c + y * s - md.offset, v = -x * s + y * c;
        const T gu = soft_inside(u, half, soft), gv = soft_inside(v, half, soft);
        T d_u = T(0), d_v = T(0);
        soft_inside_adjoint(u, half, soft, d_g * gv, d_u);
        soft_inside_adjoint(v, half, soft, d_g * gu, d_v);
        d_d.station.module[m].offset -= d_u;
        const T d_x = d_u * c - d_v * s, d_y = d_u * s + d_v * c;
        if (track == 0) {
          d_d.station.module[m].z += d_x * t.tx_b + d_y * t.ty_b;
        } else {
          const T tx = track == 1 ? t.tx_e : t.tx_mu, ty = track == 1 ? t.ty_e : t.ty_mu;
          // x = x_b + tx_b (zv - z0) + tx (z_m - zv)
          d_d.station.module[m].z += d_x * tx + d_y * ty;
          d_zv += d_x * (t.tx_b - tx) + d_y * (t.ty_b - ty);
        }
      }
    }
  }
  // zv = z_t + (f - 1/2) L.
  d_d.station.target.z += d_zv;
  d_d.station.target.thickness += d_zv * (t.depth - T(0.5));

  // rel = var / q2^2, var = combined(V_e, V_mu, cov), cov = sigma_E^2 a_e a_mu - V_in.
  T d_var = d_rel_var / (t.q2 * t.q2);
  if (extra) d_var += extra->var_q2;
  T d_ve = T(0), d_vmu = T(0), d_c = T(0);
  combined_q2_variance_adjoint(a.v_e, a.v_mu, a.cov, t.j_e, t.j_mu, d_var, d_ve, d_vmu, d_c);
  if (extra) {
    // var_q2_e = V_e / j_e^2, var_q2_mu = V_mu / j_mu^2.
    d_ve += extra->v_e + extra->var_q2_e / (t.j_e * t.j_e);
    d_vmu += extra->v_mu + extra->var_q2_mu / (t.j_mu * t.j_mu);
    d_c += extra->cov;
  }
  const T d_vin = d_ve + d_vmu - d_c;
  const T x0 = T(fx.target.radiation_length_m);
  const T rest = (T(1) - t.depth) * L;
  side_variance_adjoint(t.nx, t.ny, t.p_beam, d_vin, d_d.in);
  side_variance_adjoint(t.nx, t.ny, t.p_e, d_ve, d_d.out);
  side_variance_adjoint(t.nx, t.ny, t.p_mu, d_vmu, d_d.out);
  d_d.station.target.thickness += d_vin * target_theta2_dx(t.p_beam, t.depth * L, x0) * t.depth +
                                  (d_ve * target_theta2_dx(t.p_e, rest, x0) +
                                   d_vmu * target_theta2_dx(t.p_mu, rest, x0)) * (T(1) - t.depth);
}

// The model's design as a flat array of reals (for the executors' reductions): every member
// is a T, in declaration order.
template <typename T>
constexpr int model_parameter_count() { return int(sizeof(ModelDesign<T>) / sizeof(T)); }
static_assert(sizeof(ModelDesign<float>) == sizeof(float) * (3 * kMaxModules + 2 + 12), "ModelDesign is packed reals");
static_assert(sizeof(ModelDesign<double>) == sizeof(double) * (3 * kMaxModules + 2 + 12), "ModelDesign is packed reals");

template <typename T>
DETGRAD_HDI const T* flat(const ModelDesign<T>& d) { return reinterpret_cast<const T*>(&d); }
template <typename T>
DETGRAD_HDI T* flat(ModelDesign<T>& d) { return reinterpret_cast<T*>(&d); }

// dLoss/d(accumulators) of each bin (resolution_loss).
template <typename T>
struct BinCotangents {
  T d_s[kMaxQ2Bins];
  T d_n[kMaxQ2Bins];
};

// One event's contributions: (N_b, S_b) into row[2b], row[2b + 1].
template <typename T, typename Acc>
DETGRAD_HDI void model_event_forward(const ModelSetup& setup, const ModelDesign<T>& d, std::uint32_t step,
                                     std::uint64_t event, Acc* row) {
  const EventTruth<T> t = generate_truth<T>(setup, step, event);
  if (t.bin < 0) return;
  const EventModel<T> e = model_event(setup, d, t);
  row[2 * t.bin] += Acc(e.weight);
  row[2 * t.bin + 1] += Acc(e.weight * e.rel_var);
}

// One event's dLoss/d(design) into d_d (accumulated).
template <typename T>
DETGRAD_HDI void model_event_backward(const ModelSetup& setup, const ModelDesign<T>& d, const BinCotangents<T>& c,
                                      std::uint32_t step, std::uint64_t event, ModelDesign<T>& d_d) {
  const EventTruth<T> t = generate_truth<T>(setup, step, event);
  if (t.bin < 0) return;
  model_event_adjoint(setup, d, t, c.d_s[t.bin], c.d_n[t.bin], d_d);
}

}  // namespace detgrad::muone
