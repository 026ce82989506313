#pragma once
// Particle-level mode (docs/swgo.md): the individual particles of a shower at the ground,
// drawn from the lateral densities, counted in the tank circles they fall in. It checks the
// expected-count mode (the expectation of a tank's count is the integral of rho cos(theta)
// over its area) and carries the large benchmarks.
//
// In the shower plane the density rho(R) = a exp(-k R^p2) (a = p0, k = p1 for e/gamma;
// a = 0.02 p0, k = 1 for muons) makes v = k R^p2 of a particle Gamma(2 / p2) distributed, and
// the plane holds N = 2 pi a Gamma(2 / p2) / (p2 k^(2 / p2)) particles. The clamp at 2 m is a
// Poisson process of its own: particles of the profile inside 2 m are dropped (thinning) and
// Poisson(4 pi rho(2)) particles are spread uniformly over the 2 m disc. A shower-plane point
// (u', w) (u' along the axis' ground direction) lies on the ground at u = u' / cos(theta), w:
// ground density rho cos(theta).
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/swgo/counting.hpp"
#include "detgrad/swgo/unit_response.hpp"

namespace detgrad::swgo {

template <typename T>
struct DensityProfile {
  T amplitude, slope, power;  // a, k, p2
};

template <typename T>
DETGRAD_HDI DensityProfile<T> density_profile(Species species, const LdfParams<T>& p) {
  return species == Species::electron ? DensityProfile<T>{p.p0, p.p1, p.p2}
                                      : DensityProfile<T>{T(kMuonDensityScale) * p.p0, T(1), p.p2};
}

// Particles of the unclamped profile over the whole shower plane.
template <typename T>
DETGRAD_HDI T profile_particles(const DensityProfile<T>& d) {
  const T shape = T(2) / d.power;
  return T(6.283185307179586) * d.amplitude * std::exp(std::lgamma(shape)) / (d.power * std::pow(d.slope, shape));
}

// Calls visit(dx, dy) with the ground position (relative to the core) of every particle of
// one species of one shower.
template <typename T, class Visit>
DETGRAD_HD std::uint64_t draw_ground_particles(const ShowerImage<T>& s, Species species, EventRandom& rng,
                                               Visit&& visit) {
  const DensityProfile<T> d = density_profile(species, s.ldf[int(species)]);
  const T shape = T(2) / d.power, inv_power = T(1) / d.power;
  const T Rmin = T(kMinDistance_m);
  const T inv_cos = T(1) / s.axis.cos_theta;
  std::uint64_t drawn = 0;
  const auto emit = [&](T R, T turn) {
    T sn, cs;
    sincos_turns(turn, sn, cs);
    const T u = R * cs * inv_cos, w = R * sn;
    visit(s.axis.cos_phi * u - s.axis.sin_phi * w, s.axis.sin_phi * u + s.axis.cos_phi * w);
    ++drawn;
  };
  const std::uint32_t n = poisson_draw(rng, profile_particles(d));
  for (std::uint32_t i = 0; i < n; ++i) {
    const T R = std::pow(gamma_draw(rng, shape) / d.slope, inv_power);
    const T turn = rng.uniform<T>();
    if (R >= Rmin) emit(R, turn);
  }
  const T rho_min = d.amplitude * std::exp(-d.slope * std::pow(Rmin, d.power));
  const std::uint32_t inner = poisson_draw(rng, T(3.141592653589793) * Rmin * Rmin * rho_min);
  for (std::uint32_t i = 0; i < inner; ++i) {
    const T R = Rmin * std::sqrt(rng.uniform<T>());
    emit(R, rng.uniform<T>());
  }
  return drawn;
}

// Tanks on a grid of square cells (side >= the tank diameter), so that a particle is tested
// against the tanks of its cell and the 8 around it. Arrays in compressed-row form (host or
// device memory), built by host/swgo/tank_grid.hpp.
template <typename T>
struct TankGrid {
  const T* x = nullptr;
  const T* y = nullptr;
  const int* cell_start = nullptr;  // cells + 1 entries
  const int* cell_tanks = nullptr;
  T origin_x = T(0), origin_y = T(0), cell = T(1), radius = T(kTankRadius_m);
  int nx = 0, ny = 0;

  // The tank whose circle holds (px, py), or -1.
  DETGRAD_HD int find(T px, T py) const {
    const int cx = int(std::floor((px - origin_x) / cell)), cy = int(std::floor((py - origin_y) / cell));
    const T r2 = radius * radius;
    for (int j = cy - 1; j <= cy + 1; ++j) {
      if (j < 0 || j >= ny) continue;
      for (int i = cx - 1; i <= cx + 1; ++i) {
        if (i < 0 || i >= nx) continue;
        const int c = j * nx + i;
        for (int k = cell_start[c]; k < cell_start[c + 1]; ++k) {
          const int t = cell_tanks[k];
          const T dx = px - x[t], dy = py - y[t];
          if (dx * dx + dy * dy <= r2) return t;
        }
      }
    }
    return -1;
  }
};

}  // namespace detgrad::swgo
