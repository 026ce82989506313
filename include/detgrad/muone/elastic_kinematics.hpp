#pragma once
// Exact two-body kinematics of elastic mu-e scattering on an electron at rest (lab frame),
// written without cancellations so that float on the GPU keeps mrad angles.
//
// Beam muon: energy E, momentum p = sqrt(E^2 - m_mu^2). Scattered electron: kinetic energy
// T_e = E_e - m_e, and q2 = -t = 2 m_e T_e. With s = m_mu^2 + m_e^2 + 2 m_e E,
// four-momentum conservation gives (derivation in docs/muone.md):
//   longitudinal momentum of the electron   p_Le = T_e (E + m_e) / p
//   transverse momentum (both particles)    p_T^2 = T_e (2 m_e - T_e s / p^2)
//   longitudinal momentum of the muon       p_Lmu = p - p_Le
//   tan theta_e = p_T / p_Le,  tan theta_mu = p_T / p_Lmu.
// p_T vanishes at T_e,max = 2 m_e p^2 / s, so q2_max = 4 m_e^2 p^2 / s.
// Inverses:
//   electron angle -> q2:  q2 = 4 m_e^2 r^2 / ((1 - r^2) + tan^2 theta_e),  r = p / (E + m_e),
//     1 - r^2 = s / (E + m_e)^2  (E_e(theta_e) of docs/references.md, MUonE, rewritten in tan);
//   muon angle -> T_e: tan^2 theta_mu (p - a T)^2 = T (2 m_e - b T), a = (E + m_e)/p,
//     b = s/p^2, a quadratic with discriminant m_e^2 - tan^2 theta_mu (m_mu^2 - m_e^2):
//     real up to sin theta_mu,max = m_e / m_mu; its two roots are the low-q2 and the
//     high-q2 branches (the muon angle rises with q2 up to its maximum, then falls).
//   equal angles: p_Le = p / 2, T_e = p^2 / (2 (E + m_e)).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/units.hpp"

namespace detgrad::muone {

// Masses (GeV/c^2): PDG 2022 via core/units.hpp.
template <typename T>
DETGRAD_HDI T muon_mass() { return T(units::kMuonMass_GeV); }
template <typename T>
DETGRAD_HDI T electron_mass() { return T(units::kElectronMass_GeV); }

enum class MuonBranch { low_q2, high_q2 };

// The invariants of one beam energy.
template <typename T>
struct ElasticKinematics {
  T energy;      // E, GeV
  T momentum;    // p, GeV/c
  T s;           // Mandelstam s, GeV^2
  T a;           // (E + m_e) / p
  T b;           // s / p^2
  T r2;          // r^2 = p^2 / (E + m_e)^2
  T one_minus_r2;  // s / (E + m_e)^2

  DETGRAD_HD static ElasticKinematics from_energy(T beam_energy) {
    const T mmu = muon_mass<T>();
    return from_energy_momentum(beam_energy, std::sqrt((beam_energy - mmu) * (beam_energy + mmu)));
  }
  DETGRAD_HD static ElasticKinematics from_momentum(T beam_momentum) {
    const T mmu = muon_mass<T>();
    return from_energy_momentum(std::sqrt(beam_momentum * beam_momentum + mmu * mmu), beam_momentum);
  }
  // Energy and momentum of the same muon (E^2 = p^2 + m_mu^2).
  DETGRAD_HD static ElasticKinematics from_energy_momentum(T beam_energy, T beam_momentum) {
    const T mmu = muon_mass<T>(), me = electron_mass<T>();
    ElasticKinematics k;
    k.energy = beam_energy;
    k.momentum = beam_momentum;
    k.s = mmu * mmu + me * me + T(2) * me * beam_energy;
    const T em = beam_energy + me;
    k.a = em / k.momentum;
    k.b = k.s / (k.momentum * k.momentum);
    k.r2 = (k.momentum / em) * (k.momentum / em);
    k.one_minus_r2 = k.s / (em * em);
    return k;
  }

  DETGRAD_HD T sqrt_s() const { return std::sqrt(s); }
  // Largest electron kinetic energy and q2.
  DETGRAD_HD T electron_kinetic_max() const { return T(2) * electron_mass<T>() / b; }
  DETGRAD_HD T q2_max() const { return T(2) * electron_mass<T>() * electron_kinetic_max(); }
  // sin theta_mu,max = m_e / m_mu (independent of the beam energy above threshold).
  DETGRAD_HD T muon_angle_max() const { return std::asin(electron_mass<T>() / muon_mass<T>()); }
  // Electron kinetic energy where both angles are equal (p_Le = p / 2).
  DETGRAD_HD T equal_angle_kinetic() const { return momentum / (T(2) * a); }
};

template <typename T>
DETGRAD_HDI T q2_from_electron_kinetic(T kinetic) { return T(2) * electron_mass<T>() * kinetic; }
template <typename T>
DETGRAD_HDI T electron_kinetic_from_q2(T q2) { return q2 / (T(2) * electron_mass<T>()); }

// The final state of one elastic event in the frame where the beam flies along +z.
template <typename T>
struct ElasticFinalState {
  T electron_kinetic;  // T_e = E_e - m_e, GeV
  T electron_energy;   // E_e, GeV
  T electron_momentum; // |p_e|, GeV/c
  T muon_energy;       // E_mu', GeV
  T muon_momentum;     // |p_mu'|, GeV/c
  T tan_electron;      // tan theta_e
  T tan_muon;          // tan theta_mu
};

// Final state for a given q2 (0 < q2 <= q2_max).
template <typename T>
DETGRAD_HDI ElasticFinalState<T> elastic_final_state(const ElasticKinematics<T>& k, T q2) {
  const T me = electron_mass<T>(), mmu = muon_mass<T>();
  ElasticFinalState<T> f;
  const T te = electron_kinetic_from_q2(q2);
  f.electron_kinetic = te;
  f.electron_energy = te + me;
  f.electron_momentum = std::sqrt(te * (te + T(2) * me));
  f.muon_energy = k.energy - te;
  f.muon_momentum = std::sqrt((f.muon_energy - mmu) * (f.muon_energy + mmu));
  const T pt2 = te * (T(2) * me - te * k.b);
  const T pt = std::sqrt(pt2 > T(0) ? pt2 : T(0));
  const T ple = te * k.a;
  f.tan_electron = pt / ple;
  f.tan_muon = pt / (k.momentum - ple);
  return f;
}

// q2 from the electron's polar angle, given by its tangent.
template <typename T>
DETGRAD_HDI T q2_from_electron_tan(const ElasticKinematics<T>& k, T tan_e) {
  const T me = electron_mass<T>();
  return T(4) * me * me * k.r2 / (k.one_minus_r2 + tan_e * tan_e);
}
// d q2 / d tan_e = -8 m_e^2 r^2 tan_e / ((1 - r^2) + tan_e^2)^2.
template <typename T>
DETGRAD_HDI T q2_from_electron_tan_derivative(const ElasticKinematics<T>& k, T tan_e) {
  const T me = electron_mass<T>();
  const T d = k.one_minus_r2 + tan_e * tan_e;
  return T(-8) * me * me * k.r2 * tan_e / (d * d);
}

// Electron energy (GeV) from its polar angle theta_e (rad), as docs/references.md (MUonE)
// writes it: E_e = m_e (1 + r^2 cos^2) / (1 - r^2 cos^2), through q2 = 2 m_e (E_e - m_e).
template <typename T>
DETGRAD_HDI T electron_energy_from_angle(const ElasticKinematics<T>& k, T theta_e) {
  return electron_mass<T>() + electron_kinetic_from_q2(q2_from_electron_tan(k, std::tan(theta_e)));
}

// Discriminant of the muon-angle quadratic, m_e^2 - tan^2 (m_mu^2 - m_e^2); negative above
// the maximum muon angle.
template <typename T>
DETGRAD_HDI T muon_angle_discriminant(T tan_mu) {
  const T me = electron_mass<T>(), mmu = muon_mass<T>();
  return me * me - tan_mu * tan_mu * (mmu - me) * (mmu + me);
}

// q2 from the muon's polar angle (tangent) on one branch; at or above the maximum angle
// both branches meet at the discriminant's zero (clamped).
template <typename T>
DETGRAD_HDI T q2_from_muon_tan(const ElasticKinematics<T>& k, T tan_mu, MuonBranch branch) {
  const T me = electron_mass<T>();
  const T t2 = tan_mu * tan_mu;
  const T disc = muon_angle_discriminant(tan_mu);
  const T root = std::sqrt(disc > T(0) ? disc : T(0));
  const T half_linear = t2 * k.a * k.momentum + me;  // (tau^2 a p + m_e)
  const T quadratic = t2 * k.a * k.a + k.b;          // (tau^2 a^2 + b)
  // Low root in the form without cancellation: product of roots = tau^2 p^2 / quadratic.
  const T kinetic = branch == MuonBranch::low_q2 ? t2 * k.momentum * k.momentum / (half_linear + root)
                                                 : (half_linear + root) / quadratic;
  return q2_from_electron_kinetic(kinetic);
}

// Slopes of the two polar angles in q2 (rad per GeV^2), from the forms above with
// T = q2 / (2 m_e):  d p_T / d T = (m_e - b T) / p_T,
//   d tan_e / d T = (p_T' - a tan_e) / p_Le,   d tan_mu / d T = (p_T' + a tan_mu) / p_Lmu,
//   d theta / d q2 = (d tan / d T) / (1 + tan^2) / (2 m_e).
template <typename T>
DETGRAD_HDI void elastic_angle_slopes(const ElasticKinematics<T>& k, T q2, T& dtheta_e_dq2, T& dtheta_mu_dq2) {
  const T me = electron_mass<T>();
  const T te = electron_kinetic_from_q2(q2);
  const T pt2 = te * (T(2) * me - te * k.b);
  const T pt = std::sqrt(pt2 > T(0) ? pt2 : T(0));
  const T dpt = (me - k.b * te) / pt;
  const T ple = te * k.a, plm = k.momentum - ple;
  const T tan_e = pt / ple, tan_mu = pt / plm;
  const T inv_2me = T(1) / (T(2) * me);
  dtheta_e_dq2 = (dpt - k.a * tan_e) / ple / (T(1) + tan_e * tan_e) * inv_2me;
  dtheta_mu_dq2 = (dpt + k.a * tan_mu) / plm / (T(1) + tan_mu * tan_mu) * inv_2me;
}

// Slopes of the two polar angles in the beam energy at fixed q2 (rad per GeV): with
// p' = E/p, a' = (p^2 - E (E + m_e)) / p^3, b' = (2 m_e p^2 - 2 E s) / p^4,
//   d p_T / d E = -T^2 b' / (2 p_T),
//   d tan_e / d E = (p_T' a T - p_T T a') / (a T)^2,
//   d tan_mu / d E = (p_T' (p - a T) - p_T (p' - T a')) / (p - a T)^2,
//   d theta / d E = (d tan / d E) / (1 + tan^2).
template <typename T>
DETGRAD_HDI void elastic_angle_energy_slopes(const ElasticKinematics<T>& k, T q2, T& dtheta_e_dE, T& dtheta_mu_dE) {
  const T me = electron_mass<T>();
  const T te = electron_kinetic_from_q2(q2);
  const T e = k.energy, p = k.momentum, p2 = p * p;
  const T dp = e / p;
  const T da = (p2 - e * (e + me)) / (p2 * p);
  const T db = (T(2) * me * p2 - T(2) * e * k.s) / (p2 * p2);
  const T pt2 = te * (T(2) * me - te * k.b);
  const T pt = std::sqrt(pt2 > T(0) ? pt2 : T(0));
  const T dpt = -te * te * db / (T(2) * pt);
  const T ple = k.a * te, plm = p - ple;
  const T tan_e = pt / ple, tan_mu = pt / plm;
  dtheta_e_dE = (dpt * ple - pt * te * da) / (ple * ple) / (T(1) + tan_e * tan_e);
  dtheta_mu_dE = (dpt * plm - pt * (dp - te * da)) / (plm * plm) / (T(1) + tan_mu * tan_mu);
}

}  // namespace detgrad::muone
