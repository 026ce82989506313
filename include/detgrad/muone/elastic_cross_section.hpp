#pragma once
// Tree-level (one-photon exchange, unpolarised) elastic mu-e cross section on an electron
// at rest, and exact sampling of q2 = -t from it (docs/references.md, MUonE):
//   d sigma / d t = 4 pi alpha^2 / lambda [ (s - m_mu^2 - m_e^2)^2 / t^2 + s / t + 1/2 ],
//   lambda = lambda(s, m_mu^2, m_e^2) = 4 m_e^2 p^2 for the electron at rest.
// In q2 = -t, with A = s - m_mu^2 - m_e^2 = 2 m_e E:
//   d sigma / d q2 = C [ A^2 / q2^2 - s / q2 + 1/2 ],  C = 4 pi alpha^2 / lambda,
//   sigma(q1, q2) = C [ A^2 (1/q1 - 1/q2) - s ln(q2 / q1) + (q2 - q1) / 2 ].
// Sampling: the envelope C A^2 / q2^2 bounds the density from above over the whole
// kinematic range (the bracket minus A^2/q2^2 is q2 (q2/2 - s)/q2^2 < 0 for q2 < 2 s, and
// q2_max < 2 s), and is sampled exactly by 1/q2 uniform; a trial is accepted with the
// ratio 1 - s q2 / A^2 + q2^2 / (2 A^2) (at least 0.43 at 160 GeV, so the cap of
// kMaxQ2Tries = 64 trials fails with probability below 1e-15; it then returns the last
// trial).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"

namespace detgrad::muone {

// Fine-structure constant, CODATA 2018 (docs/references.md, MUonE: 1/137.035999).
constexpr double kAlpha = 1.0 / 137.035999;
// (hbar c)^2 = 0.3893794 GeV^2 mb (PDG, "Physical constants"): 1 GeV^-2 = 0.3893794e-3 b.
constexpr double kInverseGeV2_barn = 0.3893794e-3;
// 1 barn = 1e-24 cm^2 = 1e-28 m^2.
constexpr double kBarn_m2 = 1e-28;
// Avogadro constant, 1/mol (SI 2019, exact).
constexpr double kAvogadro_per_mol = 6.02214076e23;

constexpr int kMaxQ2Tries = 64;

// C = 4 pi alpha^2 / (4 m_e^2 p^2), GeV^-2 per GeV^2 of q2 (times the bracket).
template <typename T>
DETGRAD_HDI T cross_section_prefactor(const ElasticKinematics<T>& k) {
  const T me = electron_mass<T>();
  return T(4.0 * units::kPi * kAlpha * kAlpha) / (T(4) * me * me * k.momentum * k.momentum);
}

template <typename T>
DETGRAD_HDI T cross_section_a(const ElasticKinematics<T>& k) { return T(2) * electron_mass<T>() * k.energy; }

// d sigma / d q2 in GeV^-4 (GeV^-2 of cross section per GeV^2 of q2).
template <typename T>
DETGRAD_HDI T dsigma_dq2(const ElasticKinematics<T>& k, T q2) {
  const T a = cross_section_a(k);
  return cross_section_prefactor(k) * (a * a / (q2 * q2) - k.s / q2 + T(0.5));
}

// sigma(q2_lo < q2 < q2_hi) in GeV^-2.
template <typename T>
DETGRAD_HDI T integrated_cross_section(const ElasticKinematics<T>& k, T q2_lo, T q2_hi) {
  const T a = cross_section_a(k);
  return cross_section_prefactor(k) *
         (a * a * (q2_hi - q2_lo) / (q2_lo * q2_hi) - k.s * std::log(q2_hi / q2_lo) + T(0.5) * (q2_hi - q2_lo));
}

// One q2 drawn from d sigma / d q2 restricted to [q2_lo, q2_hi] (two uniforms per trial).
template <typename T>
DETGRAD_HDI T sample_q2(const ElasticKinematics<T>& k, T q2_lo, T q2_hi, EventRandom& rng) {
  const T a = cross_section_a(k);
  const T inv_a2 = T(1) / (a * a);
  const T w_lo = T(1) / q2_hi, w_span = T(1) / q2_lo - T(1) / q2_hi;
  T q2 = q2_lo;
  for (int i = 0; i < kMaxQ2Tries; ++i) {
    const T u = rng.uniform<T>();
    const T v = rng.uniform<T>();
    q2 = T(1) / (w_lo + u * w_span);
    const T accept = T(1) - k.s * q2 * inv_a2 + T(0.5) * q2 * q2 * inv_a2;
    if (v < accept) break;
  }
  return q2 < q2_lo ? q2_lo : (q2 > q2_hi ? q2_hi : q2);
}

// Electrons per m^3 of a material of density rho (kg/m^3), atomic number Z and molar mass
// A (g/mol): n_e = rho N_A Z / A (docs/references.md, MUonE), with rho in g/m^3 = 1000 rho.
inline double electron_density_per_m3(double density_kg_m3, double z, double molar_mass_g_mol) {
  return density_kg_m3 * 1000.0 * kAvogadro_per_mol * z / molar_mass_g_mol;
}

}  // namespace detgrad::muone
