#pragma once
// The shower source (docs/swgo.md): gamma or proton primaries (gamma fraction f), energy in
// [E_min, E_max] uniform (the reference's default) or E^-s (inverse CDF), zenith
// theta = asin(U sin theta_max), azimuth uniform, core uniform in the disc of radius R_span
// around the array's centre, kept only if some unit lies within R_slack of it; the number of
// trials is returned for the exposure. All draws come from Philox keyed by
// (seed, step, source stream, shower): any shower can be regenerated anywhere.
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/swgo/constants.hpp"
#include "detgrad/swgo/species.hpp"

namespace detgrad::swgo {

template <typename T>
struct Shower {
  Primary primary;
  T energy_PeV;
  T theta, phi;      // rad
  T x0, y0;          // core, m
  std::uint32_t trials;  // core draws until one was kept (exposure)
};

// A trivially copyable description of the source; unit positions are read through pointers
// (host or device memory) only for the cores that are not accepted at once.
template <typename T>
struct ShowerSource {
  std::uint64_t seed = 0;
  T gamma_fraction = T(0.5);
  T energy_min_PeV = T(kEnergyMin_PeV);
  T energy_max_PeV = T(kEnergyMax_PeV);
  T spectral_slope = T(0);       // 0: uniform in E (the reference's default)
  T sin_theta_max = T(0);        // sin(65 deg) by default (set by make_shower_source)
  T centre_x = T(0), centre_y = T(0);
  T span_radius_m = T(0);        // R_span
  T slack_radius_m = T(kCoreSlack_m);
  T units_radius_m = T(0);       // largest unit distance from the centre
  const T* unit_x = nullptr;
  const T* unit_y = nullptr;
  int units = 0;
  std::uint32_t max_trials = 10000;

  // The same source in another real type (float for the GPU). Unit positions cannot be
  // converted in place: the caller passes its own copies of them in U (host or device memory,
  // `units` each), which must outlive the result.
  template <typename U>
  ShowerSource<U> cast(const U* unit_x_as_u, const U* unit_y_as_u) const {
    ShowerSource<U> out;
    out.seed = seed;
    out.gamma_fraction = U(gamma_fraction);
    out.energy_min_PeV = U(energy_min_PeV);
    out.energy_max_PeV = U(energy_max_PeV);
    out.spectral_slope = U(spectral_slope);
    out.sin_theta_max = U(sin_theta_max);
    out.centre_x = U(centre_x);
    out.centre_y = U(centre_y);
    out.span_radius_m = U(span_radius_m);
    out.slack_radius_m = U(slack_radius_m);
    out.units_radius_m = U(units_radius_m);
    out.unit_x = unit_x_as_u;
    out.unit_y = unit_y_as_u;
    out.units = units;
    out.max_trials = max_trials;
    return out;
  }

  // Some unit within R_slack of (x, y)? Cores within R_slack - r_max of the centre are
  // accepted without looking at the units.
  DETGRAD_HD bool keeps_core(T x, T y) const {
    const T dx = x - centre_x, dy = y - centre_y;
    const T inner = slack_radius_m - units_radius_m;
    if (inner > T(0) && dx * dx + dy * dy <= inner * inner) return true;
    const T s2 = slack_radius_m * slack_radius_m;
    for (int i = 0; i < units; ++i) {
      const T ux = unit_x[i] - x, uy = unit_y[i] - y;
      if (ux * ux + uy * uy <= s2) return true;
    }
    return false;
  }

  DETGRAD_HD T draw_energy(T u) const {
    if (spectral_slope == T(0)) return energy_min_PeV + u * (energy_max_PeV - energy_min_PeV);
    if (std::fabs(spectral_slope - T(1)) < T(1e-6)) return energy_min_PeV * std::pow(energy_max_PeV / energy_min_PeV, u);
    // CDF of E^-s on [a, b]: (E^(1-s) - a^(1-s)) / (b^(1-s) - a^(1-s)).
    const T g = T(1) - spectral_slope;
    const T a = std::pow(energy_min_PeV, g), b = std::pow(energy_max_PeV, g);
    return std::pow(a + u * (b - a), T(1) / g);
  }

  DETGRAD_HD Shower<T> operator()(std::uint32_t step, std::uint64_t shower) const {
    EventRandom rng(seed, step, RandomStream::source, shower);
    Shower<T> s;
    s.primary = rng.uniform<T>() < gamma_fraction ? Primary::gamma : Primary::proton;
    s.energy_PeV = draw_energy(rng.uniform<T>());
    s.theta = std::asin(rng.uniform<T>() * sin_theta_max);
    s.phi = T(6.283185307179586) * rng.uniform<T>();
    s.trials = 0;
    do {
      const T r = span_radius_m * std::sqrt(rng.uniform<T>());
      T sine, cosine;
      sincos_turns(rng.uniform<T>(), sine, cosine);
      s.x0 = centre_x + r * cosine;
      s.y0 = centre_y + r * sine;
      ++s.trials;
    } while (!keeps_core(s.x0, s.y0) && s.trials < max_trials);
    return s;
  }
};

}  // namespace detgrad::swgo
