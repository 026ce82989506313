#pragma once
// What a unit sees of a shower (docs/swgo.md). Expected counts per species
//   lambda_s = A rho_s(R) cos(theta) + b_s,   b_s = A x 128 ns x (background rate per m^2 ns)
// with rho evaluated at the unit's centre (as the reference does), and the plane-front time
// T = t / c. The evaluation mode samples what the unit records: per tank and species a
// Poisson number of signal and of background particles, the unit's count the sum, the
// unit's time per species the inverse-variance combination of the signal particles' mean
// time (spread sigma_t / sqrt(N - 1) for N >= 2, sigma_t for one) and the background
// particles' mean time (uniform in the 128 ns window centred on T: spread 128 / sqrt(12 N)).
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/swgo/counting.hpp"
#include "detgrad/swgo/ldf.hpp"
#include "detgrad/swgo/shower_geometry.hpp"

namespace detgrad::swgo {

// One shower under one hypothesis: what every unit's expectation needs.
template <typename T>
struct ShowerImage {
  ShowerAxis<T> axis;
  LdfParams<T> ldf[kSpecies];
  T signal_scale;         // A cos(theta), m^2
  T background[kSpecies]; // b_s
};

template <typename T>
DETGRAD_HDI ShowerImage<T> make_shower_image(const LdfTables<T>& tables, Primary primary, T energy_PeV, T theta, T phi,
                                             T x0, T y0, T unit_area_m2) {
  ShowerImage<T> s;
  s.axis = make_shower_axis(x0, y0, theta, phi);
  for (int k = 0; k < kSpecies; ++k) {
    s.ldf[k] = ldf_params(tables, primary, Species(k), energy_PeV, theta);
    s.background[k] = background_count(Species(k), unit_area_m2);
  }
  s.signal_scale = unit_area_m2 * s.axis.cos_theta;
  return s;
}

template <typename T>
struct UnitExpectation {
  UnitPlace<T> place;
  T signal[kSpecies];  // A rho cos(theta)
  T lambda[kSpecies];  // signal + background
  T time_ns;
};

template <typename T>
DETGRAD_HDI UnitExpectation<T> unit_expectation(const ShowerImage<T>& s, T xd, T yd) {
  UnitExpectation<T> e;
  e.place = unit_place(s.axis, xd, yd);
  for (int k = 0; k < kSpecies; ++k) {
    e.signal[k] = s.signal_scale * ldf_density(Species(k), s.ldf[k], e.place.R);
    e.lambda[k] = e.signal[k] + s.background[k];
  }
  e.time_ns = plane_front_time(e.place);
  return e;
}

// d_lambda[k] and d_time are the cotangents of lambda_k and T; adds to d_xd, d_yd.
template <typename T>
DETGRAD_HDI void unit_expectation_adjoint(const ShowerImage<T>& s, T xd, T yd, const UnitExpectation<T>& e,
                                          const T d_lambda[kSpecies], T d_time, T& d_xd, T& d_yd) {
  T d_R = T(0), d_t = T(0);
  for (int k = 0; k < kSpecies; ++k)
    ldf_density_adjoint(Species(k), s.ldf[k], e.place.R, d_lambda[k] * s.signal_scale, d_R);
  plane_front_time_adjoint(d_time, d_t);
  unit_place_adjoint(s.axis, xd, yd, e.place, d_R, d_t, d_xd, d_yd);
}

// What a unit records in evaluation mode.
template <typename T>
struct UnitRecord {
  std::uint32_t count[kSpecies];
  T time_ns[kSpecies];     // combined time per species (T_expected where count is 0)
  T time_sigma[kSpecies];  // its spread (0 where count is 0)
  std::uint32_t tanks_hit; // tanks of the unit with at least one particle
};

// Random numbers of unit `unit` of shower `shower`: EventRandom(seed, step, detector stream,
// shower x units + unit).
template <typename T>
DETGRAD_HDI UnitRecord<T> record_unit(const UnitExpectation<T>& e, const ShowerImage<T>& s, int tanks_per_unit,
                                      EventRandom& rng) {
  UnitRecord<T> r;
  r.tanks_hit = 0;
  std::uint32_t signal[kSpecies] = {0, 0}, background[kSpecies] = {0, 0};
  const T per_tank = T(1) / T(tanks_per_unit);
  for (int tank = 0; tank < tanks_per_unit; ++tank) {
    std::uint32_t in_tank = 0;
    for (int k = 0; k < kSpecies; ++k) {
      const std::uint32_t ns = poisson_draw(rng, e.signal[k] * per_tank);
      const std::uint32_t nb = poisson_draw(rng, s.background[k] * per_tank);
      signal[k] += ns;
      background[k] += nb;
      in_tank += ns + nb;
    }
    r.tanks_hit += in_tank > 0;
  }
  const T sigma_t = T(kSigmaTime_ns);
  for (int k = 0; k < kSpecies; ++k) {
    r.count[k] = signal[k] + background[k];
    r.time_ns[k] = e.time_ns;
    r.time_sigma[k] = T(0);
    if (r.count[k] == 0) continue;
    T weight = T(0), sum = T(0);
    if (signal[k] > 0) {
      const T spread = signal[k] >= 2 ? sigma_t / std::sqrt(T(signal[k] - 1)) : sigma_t;
      const T w = T(1) / (spread * spread);
      sum += w * (e.time_ns + spread * rng.normal<T>());
      weight += w;
    }
    if (background[k] > 0) {
      const T spread = T(kWindow_ns) / std::sqrt(T(12) * T(background[k]));
      // The mean of N uniform times in the window: its exact distribution is not needed,
      // only its centre and spread; drawn as a normal of that spread.
      const T w = T(1) / (spread * spread);
      sum += w * (e.time_ns + spread * rng.normal<T>());
      weight += w;
    }
    r.time_ns[k] = sum / weight;
    r.time_sigma[k] = T(1) / std::sqrt(weight);
  }
  return r;
}

}  // namespace detgrad::swgo
