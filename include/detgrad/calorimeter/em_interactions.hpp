#pragma once
// Sampling of the discrete interactions and of the ionisation-loss fluctuations of the
// electromagnetic cascade (per particle, host and device). Energies in GeV.
#include <cmath>

#include "detgrad/calorimeter/em_formulas.hpp"
#include "detgrad/calorimeter/em_medium.hpp"
#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad::calorimeter {

constexpr int kMaxRejectionTries = 1000;  // a rejection loop gives up (keeps its last proposal) after this many tries

template <typename T>
DETGRAD_HDI T screening_at(const EmMedium<T>& m, T total_energy) {
  return total_energy > T(kCoulombCorrectionThreshold_GeV) ? m.screening_high : m.screening_low;
}

// Photon energy of a bremsstrahlung above the cut from an e+- of kinetic energy `kinetic`
// (> cut): k = cut (kinetic / cut)^u from the 1/k factor, accepted with bracket / bound.
// The bracket is largest at the lowest k (smallest delta) up to the phi2 term, which the
// bound covers: bound = 2 (phi1(delta_cut) - F) + (2/3) max(F - phi2(delta_max), 0).
template <typename T>
DETGRAD_HD T sample_brem_photon(const EmMedium<T>& m, T kinetic, T cut, EventRandom& rng) {
  const T e = kinetic + T(kElectronMass_GeV);
  const T f = screening_at(m, e);
  const T scale = T(kScreeningConstant * kElectronMass_GeV) * m.inv_cbrt_z;
  const T delta_cut = scale * cut / (e * (e - cut));
  const T delta_max = scale * kinetic / (e * T(kElectronMass_GeV));
  const T phi2_low = screening_phi2(delta_max) - f;
  const T bound = T(2) * (screening_phi1(delta_cut) - f) + T(2.0 / 3.0) * (phi2_low < T(0) ? -phi2_low : T(0));
  const T log_ratio = std::log(kinetic / cut);
  T k = cut;
  for (int i = 0; i < kMaxRejectionTries; ++i) {
    k = cut * std::exp(log_ratio * rng.uniform<T>());
    if (k > kinetic) k = kinetic;
    if (!(bound > T(0)) || rng.uniform<T>() * bound <= brem_bracket(k, e, m.inv_cbrt_z, f)) break;
  }
  return k;
}

// Fraction eps = E(e-) / k of the photon's energy taken by the electron (total energy) in
// pair production. Symmetric in eps <-> 1 - eps: eps' uniform in [m/k, 1/2], accepted with
// bracket / (phi1(delta(1/2)) - F) (the bracket's bound, as phi2 <= phi1 and
// eps^2 + (1 - eps)^2 + (2/3) eps (1 - eps) <= 1), then a fair coin picks the side.
template <typename T>
DETGRAD_HD T sample_pair_fraction(const EmMedium<T>& m, T k, EventRandom& rng) {
  const T f = screening_at(m, k);
  const T lo = T(kElectronMass_GeV) / k;
  const T delta_min = T(4 * kScreeningConstant * kElectronMass_GeV) * m.inv_cbrt_z / k;
  const T bound = screening_phi1(delta_min) - f;
  T eps = T(0.5);
  for (int i = 0; i < kMaxRejectionTries; ++i) {
    eps = lo + (T(0.5) - lo) * rng.uniform<T>();
    if (!(bound > T(0)) || rng.uniform<T>() * bound <= pair_bracket(eps, k, m.inv_cbrt_z, f)) break;
  }
  return rng.uniform<T>() < T(0.5) ? eps : T(1) - eps;
}

// Compton scattering (Klein-Nishina) of a photon of energy k on a free electron at rest:
// the scattered photon's energy fraction eps = k'/k and cos(theta), by the mixture method of
// Butcher and Messel (as in EGS4, SLAC-265 sec. 2.9): eps from 1/eps (weight ln(1/eps0))
// or from eps (weight (1 - eps0^2)/2) on [eps0, 1], eps0 = 1/(1 + 2k/m), accepted with
// 1 - eps sin^2 / (1 + eps^2).
template <typename T>
DETGRAD_HD void sample_compton(T k, EventRandom& rng, T& eps, T& cos_theta) {
  const T kappa = k / T(kElectronMass_GeV);
  const T eps0 = T(1) / (T(1) + T(2) * kappa);
  const T a1 = -std::log(eps0), a2 = T(0.5) * (T(1) - eps0 * eps0);
  T one_minus_cos = T(0);
  for (int i = 0; i < kMaxRejectionTries; ++i) {
    if (rng.uniform<T>() * (a1 + a2) < a1) {
      eps = std::exp(-a1 * rng.uniform<T>());
    } else {
      eps = std::sqrt(eps0 * eps0 + (T(1) - eps0 * eps0) * rng.uniform<T>());
    }
    one_minus_cos = (T(1) - eps) / (eps * kappa);
    const T sin2 = one_minus_cos * (T(2) - one_minus_cos);
    if (rng.uniform<T>() <= T(1) - eps * sin2 / (T(1) + eps * eps)) break;
  }
  cos_theta = T(1) - one_minus_cos;
}

// Gamma-distributed variate of shape a (scale 1): Marsaglia and Tsang, ACM TOMS 26 (2000)
// 363; for a < 1, Gamma(a + 1) U^(1/a).
template <typename T>
DETGRAD_HD T sample_gamma(T a, EventRandom& rng) {
  T boost = T(1);
  if (a < T(1)) {
    boost = std::pow(rng.uniform<T>(), T(1) / a);
    a += T(1);
  }
  const T d = a - T(1.0 / 3.0), c = T(1) / std::sqrt(T(9) * d);
  T v = T(1);
  for (int i = 0; i < kMaxRejectionTries; ++i) {
    const T x = rng.normal<T>();
    v = T(1) + c * x;
    if (v <= T(0)) continue;
    v = v * v * v;
    const T u = rng.uniform<T>();
    if (std::log(u) < T(0.5) * x * x + d - d * v + d * std::log(v)) break;
  }
  return d * v * boost;
}

// Energy lost over a step, given its mean and variance: a Gamma distribution with that mean
// and variance (shape mean^2 / variance), a skewed, positive stand-in for the straggling of
// the loss (Landau-like for thin layers, where the shape is small; Gaussian for thick ones,
// where it is large). Above shape 1e4 a Gaussian.
template <typename T>
DETGRAD_HD T sample_energy_loss(T mean, T variance, EventRandom& rng) {
  if (!(mean > T(0)) || !(variance > T(0))) return mean > T(0) ? mean : T(0);
  const T shape = mean * mean / variance;
  if (shape > T(1e4)) {
    const T loss = mean + std::sqrt(variance) * rng.normal<T>();
    return loss > T(0) ? loss : T(0);
  }
  return sample_gamma(shape, rng) * (variance / mean);
}

// Unit vector at polar angle theta (cos_theta) to the unit vector d, azimuth uniform.
template <typename T>
DETGRAD_HD Vec3<T> deflect(Vec3<T> d, T cos_theta, EventRandom& rng) {
  T sp, cp;
  sincos_turns(rng.uniform<T>(), sp, cp);
  const T s2 = T(1) - cos_theta * cos_theta;
  const T sin_theta = s2 > T(0) ? std::sqrt(s2) : T(0);
  const Vec3<T> helper = (std::fabs(d.x) < T(0.9)) ? Vec3<T>{T(1), T(0), T(0)} : Vec3<T>{T(0), T(1), T(0)};
  const Vec3<T> e1 = normalized(cross(helper, d));
  const Vec3<T> e2 = cross(d, e1);
  return normalized(cos_theta * d + (sin_theta * cp) * e1 + (sin_theta * sp) * e2);
}

template <typename T>
DETGRAD_HD Vec3<T> isotropic_direction(EventRandom& rng) {
  const T c = T(2) * rng.uniform<T>() - T(1);
  const T s = std::sqrt(T(1) - c * c);
  T sp, cp;
  sincos_turns(rng.uniform<T>(), sp, cp);
  return Vec3<T>{s * cp, s * sp, c};
}

}  // namespace detgrad::calorimeter
