#pragma once
// Maximum-likelihood reconstruction of a shower under one hypothesis (docs/swgo.md): the
// parameters a = (x0, y0, theta, phi, ln E) maximise shower_likelihood.hpp's ln L by
// Levenberg-Marquardt steps on its exact gradient and Hessian (jets), from seeds computed
// from the data only (seed_shower: timing plane, then cores and energies scanned by ln L).
// Uncertainties: the covariance (-H)^-1 at the maximum. (Seeds: seed_shower below.)
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/clustered_likelihood.hpp"
#include "detgrad/swgo/shower_likelihood.hpp"
#include "detgrad/swgo/small_matrix.hpp"

namespace detgrad::swgo {

constexpr int P = kShowerParameters;

template <typename T>
struct ShowerFit {
  T a[P];
  T cov[P][P];
  T log_likelihood;
  int iterations;
  bool converged;
};

// The range the fit keeps ln E in: the LDF energy variable xe = 0.5 + 20 ln(E / 0.1) / ln 100
// must stay positive (E > 0.089 PeV); 0.09 to 50 PeV around the model's 0.1 to 10 PeV (the
// parameterisation extrapolates smoothly above 10 PeV).
constexpr double kFitLogEnergyMin = -2.4079456086518722;  // ln 0.09
constexpr double kFitLogEnergyMax = 3.912023005428146;    // ln 50

// The best ln E at a's core and direction: kEnergies log-spaced energies from 0.1 to 10 PeV, then the
// vertex of the parabola through the best and its neighbours (if it is better).
// `lnl` is the likelihood over the shower terms (clustered_likelihood.hpp: AllUnits or ClusteredUnits).
template <typename T, int kEnergies = 6, typename Likelihood>
DETGRAD_HD void best_energy(const LdfTables<T>& tables, Primary hypothesis, const Likelihood& lnl, T (&a)[P], T& log_e,
                            T& ll) {
  const T step = T(4.605170185988091) / T(kEnergies - 1);
  T values[kEnergies];
  int best = -1;
  for (int j = 0; j < kEnergies; ++j) {
    a[kLogEnergy] = T(-2.302585092994046) + T(j) * step;
    values[j] = lnl(make_shower_terms(tables, hypothesis, a));
    // The zenith interpolation can drive p0 negative at the edges of the model's range: such
    // points (ln L not finite) are skipped.
    if (std::isfinite(values[j]) && (best < 0 || values[j] > values[best])) best = j;
  }
  if (best < 0) {
    ll = values[0];
    log_e = T(-2.302585092994046);
    return;
  }
  log_e = T(-2.302585092994046) + T(best) * step;
  ll = values[best];
  if (best == 0 || best == kEnergies - 1 || !std::isfinite(values[best - 1]) || !std::isfinite(values[best + 1])) return;
  const T curvature = values[best - 1] - T(2) * values[best] + values[best + 1];
  if (!(curvature < T(0))) return;
  const T vertex = log_e + T(0.5) * step * (values[best - 1] - values[best + 1]) / curvature;
  a[kLogEnergy] = vertex;
  const T v = lnl(make_shower_terms(tables, hypothesis, a));
  if (v > ll) {
    ll = v;
    log_e = vertex;
  }
}

template <typename T, int kEnergies = 6>
DETGRAD_HD void best_energy(const LdfTables<T>& tables, Primary hypothesis, const UnitObservation<T>* units, int n,
                            T unit_area_m2, TimeErrors time_errors, T (&a)[P], T& log_e, T& ll) {
  best_energy<T, kEnergies>(tables, hypothesis, AllUnits<T>{units, n, unit_area_m2, time_errors}, a, log_e, ll);
}

// Refines a core by ln L on three nested 5 x 5 grids (400 m by 100 m, 100 m by 25 m, 25 m by 6.25 m), each core
// with its best energy; returns ln L at the result.
template <typename T, typename Likelihood>
DETGRAD_HD T refine_core(const LdfTables<T>& tables, Primary hypothesis, const Likelihood& lnl, T (&a)[P]) {
  const T grid_half[3] = {T(200), T(50), T(12.5)};
  constexpr int kCells = 2;
  T best = T(0);
  for (int level = 0; level < 3; ++level) {
    const T centre[2] = {a[kCoreX], a[kCoreY]};
    const T pitch = grid_half[level] / T(kCells);
    T trial[P] = {a[0], a[1], a[2], a[3], a[4]};
    bool have_best = false;
    for (int gx = -kCells; gx <= kCells; ++gx) {
      for (int gy = -kCells; gy <= kCells; ++gy) {
        trial[kCoreX] = centre[0] + pitch * T(gx);
        trial[kCoreY] = centre[1] + pitch * T(gy);
        T log_e, ll;
        best_energy(tables, hypothesis, lnl, trial, log_e, ll);
        if (std::isfinite(ll) && (!have_best || ll > best)) {
          have_best = true;
          best = ll;
          a[kCoreX] = trial[kCoreX];
          a[kCoreY] = trial[kCoreY];
          a[kLogEnergy] = log_e;
        }
      }
    }
  }
  return best;
}

template <typename T>
DETGRAD_HD T refine_core(const LdfTables<T>& tables, Primary hypothesis, const UnitObservation<T>* units, int n,
                         T unit_area_m2, TimeErrors time_errors, T (&a)[P]) {
  return refine_core(tables, hypothesis, AllUnits<T>{units, n, unit_area_m2, time_errors}, a);
}

constexpr int kMaxSeeds = 2;

// Seeds from the data only. Direction: the weighted least-squares plane
// T_i = alpha + beta . (x_i - x_c) through the unit times around the count-weighted mean x_c,
// sin(theta) (cos phi, sin phi) = c beta. The core arrives at T = 0, so for an inclined shower
// the core lies on the line where the plane's time is 0 (along-axis offset c alpha / sin theta
// from x_c); otherwise on x_c. Cores are scanned on that line (4 km by 100 m) or, for showers
// within 8.6 deg of the vertical, on a 4 km by 200 m square, each with its best energy; the two
// best local maxima at least 400 m apart are refined (refine_core) into up to two seeds.
// The timing plane reads `units` (n of them; units without counts add nothing to it, so the
// hit units alone give it), the scans `lnl`.
template <typename T, typename Likelihood>
DETGRAD_HD int seed_shower(const LdfTables<T>& tables, Primary hypothesis, const UnitObservation<T>* units, int n,
                           const Likelihood& lnl, T (&seeds)[kMaxSeeds][P]) {
  T sw = T(0), sx = T(0), sy = T(0);
  for (int i = 0; i < n; ++i) {
    const T w = units[i].count[0] + units[i].count[1];
    sw += w;
    sx += w * units[i].x;
    sy += w * units[i].y;
  }
  const T xc = sw > T(0) ? sx / sw : T(0), yc = sw > T(0) ? sy / sw : T(0);
  T m[3][3] = {{T(0), T(0), T(0)}, {T(0), T(0), T(0)}, {T(0), T(0), T(0)}}, r[3] = {T(0), T(0), T(0)};
  int used = 0;
  for (int i = 0; i < n; ++i) {
    const UnitObservation<T>& o = units[i];
    const int k = o.count[0] > T(0) ? 0 : (o.count[1] > T(0) ? 1 : -1);
    if (k < 0) continue;
    const T w = T(1) / (o.time_sigma[k] * o.time_sigma[k]);
    const T f[3] = {T(1), o.x - xc, o.y - yc};
    for (int p = 0; p < 3; ++p) {
      r[p] += w * f[p] * o.time_ns[k];
      for (int q = 0; q < 3; ++q) m[p][q] += w * f[p] * f[q];
    }
    ++used;
  }
  T a[P] = {xc, yc, T(0.3), T(0), T(0)};
  T along = T(0);  // offset of the core from x_c along (cos phi, sin phi)
  bool line = false;
  if (used >= 3 && cholesky(m)) {
    T beta[3];
    cholesky_solve(m, r, beta);
    const T bx = beta[1] * T(kLightSpeed_m_per_ns), by = beta[2] * T(kLightSpeed_m_per_ns);
    T s = std::sqrt(bx * bx + by * by);
    const T smax = T(0.98) * std::sin(T(kThetaMax_rad));
    if (s > T(0)) a[kPhi] = std::atan2(by, bx);
    s = s < T(0.02) ? T(0.02) : (s > smax ? smax : s);
    a[kTheta] = std::asin(s);
    // alpha = sin(theta) (x_c - x0) . n / c  =>  x0 = x_c - (c alpha / sin theta) n.
    if (s >= T(0.15)) {
      line = true;
      along = -beta[0] * T(kLightSpeed_m_per_ns) / s;
    }
  }
  const T cphi = std::cos(a[kPhi]), sphi = std::sin(a[kPhi]);
  // Coarse scan: keep the two best cores at least 400 m apart.
  T best_ll[kMaxSeeds], best_core[kMaxSeeds][2], best_e[kMaxSeeds];
  int found = 0;
  const int cells = line ? 20 : 10;
  const T pitch = line ? T(100) : T(200);
  for (int gx = -cells; gx <= cells; ++gx) {
    for (int gy = line ? 0 : -cells; gy <= (line ? 0 : cells); ++gy) {
      T trial[P] = {a[0], a[1], a[2], a[3], a[4]};
      if (line) {  // along the perpendicular (-sin phi, cos phi) through the timing point
        trial[kCoreX] = xc + along * cphi - pitch * T(gx) * sphi;
        trial[kCoreY] = yc + along * sphi + pitch * T(gx) * cphi;
      } else {
        trial[kCoreX] = xc + pitch * T(gx);
        trial[kCoreY] = yc + pitch * T(gy);
      }
      T log_e, ll;
      best_energy(tables, hypothesis, lnl, trial, log_e, ll);
      if (!std::isfinite(ll)) continue;
      // Replace a kept core within 400 m if better; else take a free slot or the worst.
      int slot = -1;
      for (int k = 0; k < found; ++k) {
        const T dx = best_core[k][0] - trial[kCoreX], dy = best_core[k][1] - trial[kCoreY];
        if (dx * dx + dy * dy < T(400 * 400)) slot = k;
      }
      if (slot >= 0) {
        if (ll <= best_ll[slot]) continue;
      } else if (found < kMaxSeeds) {
        slot = found++;
      } else {
        slot = best_ll[0] < best_ll[1] ? 0 : 1;
        if (ll <= best_ll[slot]) continue;
      }
      best_ll[slot] = ll;
      best_core[slot][0] = trial[kCoreX];
      best_core[slot][1] = trial[kCoreY];
      best_e[slot] = log_e;
    }
  }
  for (int k = 0; k < found; ++k) {
    for (int p = 0; p < P; ++p) seeds[k][p] = a[p];
    seeds[k][kCoreX] = best_core[k][0];
    seeds[k][kCoreY] = best_core[k][1];
    seeds[k][kLogEnergy] = best_e[k];
    refine_core(tables, hypothesis, lnl, seeds[k]);
    // ln L can have more than one maximum in ln E (the zenith interpolation of the LDF
    // parameters is not monotonic in E everywhere): a finer scan at the refined core.
    T log_e, ll;
    best_energy<T, 41>(tables, hypothesis, lnl, seeds[k], log_e, ll);
    seeds[k][kLogEnergy] = log_e;
  }
  return found;
}

template <typename T>
DETGRAD_HD int seed_shower(const LdfTables<T>& tables, Primary hypothesis, const UnitObservation<T>* units, int n,
                           T unit_area_m2, TimeErrors time_errors, T (&seeds)[kMaxSeeds][P]) {
  return seed_shower(tables, hypothesis, units, n, AllUnits<T>{units, n, unit_area_m2, time_errors}, seeds);
}

template <typename T, typename Likelihood>
DETGRAD_HD Jet<T, P> likelihood_jet(const LdfTables<T>& tables, Primary hypothesis, const T (&a)[P],
                                    const Likelihood& lnl) {
  Jet<T, P> ja[P];
  for (int i = 0; i < P; ++i) ja[i] = Jet<T, P>::variable(a[i], i);
  return lnl(make_shower_terms(tables, hypothesis, ja));
}

template <typename T>
DETGRAD_HD Jet<T, P> likelihood_jet(const LdfTables<T>& tables, Primary hypothesis, const T (&a)[P],
                                    const UnitObservation<T>* units, int n, T unit_area_m2, TimeErrors time_errors) {
  return likelihood_jet(tables, hypothesis, a, AllUnits<T>{units, n, unit_area_m2, time_errors});
}

// Keeps theta in [0, theta_max] (a negative zenith is the same axis with phi + pi) and ln E
// in the fit range; false if the point is unusable.
template <typename T>
DETGRAD_HDI bool fold_parameters(T (&a)[P]) {
  if (a[kTheta] < T(0)) {
    a[kTheta] = -a[kTheta];
    a[kPhi] += T(3.141592653589793);
  }
  if (a[kTheta] > T(kThetaMax_rad)) return false;
  a[kPhi] = a[kPhi] - T(6.283185307179586) * std::floor(a[kPhi] / T(6.283185307179586));
  return a[kLogEnergy] > T(kFitLogEnergyMin) && a[kLogEnergy] < T(kFitLogEnergyMax) && std::isfinite(a[kCoreX]) &&
         std::isfinite(a[kCoreY]);
}

template <typename T, typename Likelihood>
DETGRAD_HD ShowerFit<T> fit_shower(const LdfTables<T>& tables, Primary hypothesis, const T (&seed)[P],
                                   const Likelihood& lnl, int max_iterations = 100) {
  ShowerFit<T> fit;
  for (int i = 0; i < P; ++i) fit.a[i] = seed[i];
  fit.converged = false;
  fit.iterations = 0;
  Jet<T, P> j = likelihood_jet(tables, hypothesis, fit.a, lnl);
  T mu = T(1e-3);
  for (; fit.iterations < max_iterations; ++fit.iterations) {
    // Newton decrement g^T (-H)^-1 g / 2 (where -H is positive definite): the expected gain.
    T neg_h[P][P];
    for (int r = 0; r < P; ++r)
      for (int c = 0; c < P; ++c) neg_h[r][c] = -j.hess(r, c);
    T newton[P];
    T lm[P][P];
    for (int r = 0; r < P; ++r)
      for (int c = 0; c < P; ++c) lm[r][c] = neg_h[r][c];
    if (cholesky(lm)) {
      cholesky_solve(lm, j.g, newton);
      T gain = T(0);
      for (int r = 0; r < P; ++r) gain += j.g[r] * newton[r];
      if (gain < T(sizeof(T) == 4 ? 1e-4 : 1e-8)) {
        fit.converged = true;
        break;
      }
    }
    // Damped step (-H + mu diag(|H|)) delta = g.
    for (int r = 0; r < P; ++r)
      for (int c = 0; c < P; ++c) lm[r][c] = neg_h[r][c] + (r == c ? mu * (std::fabs(neg_h[r][r]) + T(1e-12)) : T(0));
    T delta[P];
    bool step_ok = cholesky(lm);
    if (step_ok) {
      cholesky_solve(lm, j.g, delta);
      T trial[P];
      for (int r = 0; r < P; ++r) trial[r] = fit.a[r] + delta[r];
      if (fold_parameters(trial)) {
        const Jet<T, P> jt = likelihood_jet(tables, hypothesis, trial, lnl);
        if (std::isfinite(jt.v) && jt.v >= j.v) {
          for (int r = 0; r < P; ++r) fit.a[r] = trial[r];
          j = jt;
          mu = mu * T(0.3) > T(1e-9) ? mu * T(0.3) : T(1e-9);
          continue;
        }
      }
    }
    mu *= T(5);
    if (mu > T(1e12)) break;
  }
  fit.log_likelihood = j.v;
  T neg_h[P][P];
  for (int r = 0; r < P; ++r)
    for (int c = 0; c < P; ++c) neg_h[r][c] = -j.hess(r, c);
  if (cholesky(neg_h)) {
    cholesky_inverse(neg_h, fit.cov);
  } else {
    fit.converged = false;
    for (int r = 0; r < P; ++r)
      for (int c = 0; c < P; ++c) fit.cov[r][c] = T(0);
  }
  return fit;
}

template <typename T>
DETGRAD_HD ShowerFit<T> fit_shower(const LdfTables<T>& tables, Primary hypothesis, const T (&seed)[P],
                                   const UnitObservation<T>* units, int n, T unit_area_m2, TimeErrors time_errors,
                                   int max_iterations = 100) {
  return fit_shower(tables, hypothesis, seed, AllUnits<T>{units, n, unit_area_m2, time_errors}, max_iterations);
}

}  // namespace detgrad::swgo
