#pragma once
// Path-length correction of a condensed-history step (per particle, host and device).
//
// A charged particle that scatters travels a true path t longer than its advance along
// its initial direction. With lambda1 the transport mean free path, <cos theta>(s) =
// exp(-s / lambda1) after a path s, and the mean advance along the initial direction is
//   z(t) = integral_0^t exp(-s / lambda1) ds = lambda1 (1 - exp(-t / lambda1)),
// the relation Geant4's and EGSnrc's electron transport use (Lewis 1950, Phys. Rev. 78, 526;
// Kawrakow and Bielajew 1998, NIM B 142, 253). Its inverse, the true path that advances z
// on average, t(z) = -lambda1 ln(1 - z / lambda1), exists only for z < lambda1: a particle
// cannot, on average, advance farther than one transport mean free path.
//
// lambda1 here is the one the engine's scattering implies: for small angles <cos theta> =
// 1 - <theta_space^2> / 2 = 1 - theta0^2 per unit of the projected variance, so
// lambda1 = ds / (the projected variance that a path ds adds)
//        = X0 (beta p)^2 / ((13.6 MeV)^2 f_run)   (physics/multiple_scattering.hpp).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/units.hpp"

namespace detgrad::calorimeter {

// lambda1 (m) for a particle of beta p (GeV/c) in a medium of radiation length X0 (m) in a
// run whose Highland log factor is `run_log_factor`; infinite (1e30) when the factor is 0.
template <typename T>
DETGRAD_HDI T transport_mean_free_path(T beta_momentum_GeV, T radiation_length_m, T run_log_factor) {
  const T scale2 = T(units::kHighlandScale_GeV * units::kHighlandScale_GeV) * run_log_factor;
  if (!(scale2 > T(0))) return T(1e30);
  return radiation_length_m * beta_momentum_GeV * beta_momentum_GeV / scale2;
}

// Mean advance z (m) along the initial direction over a true path t (m) (expm1 and log1p
// keep the digits of short steps).
template <typename T>
DETGRAD_HDI T geometric_advance(T true_path_m, T lambda1_m) {
  return -lambda1_m * std::expm1(-true_path_m / lambda1_m);
}

// The true path (m) whose mean advance is z (m); a negative value when z >= lambda1 (never
// reached on average).
template <typename T>
DETGRAD_HDI T true_path_for_advance(T advance_m, T lambda1_m) {
  const T y = advance_m / lambda1_m;
  if (!(y < T(1))) return T(-1);
  return -lambda1_m * std::log1p(-y);
}

}  // namespace detgrad::calorimeter
