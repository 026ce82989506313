#pragma once
// The trigger (docs/swgo.md). Evaluation mode: at least 50 tanks with at least one particle.
// Optimisation mode (the reference's smooth version): the expected number of tanks hit
//   S = sum_units n_t (1 - exp(-lambda_unit / n_t)),
// lambda_unit the unit's expected count of all species and n_t its tanks, and
//   P_trigger = P(N >= 50 | Poisson(S)) = 1 - sum_{k<50} Poisson(k | S),
// set to 0 below 50 - 2 sqrt(50) and to 1 above 50 + 2 sqrt(50) as the reference does.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/constants.hpp"

namespace detgrad::swgo {

// A unit's share of S and its derivative with respect to lambda_unit: exp(-lambda / n_t).
template <typename T>
DETGRAD_HDI T expected_tanks_hit(T lambda_unit, int tanks_per_unit) {
  const T n = T(tanks_per_unit);
  return n * (T(1) - std::exp(-lambda_unit / n));
}
template <typename T>
DETGRAD_HDI void expected_tanks_hit_adjoint(T lambda_unit, int tanks_per_unit, T d_hit, T& d_lambda) {
  d_lambda += d_hit * std::exp(-lambda_unit / T(tanks_per_unit));
}

template <typename T>
struct SmoothTrigger {
  int threshold = kTriggerTanks;

  DETGRAD_HD T low() const { return T(threshold) - T(2) * std::sqrt(T(threshold)); }
  DETGRAD_HD T high() const { return T(threshold) + T(2) * std::sqrt(T(threshold)); }

  // 1 - sum_{k < threshold} e^-S S^k / k!
  DETGRAD_HD T probability(T S) const {
    if (S < low()) return T(0);
    if (S > high()) return T(1);
    T term = std::exp(-S), sum = term;
    for (int k = 1; k < threshold; ++k) {
      term *= S / T(k);
      sum += term;
    }
    return T(1) - sum;
  }
  // dP/dS = Poisson(threshold - 1 | S) inside the band, 0 outside.
  DETGRAD_HD void probability_adjoint(T S, T d_P, T& d_S) const {
    if (S < low() || S > high()) return;
    d_S += d_P * std::exp(T(threshold - 1) * std::log(S) - S - std::lgamma(T(threshold)));
  }
};

}  // namespace detgrad::swgo
