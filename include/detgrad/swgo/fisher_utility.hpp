#pragma once
// The optimisation mode's per-shower code (docs/swgo.md). The utility terms that measure
// gamma-ray showers, U_IR = 50 sum w / sum w sigma_E/E and U_PR = 2000 < delta / sqrt(dtheta^2
// + (sin theta dphi)^2 + delta^2) >_w (delta = 1 mrad, w = P_trigger), need each gamma
// shower's fit errors. Here they are the expected ones: the covariance C = I^-1 of the Fisher
// information of the reconstruction likelihood at the true parameters,
//   I = sum_units sum_s [ J_s J_s^T / lambda_s + tau(mu_s) J_T J_T^T / sigma_t^2 ],
// J_s = d lambda_s / da, J_T = dT / da, mu_s the signal expectation and
// tau(mu) = E[w(N)] sigma_t^2 = mu - 1 + (1 + mu) e^-mu the expected inverse variance of the
// recorded time (w = (N - 1) / sigma_t^2 for N >= 2 signal particles, 1 / sigma_t^2 for one).
// Why this treatment of the counts: I^-1 is the Cramer-Rao bound that the evaluation mode's
// Hessian errors estimate shower by shower (checked: tests/swgo/fisher_utility_test.cpp), it
// is a smooth function of the unit positions, and it needs no fit per step: on the expected
// data the maximum-likelihood fit returns the true parameters whatever the layout, so the
// implicit-function term da/dR = -H^-1 d2lnL/(da dR) vanishes identically (the data move with
// the layout exactly as the model does) and the gradient flows through I and P_trigger only.
//
// Pass 1 (forward) adds per shower into the accumulators:
//   [0] sum_gamma w, [1] sum_gamma w sigma_lnE, [2] sum_gamma w pointing, [3] gamma showers,
//   [4] sum_all P_trigger, [5] gamma showers whose I is singular (left out).
// Pass 2 (adjoint) replays a shower with the accumulators' cotangents and adds dU/d(x, y) of
// every unit into grad[2 u], grad[2 u + 1].
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/jet.hpp"
#include "detgrad/swgo/shower_event.hpp"
#include "detgrad/swgo/small_matrix.hpp"
#include "detgrad/swgo/unit_model.hpp"
#include "detgrad/swgo/unit_packing.hpp"

namespace detgrad::swgo {

constexpr int kFisherAccumulators = 6;
constexpr double kPointingDelta_rad = 1e-3;  // delta of U_PR (SWGOLO: 1 mrad)

template <typename T>
struct FisherSetup {
  LdfTables<T> tables;
  ShowerSource<T> source;
  ArrayView<T> array;
};

template <typename T>
DETGRAD_HDI T time_information(T mu) {  // tau(mu)
  return mu - T(1) + (T(1) + mu) * std::exp(-mu);
}
template <typename T>
DETGRAD_HDI T time_information_derivative(T mu) {  // tau'(mu) = 1 - mu e^-mu
  return T(1) - mu * std::exp(-mu);
}

template <typename T>
DETGRAD_HDI void true_parameters(const Shower<T>& s, T (&a)[P]) {
  a[kCoreX] = s.x0;
  a[kCoreY] = s.y0;
  a[kTheta] = s.theta;
  a[kPhi] = s.phi;
  a[kLogEnergy] = std::log(s.energy_PeV);
}

// Everything pass 1 computes of one gamma shower, kept for pass 2.
template <typename T>
struct FisherShower {
  T information[P][P];
  T covariance[P][P];
  T expected_tanks;
  T trigger;
  T sigma_log_e;
  T pointing_q;  // C_thth + sin^2 theta C_phph + delta^2
  T pointing;
  bool regular;
};

// The expected information I(a) of a shower under hypothesis `primary` at parameters a on the
// setup's array, and (if asked) the expected number of tanks hit S(a).
template <typename T>
DETGRAD_HD void expected_information(const FisherSetup<T>& setup, Primary primary, const T (&a)[P],
                                     T (&information)[P][P], T* expected_tanks) {
  using J5 = Jet<T, P>;
  J5 aj[P];
  for (int i = 0; i < P; ++i) aj[i] = J5::variable(a[i], i);
  const ShowerTerms<J5> terms = make_shower_terms(setup.tables, primary, aj);
  for (int r = 0; r < P; ++r)
    for (int c = 0; c < P; ++c) information[r][c] = T(0);
  T tanks = T(0);
  const T inv_var_t = T(1) / T(kSigmaTime_ns * kSigmaTime_ns);
  for (int u = 0; u < setup.array.units; ++u) {
    const UnitModel<J5> m = unit_model(terms, J5(setup.array.x[u]), J5(setup.array.y[u]), setup.array.unit_area_m2);
    for (int k = 0; k < kSpecies; ++k) {
      const T inv_l = T(1) / m.lambda[k].v;
      const T wt = time_information(m.signal[k].v) * inv_var_t;
      for (int r = 0; r < P; ++r)
        for (int c = 0; c < P; ++c)
          information[r][c] += m.lambda[k].g[r] * m.lambda[k].g[c] * inv_l + wt * m.time_ns.g[r] * m.time_ns.g[c];
    }
    if (expected_tanks) tanks += expected_tanks_hit(m.lambda[0].v + m.lambda[1].v, setup.array.tanks_per_unit);
  }
  if (expected_tanks) *expected_tanks = tanks;
}

// The errors from f.information: C = I^-1, sigma_lnE and the pointing term (theta: the
// shower's zenith that weights the azimuth error).
template <typename T>
DETGRAD_HD void fisher_errors(FisherShower<T>& f, T theta) {
  T l[P][P];
  for (int r = 0; r < P; ++r)
    for (int c = 0; c < P; ++c) l[r][c] = f.information[r][c];
  f.regular = cholesky(l);
  if (!f.regular) return;
  cholesky_inverse(l, f.covariance);
  f.sigma_log_e = std::sqrt(f.covariance[kLogEnergy][kLogEnergy]);
  const T st = std::sin(theta);
  const T delta = T(kPointingDelta_rad);
  f.pointing_q = f.covariance[kTheta][kTheta] + st * st * f.covariance[kPhi][kPhi] + delta * delta;
  f.pointing = delta / std::sqrt(f.pointing_q);
}

// The utility's accumulator cotangents d_acc = dU/d(A, B, C) turned into the cotangent of
// the shower's trigger probability (returned) and of its information, g = dU/dI
// (g = -C dU/dC C).
template <typename T>
DETGRAD_HD T fisher_errors_adjoint(const FisherShower<T>& f, T theta, const T (&d_acc)[3], T (&g)[P][P]) {
  const T d_trigger = d_acc[0] + d_acc[1] * f.sigma_log_e + d_acc[2] * f.pointing;
  const T d_sigma = d_acc[1] * f.trigger;
  const T d_pointing = d_acc[2] * f.trigger;
  const T d_q = d_pointing * T(-0.5) * f.pointing / f.pointing_q;
  const T st = std::sin(theta);
  T d_cov[P][P];
  for (int r = 0; r < P; ++r)
    for (int c = 0; c < P; ++c) d_cov[r][c] = T(0);
  d_cov[kLogEnergy][kLogEnergy] = d_sigma * T(0.5) / f.sigma_log_e;
  d_cov[kTheta][kTheta] = d_q;
  d_cov[kPhi][kPhi] = d_q * st * st;
  T tmp[P][P];
  for (int r = 0; r < P; ++r)
    for (int c = 0; c < P; ++c) {
      T sum = T(0);
      for (int k = 0; k < P; ++k) sum += d_cov[r][k] * f.covariance[k][c];
      tmp[r][c] = sum;
    }
  for (int r = 0; r < P; ++r)
    for (int c = 0; c < P; ++c) {
      T sum = T(0);
      for (int k = 0; k < P; ++k) sum += f.covariance[r][k] * tmp[k][c];
      g[r][c] = -sum;
    }
  return d_trigger;
}

// The adjoint of expected_information: with g = dU/dI and d_expected_tanks = dU/dS, adds
// dU/d(unit x, y) into grad[2 u], grad[2 u + 1] and, if d_a is not null, dU/da into d_a.
// Every unit is replayed with jets in (a, xd, yd): their mixed second derivatives give
// dJ/d(a, xd, yd). For a variable z,
//   g : dI/dz = sum_s [ 2 (g J_s) . dJ_s/dz / lambda_s - (J_s^T g J_s) dlambda_s/dz / lambda_s^2
//                       + tau'(mu_s) dmu_s/dz (J_T^T g J_T) / sigma_t^2 ] + 2 tau_sum (g J_T) . dJ_T/dz / sigma_t^2.
template <typename T, typename Row>
DETGRAD_HD void expected_information_adjoint(const FisherSetup<T>& setup, Primary primary, const T (&a)[P],
                                             const T (&g)[P][P], T d_expected_tanks, Row grad, T* d_a) {
  using J7 = Jet<T, P + 2>;
  J7 aj[P];
  for (int i = 0; i < P; ++i) aj[i] = J7::variable(a[i], i);
  const ShowerTerms<J7> terms = make_shower_terms(setup.tables, primary, aj);
  const T inv_var_t = T(1) / T(kSigmaTime_ns * kSigmaTime_ns);
  const int first = d_a ? 0 : P;  // the variables z to differentiate by: (a,) xd, yd
  for (int u = 0; u < setup.array.units; ++u) {
    const UnitModel<J7> m =
        unit_model(terms, J7::variable(setup.array.x[u], P), J7::variable(setup.array.y[u], P + 1), setup.array.unit_area_m2);
    T d_z[P + 2];
    for (int z = 0; z < P + 2; ++z) d_z[z] = T(0);
    const T total = m.lambda[0].v + m.lambda[1].v;
    T d_total = T(0);
    expected_tanks_hit_adjoint(total, setup.array.tanks_per_unit, d_expected_tanks, d_total);
    // Time part: J_T J_T^T tau(mu_e + ...) summed over species.
    T gjt[P];
    for (int r = 0; r < P; ++r) {
      T sum = T(0);
      for (int c = 0; c < P; ++c) sum += g[r][c] * m.time_ns.g[c];
      gjt[r] = sum;
    }
    T jt_g_jt = T(0);
    for (int r = 0; r < P; ++r) jt_g_jt += m.time_ns.g[r] * gjt[r];
    T tau_sum = T(0);
    for (int k = 0; k < kSpecies; ++k) {
      const T lam = m.lambda[k].v;
      T gj[P];
      for (int r = 0; r < P; ++r) {
        T sum = T(0);
        for (int c = 0; c < P; ++c) sum += g[r][c] * m.lambda[k].g[c];
        gj[r] = sum;
      }
      T jgj = T(0);
      for (int r = 0; r < P; ++r) jgj += m.lambda[k].g[r] * gj[r];
      const T d_lambda = -jgj / (lam * lam) + d_total;
      const T d_signal = time_information_derivative(m.signal[k].v) * inv_var_t * jt_g_jt;
      tau_sum += time_information(m.signal[k].v);
      for (int z = first; z < P + 2; ++z) {
        T d = d_lambda * m.lambda[k].g[z] + d_signal * m.signal[k].g[z];
        for (int r = 0; r < P; ++r) d += T(2) * gj[r] / lam * m.lambda[k].hess(r, z);
        d_z[z] += d;
      }
    }
    for (int z = first; z < P + 2; ++z) {
      T d = T(0);
      for (int r = 0; r < P; ++r) d += T(2) * tau_sum * inv_var_t * gjt[r] * m.time_ns.hess(r, z);
      d_z[z] += d;
    }
    grad[UnitPacking::index(u, kUnitX)] += d_z[P];
    grad[UnitPacking::index(u, kUnitY)] += d_z[P + 1];
    if (d_a)
      for (int z = 0; z < P; ++z) d_a[z] += d_z[z];
  }
}

template <typename T>
DETGRAD_HD FisherShower<T> fisher_shower(const FisherSetup<T>& setup, const Shower<T>& s) {
  T a[P];
  true_parameters(s, a);
  FisherShower<T> f;
  expected_information(setup, s.primary, a, f.information, &f.expected_tanks);
  f.trigger = SmoothTrigger<T>{}.probability(f.expected_tanks);
  fisher_errors(f, s.theta);
  return f;
}

// Pass 1: row[0 .. kFisherAccumulators). `Row` is anything with row[i] += value: a pointer to
// doubles (CPU) or the CUDA launcher's fixed-point atomic row.
template <typename T, typename Row>
DETGRAD_HD void fisher_forward(const FisherSetup<T>& setup, std::uint32_t step, std::uint64_t shower, Row row) {
  const Shower<T> s = setup.source(step, shower);
  if (s.primary != Primary::gamma) return;
  const FisherShower<T> f = fisher_shower(setup, s);
  row[3] += T(1);
  row[4] += f.trigger;
  if (!f.regular) {
    row[5] += T(1);
    return;
  }
  row[0] += f.trigger;
  row[1] += f.trigger * f.sigma_log_e;
  row[2] += f.trigger * f.pointing;
}

// Pass 2: d_acc = dU/d(accumulators [0], [1], [2]); adds dU/d(unit x, y) into grad[2 u], grad[2 u + 1].
template <typename T, typename Row>
DETGRAD_HD void fisher_adjoint(const FisherSetup<T>& setup, std::uint32_t step, std::uint64_t shower,
                               const T (&d_acc)[3], Row grad) {
  const Shower<T> s = setup.source(step, shower);
  if (s.primary != Primary::gamma) return;
  const FisherShower<T> f = fisher_shower(setup, s);
  if (!f.regular) return;
  T g[P][P];
  const T d_trigger = fisher_errors_adjoint(f, s.theta, d_acc, g);
  T d_expected_tanks = T(0);
  SmoothTrigger<T>{}.probability_adjoint(f.expected_tanks, d_trigger, d_expected_tanks);
  T a[P];
  true_parameters(s, a);
  expected_information_adjoint(setup, s.primary, a, g, d_expected_tanks, grad, static_cast<T*>(nullptr));
}

}  // namespace detgrad::swgo
