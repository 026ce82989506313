#pragma once
// One elastic mu-e event: the beam muon on the generation plane, the interaction point
// uniform in the target's depth, q2 drawn exactly from the tree-level cross section of the
// event's own beam energy within the study's range, the azimuth uniform, and the event's
// weight (the probability that this beam muon scatters in the range inside the target):
//   weight = n_e L sigma(range),   n_e electrons per m^3, L the target thickness (m),
//   sigma in m^2 (sigma_barn 1e-28).
// Draws: the beam from the `source` stream (momentum: 1 normal per try; angles: 2; spot: 2),
// then from the `task` stream the depth (1 uniform), the azimuth (1) and q2 (2 per trial),
// then the bremsstrahlung draws if on.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/core/small_argument.hpp"
#include "detgrad/muone/elastic_cross_section.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"
#include "detgrad/muone/station.hpp"

namespace detgrad::muone {

constexpr int kMaxBeamMomentumTries = 64;

// A straight track segment in slope form: x(z) = x + tx (z - z_at), y(z) = y + ty (z - z_at).
template <typename T>
struct TrackState {
  T z_at;
  T x, y;
  T tx, ty;
  T momentum;  // GeV/c
  T beta;      // v / c
};

template <typename T>
DETGRAD_HDI void drift_to(TrackState<T>& s, T z) {
  const T dz = z - s.z_at;
  s.x += s.tx * dz;
  s.y += s.ty * dz;
  s.z_at = z;
}

// The beam muon on the generation plane: momentum N(p, sigma_p) truncated to p > 0 by
// resampling; projected angles N(0, divergence) per axis (slopes tan(angle)); spot N(0, sigma).
template <typename T>
DETGRAD_HDI TrackState<T> sample_beam_muon(const MuonBeam& beam, EventRandom& rng) {
  TrackState<T> s;
  s.z_at = T(beam.z_start_m);
  s.momentum = T(beam.momentum_GeV);
  if (beam.momentum_sigma_GeV > 0.0) {
    for (int i = 0; i < kMaxBeamMomentumTries; ++i) {
      const T p = T(beam.momentum_GeV) + T(beam.momentum_sigma_GeV) * rng.normal<T>();
      if (p > T(0)) {
        s.momentum = p;
        break;
      }
    }
  }
  T ax, ay, sx, sy;
  rng.normal_pair(ax, ay);
  rng.normal_pair(sx, sy);
  s.tx = tan_small(T(beam.divergence_x_rad) * ax);
  s.ty = tan_small(T(beam.divergence_y_rad) * ay);
  s.x = T(beam.spot_sigma_x_m) * sx;
  s.y = T(beam.spot_sigma_y_m) * sy;
  const T m = muon_mass<T>();
  s.beta = s.momentum / std::sqrt(s.momentum * s.momentum + m * m);
  return s;
}

// The draws of the interaction itself (independent of the design).
template <typename T>
struct ElasticDraws {
  T depth_fraction;  // vertex at z_target - L/2 + depth_fraction L, uniform in (0, 1)
  T cos_phi, sin_phi;  // azimuth of the electron about the incoming muon
  T q2;              // GeV^2
  T sigma_m2;        // cross section of the range at this beam energy, m^2
};

template <typename T>
DETGRAD_HDI ElasticDraws<T> sample_interaction(const EventRange& range, const ElasticKinematics<T>& k,
                                               EventRandom& rng) {
  ElasticDraws<T> d;
  d.depth_fraction = rng.uniform<T>();
  sincos_turns(rng.uniform<T>(), d.sin_phi, d.cos_phi);
  // A beam muon below the nominal energy has a lower q2_max: the range ends there.
  const T q2_max = k.q2_max();
  const T lo = T(range.q2_lo_GeV2);
  T hi = T(range.q2_hi_GeV2);
  hi = hi < q2_max ? hi : q2_max;
  if (!(hi > lo)) {
    d.q2 = lo;
    d.sigma_m2 = T(0);
    return d;
  }
  d.q2 = sample_q2(k, lo, hi, rng);
  d.sigma_m2 = integrated_cross_section(k, lo, hi) * T(kInverseGeV2_barn * kBarn_m2);
  return d;
}

// Outgoing slopes of a particle at polar angle (tangent tan_theta) and azimuth (cos, sin)
// about an incoming direction of slopes (tx, ty): the direction d = (tx, ty, 1)/|.| and the
// axes e1 = (1, 0, -tx)/|.| (in the x-z plane) and e2 = d x e1, then
// out = d + tan_theta (cos e1 + sin e2), slopes out.x / out.z, out.y / out.z. The frame is
// computed once for both outgoing particles.
template <typename T>
struct ScatteringFrame {
  T dx, dy, dz, e1x, e1z, e2x, e2y, e2z;

  DETGRAD_HD void rotate(T tan_theta, T cos_phi, T sin_phi, T& out_tx, T& out_ty) const {
    const T a = tan_theta * cos_phi, b = tan_theta * sin_phi;
    const T ox = dx + a * e1x + b * e2x, oy = dy + b * e2y, oz = dz + a * e1z + b * e2z;
    out_tx = ox / oz;
    out_ty = oy / oz;
  }
};

template <typename T>
DETGRAD_HDI ScatteringFrame<T> scattering_frame(T tx, T ty) {
  const T nd = T(1) / std::sqrt(T(1) + tx * tx + ty * ty);
  const T n1 = T(1) / std::sqrt(T(1) + tx * tx);
  ScatteringFrame<T> f;
  f.dx = tx * nd;
  f.dy = ty * nd;
  f.dz = nd;
  f.e1x = n1;
  f.e1z = -tx * n1;
  // e2 = d x e1 with e1y = 0.
  f.e2x = f.dy * f.e1z;
  f.e2y = f.dz * f.e1x - f.dx * f.e1z;
  f.e2z = -f.dy * f.e1x;
  return f;
}

template <typename T>
DETGRAD_HDI void rotate_into_frame(T tx, T ty, T tan_theta, T cos_phi, T sin_phi, T& out_tx, T& out_ty) {
  scattering_frame(tx, ty).rotate(tan_theta, cos_phi, sin_phi, out_tx, out_ty);
}

// Bremsstrahlung of the electron in the rest of the target (thickness t in X0): the
// fraction y of its energy that it keeps follows the Bethe-Heitler distribution
//   f(y) = (-ln y)^(b t - 1) / Gamma(b t),  b = 4/3
// (Bethe & Heitler 1934; PDG "Passage of particles through matter", the energy-loss
// distribution of electrons in a thin layer), i.e. -ln y ~ Gamma(b t). Gamma(a) for a < 1 as
// Gamma(a + 1) U^(1/a), Gamma(a + 1) by Marsaglia & Tsang (2000) (capped at 64 trials).
template <typename T>
DETGRAD_HDI T sample_gamma_small_shape(T shape, EventRandom& rng) {
  const T a1 = shape + T(1);
  const T d = a1 - T(1) / T(3);
  const T c = T(1) / std::sqrt(T(9) * d);
  T g = d;
  for (int i = 0; i < 64; ++i) {
    const T x = rng.normal<T>();
    const T v0 = T(1) + c * x;
    if (v0 <= T(0)) continue;
    const T v = v0 * v0 * v0;
    const T u = rng.uniform<T>();
    if (std::log(u) < T(0.5) * x * x + d - d * v + d * std::log(v)) {
      g = d * v;
      break;
    }
  }
  return g * std::pow(rng.uniform<T>(), T(1) / shape);
}

template <typename T>
DETGRAD_HDI T bremsstrahlung_energy_fraction(T thickness_x0, EventRandom& rng) {
  if (!(thickness_x0 > T(0))) return T(1);
  const T shape = T(4) / T(3) * thickness_x0;
  return std::exp(-sample_gamma_small_shape(shape, rng));
}

}  // namespace detgrad::muone
