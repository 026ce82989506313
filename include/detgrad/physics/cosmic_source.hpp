#pragma once
// Exact sampler of sea-level cosmic muons crossing a horizontal plane. Portable (host and
// device); built on the host by build_cosmic_source() (detgrad/physics/cosmic_rate.hpp),
// which fills the envelope constants and checks that the envelope dominates.
//
// Target density over (E, c = cos zenith, phi), E the muon's total energy:
//     f(E, c) dE dc dphi = I(E, c) c dE dc dphi,  E in [E(p_min), E(p_max)], c in [cos(theta_max), 1],
// where I is dI/(dE dOmega) of muon_flux.hpp and the factor c is the projection of the
// plane (muons per unit horizontal area). Sampling E and taking p = sqrt(E^2 - m^2) gives
// the momentum directly (no Jacobian: the density is defined per dE).
//
// Envelope (rejection, exact): the c range is cut into kCosmicEnvelopeBins equal bins; in
// bin j the envelope is g_j(E) = B_j (E + a_j)^-gamma, constant in c. The shape follows the
// models: Guan's low-energy term is E (1 + 3.64/(E cos*^1.29)) = E + a(c), so gamma = 2.7
// and a_j = a(c at the bin's upper edge); Shukla's is (E0 + E)^-n, so gamma = n and
// a_j = E0. B_j = sup over the bin of f / (E + a_j)^-gamma (from a grid, times a margin,
// verified on a denser grid by the builder). A trial picks bin j with probability
// proportional to the envelope's integral B_j dc Z_j, c uniform in the bin, E by the
// inverse CDF of the power law, and accepts with probability f / g_j.
//
// Squeeze (same decisions, fewer density evaluations): for each bin j and each power-of-two
// bucket of x = E + a_j, squeeze[j][k] is a lower bound of f / g_j over the cell (the
// grid minimum times 0.995, verified on a denser grid by the builder; 0 where it could not
// be). A uniform below it accepts without evaluating f; the 0.5 % margin is far above the
// float rounding of f / g, so every trial is decided as the full comparison decides it.
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/units.hpp"
#include "detgrad/core/vec3.hpp"
#include "detgrad/physics/muon_flux.hpp"

namespace detgrad {

// Ratio of positive to negative muons at sea level: CMS, "Measurement of the charge ratio
// of atmospheric muons with the CMS detector", Phys. Lett. B 692 (2010) 83,
// R = 1.2766 +- 0.0032 (stat) +- 0.0032 (syst) for 5 < p < 100 GeV/c (PDG cosmic-ray
// review quotes ~1.25-1.3 for p of a few GeV/c to a few hundred GeV/c).
constexpr double kCosmicChargeRatioCms2010 = 1.2766;

struct CosmicSourceConfig {
  CosmicModel model = CosmicModel::guan2015;
  double momentum_min_GeV = 1.0;      // GeV/c, > 0
  double momentum_max_GeV = 1000.0;   // GeV/c, > momentum_min_GeV
  double zenith_max_rad = 70.0 * units::kDegree_rad;  // rad, in (0, pi/2]
  double charge_ratio = kCosmicChargeRatioCms2010;   // N(mu+) / N(mu-), > 0
};

template <typename T>
struct GeneratedMuon {
  T momentum_GeV;  // GeV/c
  T cos_zenith;    // cosine of the zenith angle, in [cos(theta_max), 1]
  T azimuth_rad;   // rad, in [0, 2 pi)
  int charge;      // +1 or -1
};

// Direction of flight of a downward-going muon: (sin th cos phi, sin th sin phi, -cos th).
template <typename T>
DETGRAD_HDI Vec3<T> downward_direction(T cos_zenith, T azimuth_rad) {
  const T s = std::sqrt(T(1) - cos_zenith * cos_zenith > T(0) ? T(1) - cos_zenith * cos_zenith : T(0));
  return {s * std::cos(azimuth_rad), s * std::sin(azimuth_rad), -cos_zenith};
}

constexpr int kCosmicEnvelopeBins = 32;
constexpr int kCosmicSqueezeBuckets = 12;  // power-of-two buckets of E + a_j (GeV)
// A proposal is accepted with probability `acceptance` (> 0.5 for the ranges the builder
// accepts), so 1000 trials all fail with probability < 1e-300: the cap only guards against
// an unbuilt source looping forever.
constexpr int kCosmicMaxTrials = 1000;

struct CosmicSource {
  CosmicModel model;
  double energy_min_GeV, energy_max_GeV;  // total energy range, GeV
  double cos_min;                         // cos(theta_max)
  double bin_width;                       // (1 - cos_min) / kCosmicEnvelopeBins
  double positive_fraction;               // R / (1 + R)
  double envelope_index;                  // gamma, dimensionless
  double shift_GeV[kCosmicEnvelopeBins];  // a_j, GeV
  double bound[kCosmicEnvelopeBins];      // B_j, cm^-2 s^-1 sr^-1 GeV^(gamma-1)
  double cumulative[kCosmicEnvelopeBins]; // envelope CDF over bins; last = 1
  double power_low[kCosmicEnvelopeBins];  // (E_min + a_j)^(1 - gamma)
  double power_high[kCosmicEnvelopeBins]; // (E_max + a_j)^(1 - gamma)
  double rate_per_m2_s;                   // muons through a horizontal plane, m^-2 s^-1
  double acceptance;                      // mean acceptance probability of one trial
  int squeeze_first_exponent;             // bucket k holds E + a in [2^(first + k), 2^(first + k + 1)) GeV
  // Lower bounds of f / g_j (see above) in units of 1/256, rounded down (so still lower
  // bounds): one byte each keeps the source, which kernels take by value, small.
  std::uint8_t squeeze[kCosmicEnvelopeBins][kCosmicSqueezeBuckets];

  // The squeeze bound for bin j at x = E + a_j (GeV); 0 outside the buckets.
  template <typename T>
  DETGRAD_HD T squeeze_bound(int j, T x) const {
    int exponent;
    std::frexp(x, &exponent);  // x = m 2^exponent, m in [1/2, 1)
    const int k = exponent - 1 - squeeze_first_exponent;
    return (k >= 0 && k < kCosmicSqueezeBuckets) ? T(squeeze[j][k]) * T(1.0 / 256.0) : T(0);
  }

  // Index of the first bin with cumulative > u: the number of bins with cumulative <= u
  // (cumulative rises, and its last entry is 1 > u), counted in binary from the largest
  // power of two down; selects instead of branches (u is random, so a branch would be
  // mispredicted half the time).
  DETGRAD_HD int pick_bin(double u) const {
    static_assert((kCosmicEnvelopeBins & (kCosmicEnvelopeBins - 1)) == 0, "a power of two");
    int i = 0;
    for (int step = kCosmicEnvelopeBins / 2; step > 0; step /= 2) i += cumulative[i + step - 1] <= u ? step : 0;
    return i;
  }

  // One muon; `trials` receives the number of proposals used. Draws per trial: bin, c, E,
  // accept (one Philox block); then azimuth and charge.
  template <typename T>
  DETGRAD_HD GeneratedMuon<T> sample(EventRandom& rng, int& trials) const {
    const T s = T(1) - T(envelope_index);  // 1 - gamma < 0
    const T e1 = T(energy_min_GeV), e2 = T(energy_max_GeV);
    T energy = e1, c = T(1);
    for (trials = 1; trials <= kCosmicMaxTrials; ++trials) {
      const int j = pick_bin(double(rng.uniform<T>()));
      c = T(cos_min) + (T(j) + rng.uniform<T>()) * T(bin_width);
      if (c > T(1)) c = T(1);
      const T a = T(shift_GeV[j]);
      const T lo = T(power_low[j]), hi = T(power_high[j]);
      const T t = lo + rng.uniform<T>() * (hi - lo);  // (E + a)^(1 - gamma)
      const T x = std::pow(t, T(1) / s);              // E + a
      energy = x - a;
      if (energy < e1) energy = e1;
      if (energy > e2) energy = e2;
      // Envelope B (E + a)^-gamma = B t / x, without another power (x was not clamped in
      // all but rounding cases; the clamp only guards the energy range).
      const T envelope = T(bound[j]) * t / x;
      const T v = rng.uniform<T>();
      if (v < squeeze_bound(j, x)) break;
      if (v * envelope <= muon_intensity<T>(model, energy, c) * c) break;
    }
    if (trials > kCosmicMaxTrials) trials = kCosmicMaxTrials;
    const T mass = T(units::kMuonMass_GeV);
    GeneratedMuon<T> muon;
    muon.momentum_GeV = std::sqrt((energy - mass) * (energy + mass));
    muon.cos_zenith = c;
    muon.azimuth_rad = T(2 * units::kPi) * rng.uniform<T>();
    muon.charge = rng.uniform<T>() < T(positive_fraction) ? +1 : -1;
    return muon;
  }

  template <typename T>
  DETGRAD_HD GeneratedMuon<T> sample(EventRandom& rng) const {
    int trials;
    return sample<T>(rng, trials);
  }
};

}  // namespace detgrad
