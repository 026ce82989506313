#pragma once
// The optimisation mode's second estimator of the shower errors ("optimization_errors":
// "fitted", docs/swgo.md): each gamma shower is fitted to sampled data, as the reference does,
// and the gradient goes through the fit by the implicit function theorem. Per gamma shower of
// a step, with the layout R being differentiated (the model layout) and the layout R0 of the
// step's start (the data layout):
//   1. the units record the shower at R0 (the evaluation mode's Poisson counts and times, its
//      random numbers): the step's data, constants of the step;
//   2. the maximum-likelihood fit a^(R) of shower_fit.hpp with the units at R, started from
//      the true parameters (as the reference does; the evaluation mode never does) and
//      polished by Newton steps so that a^ is exact to rounding;
//   3. the errors from the expected information at the fitted parameters, I(a^(R), R) (the
//      covariance of Fisher scoring), with the same utility accumulators as the expected mode
//      (fisher_utility.hpp); the trigger probability is the true shower's (smooth trigger at R).
// Gradient: U depends on R directly (I's model at R, the trigger) and through a^(R), which
// solves d lnL/da (a^, R) = 0. The implicit function theorem gives
//   da^/dR = -H^-1 d2 lnL/(da dR) = C_fit d2 lnL/(da dR),  C_fit = (-H)^-1 at a^,
// so with a_bar = dU/da^ (= g : dI/da, g = dU/dI) and v = C_fit a_bar,
//   dU/dR += v . d2 lnL/(da dR),
// a sum over units of the unit's own mixed derivatives (replayed with jets in (a, xd, yd)).
// The data are held fixed within a step: the gradient is the derivative at fixed data (the
// reference's estimator); the recorded counts are integers, whose derivative in R is zero
// wherever it exists, so the counts' shift with R is outside it (docs/swgo.md compares this
// estimator with the expected mode). Why I(a^) and not the fit's observed (-H)^-1: its
// derivative in a^ would need third derivatives of ln L.
//
// Gamma/hadron separation (with c_GF != 0): every shower of either primary with P_trigger > 0
// is fitted under both hypotheses (from the true parameters) for its test statistic
// T = ln L_gamma,max - ln L_proton,max and s = sign(T) ln(1 + |T|); the host forms U_GF from
// the step's (s, P, class) (host/swgo/separation_utility.hpp: templates from the step's own
// showers). At the maxima dT/dR = d lnL_gamma/dR - d lnL_proton/dR with the fitted parameters
// held (the envelope theorem: d lnL/da = 0 there), so T needs no term through the fits. These
// three numbers per shower are the one storage that grows with the showers of a step (the
// templates couple every shower to every other).
//
// Pass 1 adds per shower into the accumulators:
//   [0] sum_gamma w, [1] sum_gamma w sigma_lnE, [2] sum_gamma w pointing, [3] gamma showers,
//   [4] sum_all P_trigger, [5] gamma showers left out (P_trigger > 0, fit not converged or
//   I singular), [6] core trials of every shower (U_GF's exposure factor), and, if asked, the
//   shower's separation entry.
// `obs` is scratch for the array's units (per-thread memory).
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/swgo/fisher_utility.hpp"
#include "detgrad/swgo/shower_fit.hpp"
#include "detgrad/swgo/unit_response.hpp"

namespace detgrad::swgo {

constexpr int kFitPolishSteps = 3;  // Newton steps after convergence: quadratic, to rounding
constexpr int kFittedAccumulators = kFisherAccumulators + 1;

// A shower's part in the gamma/hadron separation.
template <typename T>
struct SeparationEntry {
  T s = T(0);       // sign(T) ln(1 + |T|)
  T weight = T(0);  // P_trigger
  bool gamma = false;
  bool usable = false;    // P_trigger > 0 and both fits converged
  bool computed = false;  // written by pass 1 (in an MPI run: on this rank)
};

template <typename T>
struct FitSetup {
  FisherSetup<T> model;            // tables, source, the model layout R
  const T* data_x = nullptr;       // the data layout R0 (units in the same order)
  const T* data_y = nullptr;
  TimeErrors time_errors = TimeErrors::recorded;
};

// What the units record of shower s at the data layout; positions: the model layout.
template <typename T>
DETGRAD_HD void record_at_data_layout(const FitSetup<T>& setup, std::uint32_t step, std::uint64_t shower,
                                      const ShowerImage<T>& image, UnitObservation<T>* obs) {
  const ArrayView<T>& array = setup.model.array;
  for (int u = 0; u < array.units; ++u) {
    const UnitExpectation<T> e = unit_expectation(image, setup.data_x[u], setup.data_y[u]);
    observe_unit(e, image, array, setup.model.source.seed, step, shower, u, array.x[u], array.y[u], obs[u]);
  }
}

// S of the true shower at the model layout, and its adjoint.
template <typename T>
DETGRAD_HD T true_expected_tanks(const ArrayView<T>& array, const ShowerImage<T>& image) {
  T s = T(0);
  for (int u = 0; u < array.units; ++u) {
    const UnitExpectation<T> e = unit_expectation(image, array.x[u], array.y[u]);
    s += expected_tanks_hit(e.lambda[0] + e.lambda[1], array.tanks_per_unit);
  }
  return s;
}
template <typename T, typename Row>
DETGRAD_HD void true_expected_tanks_adjoint(const ArrayView<T>& array, const ShowerImage<T>& image,
                                            T d_expected_tanks, Row grad) {
  for (int u = 0; u < array.units; ++u) {
    const UnitExpectation<T> e = unit_expectation(image, array.x[u], array.y[u]);
    T d_total = T(0);
    expected_tanks_hit_adjoint(e.lambda[0] + e.lambda[1], array.tanks_per_unit, d_expected_tanks, d_total);
    const T d_lambda[kSpecies] = {d_total, d_total};
    T dx = T(0), dy = T(0);
    unit_expectation_adjoint(image, array.x[u], array.y[u], e, d_lambda, T(0), dx, dy);
    grad[UnitPacking::index(u, kUnitX)] += dx;
    grad[UnitPacking::index(u, kUnitY)] += dy;
  }
}

// Newton steps on the exact gradient and Hessian after the fit has converged, and the
// covariance at the result; false if -H stops being positive definite.
template <typename T>
DETGRAD_HD bool polish_fit(const LdfTables<T>& tables, Primary hypothesis, const UnitObservation<T>* units, int n,
                           T unit_area_m2, TimeErrors time_errors, ShowerFit<T>& fit) {
  for (int step = 0; step <= kFitPolishSteps; ++step) {
    const Jet<T, P> j = likelihood_jet(tables, hypothesis, fit.a, units, n, unit_area_m2, time_errors);
    T l[P][P];
    for (int r = 0; r < P; ++r)
      for (int c = 0; c < P; ++c) l[r][c] = -j.hess(r, c);
    if (!cholesky(l)) return false;
    if (step == kFitPolishSteps) {
      fit.log_likelihood = j.v;
      cholesky_inverse(l, fit.cov);
      return true;
    }
    T delta[P];
    cholesky_solve(l, j.g, delta);
    for (int r = 0; r < P; ++r) fit.a[r] += delta[r];
  }
  return true;
}

// Everything pass 1 computes of one shower, kept for pass 2.
template <typename T>
struct FittedShower {
  ShowerImage<T> image;          // the true shower
  FisherShower<T> errors;        // information at a^_gamma, trigger of the true shower
  ShowerFit<T> fit[kPrimaries];  // by hypothesis (gamma, proton)
  bool converged[kPrimaries];    // fitted and polished
  bool fitted;                   // P_trigger > 0: the fits were run
  bool usable;                   // a gamma shower whose errors count: converged, I(a^) regular
  bool separable;                // both hypotheses converged (with separation)
  T statistic;                   // T = ln L_gamma,max - ln L_proton,max
};

template <typename T>
DETGRAD_HD FittedShower<T> fitted_shower(const FitSetup<T>& setup, std::uint32_t step, std::uint64_t shower,
                                         const Shower<T>& s, UnitObservation<T>* obs, bool separation) {
  const ArrayView<T>& array = setup.model.array;
  FittedShower<T> f;
  f.image = make_shower_image(setup.model.tables, s.primary, s.energy_PeV, s.theta, s.phi, s.x0, s.y0,
                              array.unit_area_m2);
  f.errors.expected_tanks = true_expected_tanks(array, f.image);
  f.errors.trigger = SmoothTrigger<T>{}.probability(f.errors.expected_tanks);
  f.fitted = f.errors.trigger > T(0);
  f.usable = f.separable = false;
  f.converged[0] = f.converged[1] = false;
  f.statistic = T(0);
  if (!f.fitted) return f;  // contributes nothing, and its derivative is 0
  record_at_data_layout(setup, step, shower, f.image, obs);
  T a[P];
  true_parameters(s, a);
  for (int h = 0; h < kPrimaries; ++h) {
    if (!separation && Primary(h) != s.primary) continue;
    ShowerFit<T>& fit = f.fit[h];
    fit = fit_shower(setup.model.tables, Primary(h), a, obs, array.units, array.unit_area_m2, setup.time_errors);
    f.converged[h] = fit.converged && polish_fit(setup.model.tables, Primary(h), obs, array.units,
                                                 array.unit_area_m2, setup.time_errors, fit);
  }
  f.separable = separation && f.converged[0] && f.converged[1];
  if (f.separable) f.statistic = f.fit[0].log_likelihood - f.fit[1].log_likelihood;
  if (s.primary != Primary::gamma || !f.converged[0]) return f;
  expected_information(setup.model, s.primary, f.fit[0].a, f.errors.information, static_cast<T*>(nullptr));
  fisher_errors(f.errors, s.theta);
  f.usable = f.errors.regular;
  return f;
}

// dT/dR_u = d lnL_gamma/dR_u - d lnL_proton/dR_u at the two maxima; adds d_statistic dT/dR.
template <typename T, typename Row>
DETGRAD_HD void statistic_adjoint(const FitSetup<T>& setup, const FittedShower<T>& f, const UnitObservation<T>* obs,
                                  T d_statistic, Row grad) {
  using J2 = Jet<T, 2>;
  const ArrayView<T>& array = setup.model.array;
  for (int h = 0; h < kPrimaries; ++h) {
    J2 aj[P];
    for (int i = 0; i < P; ++i) aj[i] = J2(f.fit[h].a[i]);
    const ShowerTerms<J2> terms = make_shower_terms(setup.model.tables, Primary(h), aj);
    const T sign = h == 0 ? d_statistic : -d_statistic;
    for (int u = 0; u < array.units; ++u) {
      const UnitModel<J2> m =
          unit_model(terms, J2::variable(array.x[u], 0), J2::variable(array.y[u], 1), array.unit_area_m2);
      J2 ll(T(0));
      add_unit_log_likelihood(ll, m, obs[u], setup.time_errors);
      grad[UnitPacking::index(u, kUnitX)] += sign * ll.g[0];
      grad[UnitPacking::index(u, kUnitY)] += sign * ll.g[1];
    }
  }
}

// Pass 1: row[0 .. kFittedAccumulators); entry (if not null) gets the shower's separation entry.
template <typename T, typename Row>
DETGRAD_HD void fitted_forward(const FitSetup<T>& setup, std::uint32_t step, std::uint64_t shower,
                               UnitObservation<T>* obs, Row row, SeparationEntry<T>* entry) {
  const Shower<T> s = setup.model.source(step, shower);
  row[6] += T(s.trials);
  const bool gamma = s.primary == Primary::gamma;
  if (!gamma && !entry) return;
  const FittedShower<T> f = fitted_shower(setup, step, shower, s, obs, entry != nullptr);
  if (entry) {
    entry->computed = true;
    entry->gamma = gamma;
    entry->usable = f.separable;
    entry->weight = f.errors.trigger;
    entry->s = separation_variable(f.statistic);
  }
  if (!gamma) return;
  row[3] += T(1);
  row[4] += f.errors.trigger;
  if (!f.fitted) return;
  if (!f.usable) {
    row[5] += T(1);
    return;
  }
  const T w = f.errors.trigger;
  row[0] += w;
  row[1] += w * f.errors.sigma_log_e;
  row[2] += w * f.errors.pointing;
}

// Pass 2 (d_acc and grad as in fisher_adjoint); d_s and d_weight: dU/ds and dU/dP_trigger of
// the shower's separation entry (separation: whether pass 1 made entries). through_fit = false
// leaves out the errors' term through a^(R): the derivative at fixed fitted parameters (to show
// what that term carries).
template <typename T, typename Row>
DETGRAD_HD void fitted_adjoint(const FitSetup<T>& setup, std::uint32_t step, std::uint64_t shower,
                               const T (&d_acc)[3], bool separation, T d_s, T d_weight, UnitObservation<T>* obs,
                               Row grad, bool through_fit = true) {
  const Shower<T> s = setup.model.source(step, shower);
  const bool gamma = s.primary == Primary::gamma;
  if (!gamma && !separation) return;
  const FittedShower<T> f = fitted_shower(setup, step, shower, s, obs, separation);
  if (!f.fitted) return;
  const ArrayView<T>& array = setup.model.array;
  T d_trigger = T(0);
  if (f.separable) {
    d_trigger += d_weight;
    statistic_adjoint(setup, f, obs, d_s * separation_variable_derivative(f.statistic), grad);
  }
  if (f.usable) {
    // Direct terms: I's model at R; a_bar = g : dI/da^.
    T g[P][P];
    d_trigger += fisher_errors_adjoint(f.errors, s.theta, d_acc, g);
    T a_bar[P] = {T(0), T(0), T(0), T(0), T(0)};
    expected_information_adjoint(setup.model, s.primary, f.fit[0].a, g, T(0), grad, a_bar);
    if (through_fit) {
      // Through the fit: v = C_fit a_bar, dU/dR_u += v . d2 lnL_u/(da dR_u).
      T v[P];
      for (int r = 0; r < P; ++r) {
        T sum = T(0);
        for (int c = 0; c < P; ++c) sum += f.fit[0].cov[r][c] * a_bar[c];
        v[r] = sum;
      }
      using J7 = Jet<T, P + 2>;
      J7 aj[P];
      for (int i = 0; i < P; ++i) aj[i] = J7::variable(f.fit[0].a[i], i);
      const ShowerTerms<J7> terms = make_shower_terms(setup.model.tables, s.primary, aj);
      for (int u = 0; u < array.units; ++u) {
        const UnitModel<J7> m =
            unit_model(terms, J7::variable(array.x[u], P), J7::variable(array.y[u], P + 1), array.unit_area_m2);
        J7 ll(T(0));
        add_unit_log_likelihood(ll, m, obs[u], setup.time_errors);
        for (int p = 0; p < 2; ++p) {
          T d = T(0);
          for (int r = 0; r < P; ++r) d += v[r] * ll.hess(r, P + p);
          grad[UnitPacking::index(u, kUnitX + p)] += d;
        }
      }
    }
  }
  T d_expected_tanks = T(0);
  SmoothTrigger<T>{}.probability_adjoint(f.errors.expected_tanks, d_trigger, d_expected_tanks);
  true_expected_tanks_adjoint(array, f.image, d_expected_tanks, grad);
}

}  // namespace detgrad::swgo
