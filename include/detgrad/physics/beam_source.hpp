#pragma once
// A muon beam (e.g. MUonE's 160 GeV muons at the CERN M2 line): Gaussian momentum spread,
// Gaussian angular divergence about a nominal direction, Gaussian spot on the generation
// plane. Portable POD: the configuration is the sampler.
//
// Directions: with the nominal unit direction d and two unit vectors u, v orthogonal to it
// (see beam_transverse_axes), a generated direction is normalised(d + tan(alpha_u) u +
// tan(alpha_v) v), alpha_u and alpha_v independent N(0, divergence): the projected angles
// in the (d, u) and (d, v) planes. For d = (0, 0, -1): u = +x, v = +y, so the projected
// angles are the usual slopes' angles atan(dx/|dz|), atan(dy/|dz|).
//
// Momentum: N(mean, sigma) truncated to p > 0 by resampling (exact truncated Gaussian).
// The mean must be positive, so one try succeeds with probability > 1/2 and the cap of
// kBeamMaxMomentumTries fails with probability < 2^-64 (it then returns the mean).
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad {

template <typename T>
struct BeamMuon {
  T momentum_GeV;    // GeV/c, > 0
  Vec3<T> direction; // unit vector of flight
  T x_m, y_m;        // position on the generation plane, m
  int charge;        // +1 or -1
};

constexpr int kBeamMaxMomentumTries = 64;

// Two unit vectors orthogonal to the unit vector d: u is the normalised projection of +x
// onto the plane orthogonal to d (of +y when d is within ~25 degrees of the x axis) and
// v = u x d, so that (u, v, -d) is right-handed and d = (0, 0, -1) gives u = +x, v = +y.
template <typename T>
DETGRAD_HDI void beam_transverse_axes(Vec3<T> d, Vec3<T>& u, Vec3<T>& v) {
  const Vec3<T> ref = std::fabs(d.x) < T(0.9) ? Vec3<T>{T(1), T(0), T(0)} : Vec3<T>{T(0), T(1), T(0)};
  u = normalized(ref - dot(ref, d) * d);
  v = cross(u, d);
}

struct BeamSource {
  double momentum_GeV = 160.0;                // mean momentum, GeV/c, > 0 (MUonE: 160 GeV)
  double momentum_sigma_GeV = 0.0;            // Gaussian sigma, GeV/c; 0 = fixed
  Vec3<double> direction{0.0, 0.0, -1.0};     // nominal direction of flight (normalised here)
  double divergence_rad = 0.0;                // sigma of each projected angle, rad; 0 = none
  double centre_x_m = 0.0, centre_y_m = 0.0;  // spot centre on the generation plane, m
  double spot_sigma_m = 0.0;                  // Gaussian sigma of x and y each, m; 0 = pencil
  int charge = +1;                            // charge number of the muons

  // Draw order: momentum (2 uniforms per try, only when sigma > 0), angles (2, only when
  // divergence > 0), spot (2, only when spot sigma > 0).
  template <typename T>
  DETGRAD_HD BeamMuon<T> sample(EventRandom& rng) const {
    BeamMuon<T> muon;
    muon.momentum_GeV = T(momentum_GeV);
    if (momentum_sigma_GeV > 0.0) {
      for (int i = 0; i < kBeamMaxMomentumTries; ++i) {
        const T p = T(momentum_GeV) + T(momentum_sigma_GeV) * rng.normal<T>();
        if (p > T(0)) {
          muon.momentum_GeV = p;
          break;
        }
      }
    }
    const Vec3<T> d = normalized(vec3_cast<T>(direction));
    muon.direction = d;
    if (divergence_rad > 0.0) {
      T alpha_u, alpha_v;
      rng.normal_pair(alpha_u, alpha_v);
      Vec3<T> u, v;
      beam_transverse_axes(d, u, v);
      const T sigma = T(divergence_rad);
      muon.direction = normalized(d + std::tan(sigma * alpha_u) * u + std::tan(sigma * alpha_v) * v);
    }
    muon.x_m = T(centre_x_m);
    muon.y_m = T(centre_y_m);
    if (spot_sigma_m > 0.0) {
      T zx, zy;
      rng.normal_pair(zx, zy);
      muon.x_m += T(spot_sigma_m) * zx;
      muon.y_m += T(spot_sigma_m) * zy;
    }
    muon.charge = charge;
    return muon;
  }
};

}  // namespace detgrad
