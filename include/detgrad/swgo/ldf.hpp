#pragma once
// Lateral particle densities at the ground (SWGOLO's stretched exponentials, docs/swgo.md):
//   e/gamma:  rho_e(R)  = p0 exp(-p1 R^p2)
//   muons:    rho_mu(R) = 0.02 p0 exp(-R^p2)
// with (p0, p1, p2) from one 3x3 block of parameters per species, primary and zenith bin,
// functions of the energy variable xe = 0.5 + 20 (ln E - ln 0.1) / (ln 10 - ln 0.1), and
// joined over the four zenith bins by the Lagrange cubic through x = 1, 2, 3, 4 evaluated at
// x = 0.5 + 4 theta / theta_max.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/constants.hpp"
#include "detgrad/swgo/species.hpp"

namespace detgrad::swgo {

constexpr int kZenithBins = 4;

// Parameter blocks q[primary][block][line][column]: blocks 0-3 e/gamma for zenith bins 1-4,
// blocks 4-7 muons for zenith bins 1-4 (the files' order).
template <typename T>
struct LdfTables {
  T q[kPrimaries][2 * kZenithBins][3][3];

  template <typename U>
  LdfTables<U> cast() const {
    LdfTables<U> out{};
    for (int p = 0; p < kPrimaries; ++p)
      for (int b = 0; b < 2 * kZenithBins; ++b)
        for (int i = 0; i < 3; ++i)
          for (int j = 0; j < 3; ++j) out.q[p][b][i][j] = U(q[p][b][i][j]);
    return out;
  }
};

// How a block's p0 depends on the energy variable.
enum class P0Form { product, sum };  // q00 exp(q01 xe^q02) or exp(q00) + exp(q01 xe^q02)

template <typename T>
struct LdfParams {
  T p0, p1, p2;
};

// xe = 0.5 + 20 ln(E / 0.1 PeV) / ln(100).
template <typename T>
DETGRAD_HDI T ldf_energy_variable(T energy_PeV) {
  return T(0.5) + T(20) * std::log(energy_PeV / T(kEnergyMin_PeV)) / T(4.605170185988091);  // ln 100
}

// The zenith variable x = 0.5 + 4 theta / theta_max.
template <typename T>
DETGRAD_HDI T ldf_zenith_variable(T theta) {
  return T(0.5) + T(4) * theta / T(kThetaMax_rad);
}

// Lagrange basis of the cubic through x = 1, 2, 3, 4.
template <typename T>
DETGRAD_HDI void lagrange4_weights(T x, T w[4]) {
  const T a = x - T(1), b = x - T(2), c = x - T(3), d = x - T(4);
  w[0] = -b * c * d / T(6);
  w[1] = a * c * d / T(2);
  w[2] = -a * b * d / T(2);
  w[3] = a * b * c / T(6);
}

// One block's (p0, p1, p2) at energy variable xe. The e/gamma block of gamma primaries has
// p0 = q00 exp(q01 xe^q02); every other block p0 = exp(q00) + exp(q01 xe^q02).
template <typename T>
DETGRAD_HDI LdfParams<T> ldf_block_params(const T (&q)[3][3], T xe, P0Form form) {
  const T tail = std::exp(q[0][1] * std::pow(xe, q[0][2]));
  LdfParams<T> p;
  p.p0 = form == P0Form::product ? q[0][0] * tail : std::exp(q[0][0]) + tail;
  p.p1 = q[1][0] + xe * (q[1][1] + xe * q[1][2]);
  p.p2 = q[2][0] + xe * (q[2][1] + xe * q[2][2]);
  return p;
}

// (p0, p1, p2) of a species for a primary at energy E (PeV) and zenith theta (rad).
template <typename T>
DETGRAD_HDI LdfParams<T> ldf_params(const LdfTables<T>& tables, Primary primary, Species species, T energy_PeV,
                                    T theta) {
  const T xe = ldf_energy_variable(energy_PeV);
  T w[4];
  lagrange4_weights(ldf_zenith_variable(theta), w);
  const P0Form form = primary == Primary::gamma && species == Species::electron ? P0Form::product : P0Form::sum;
  const int first = species == Species::electron ? 0 : kZenithBins;
  LdfParams<T> out{T(0), T(0), T(0)};
  for (int k = 0; k < kZenithBins; ++k) {
    const LdfParams<T> b = ldf_block_params(tables.q[int(primary)][first + k], xe, form);
    out.p0 += w[k] * b.p0;
    out.p1 += w[k] * b.p1;
    out.p2 += w[k] * b.p2;
  }
  return out;
}

// Density per m^2 at shower-plane distance R (already clamped at 2 m).
template <typename T>
DETGRAD_HDI T ldf_density(Species species, const LdfParams<T>& p, T R) {
  const T rp = std::pow(R, p.p2);
  return species == Species::electron ? p.p0 * std::exp(-p.p1 * rp)
                                      : T(kMuonDensityScale) * p.p0 * std::exp(-rp);
}

// d rho / dR = -rho k p2 R^(p2 - 1), k = p1 (e/gamma) or 1 (muons).
template <typename T>
DETGRAD_HDI void ldf_density_adjoint(Species species, const LdfParams<T>& p, T R, T d_rho, T& d_R) {
  const T rp = std::pow(R, p.p2);
  const T k = species == Species::electron ? p.p1 : T(1);
  const T rho = species == Species::electron ? p.p0 * std::exp(-p.p1 * rp)
                                             : T(kMuonDensityScale) * p.p0 * std::exp(-rp);
  d_R += d_rho * (-rho * k * p.p2 * rp / R);
}

}  // namespace detgrad::swgo
