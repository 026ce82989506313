#pragma once
// The reconstruction likelihood of one shower under one hypothesis (docs/swgo.md):
//   ln L = sum_units sum_s [ n_s ln lambda_s - lambda_s - 1/2 ((T_s - T) / sigma_s)^2 [n_s > 0] ]
// with the reference's Poisson counts of both species and Gaussian time terms. The time
// spread sigma_s of a unit is the one its recorded time carries (unit_response.hpp: the
// refinement of the reference's constant 10 ns that makes the Hessian errors honest);
// `ReferenceTimes` uses the reference's 10 ns for every unit.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/jet.hpp"
#include "detgrad/swgo/unit_model.hpp"

namespace detgrad::swgo {

template <typename T>
struct UnitObservation {
  T x, y;                    // unit position, m
  T count[kSpecies];
  T time_ns[kSpecies];
  T time_sigma[kSpecies];    // 0 where the count is 0
};

enum class TimeErrors { recorded, reference };

// Adds one unit's terms of ln L, from its model m (on scalar type S) and its observation o.
template <typename T, typename S>
DETGRAD_HD void add_unit_log_likelihood(S& total, const UnitModel<S>& m, const UnitObservation<T>& o,
                                        TimeErrors time_errors) {
  using std::log;
  for (int k = 0; k < kSpecies; ++k) {
    total = total + (o.count[k] > T(0) ? log(m.lambda[k]) * o.count[k] - m.lambda[k] : -m.lambda[k]);
    if (o.count[k] > T(0)) {
      const T sigma = time_errors == TimeErrors::recorded ? o.time_sigma[k] : T(kSigmaTime_ns);
      const S r = (m.time_ns - o.time_ns[k]) * (T(1) / sigma);
      total = total - r * r * T(0.5);
    }
  }
}

// ln L on scalar type S (T: value only; Jet<T, 5>: with gradient and Hessian in a).
template <typename T, typename S>
DETGRAD_HD S log_likelihood(const ShowerTerms<S>& terms, const UnitObservation<T>* units, int n_units, T unit_area_m2,
                            TimeErrors time_errors) {
  S total(T(0));
  for (int i = 0; i < n_units; ++i) {
    const UnitModel<S> m = unit_model(terms, S(units[i].x), S(units[i].y), unit_area_m2);
    add_unit_log_likelihood(total, m, units[i], time_errors);
  }
  return total;
}

}  // namespace detgrad::swgo
