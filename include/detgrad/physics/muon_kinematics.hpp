#pragma once
// Muon kinematics: kinetic energy, momentum and velocity (c = 1), GeV.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/units.hpp"

namespace detgrad {

template <typename T>
DETGRAD_HDI T momentum_from_kinetic(T kinetic_GeV) {
  const T mass = T(units::kMuonMass_GeV);
  return std::sqrt(kinetic_GeV * (kinetic_GeV + T(2) * mass));
}

template <typename T>
DETGRAD_HDI T kinetic_from_momentum(T momentum_GeV) {
  const T mass = T(units::kMuonMass_GeV);
  return std::sqrt(momentum_GeV * momentum_GeV + mass * mass) - mass;
}

// beta p = p^2 / E (GeV/c), the momentum factor of the multiple-scattering width.
template <typename T>
DETGRAD_HDI T beta_momentum(T kinetic_GeV) {
  const T mass = T(units::kMuonMass_GeV);
  return kinetic_GeV * (kinetic_GeV + T(2) * mass) / (kinetic_GeV + mass);
}

}  // namespace detgrad
