#pragma once
// The unit model written once over a scalar type S: a real (T) or a Jet<T, N>. Shower
// parameters a = (x0, y0, theta, phi, ln E) and the unit position (xd, yd) go in; the unit's
// expected counts per species and its plane-front time come out, as in unit_response.hpp:
//   u = cos(phi) dx + sin(phi) dy,  w = -sin(phi) dx + cos(phi) dy   (dx = xd - x0, ...)
//   R = sqrt(cos(theta)^2 u^2 + w^2) (= sqrt(dx^2 + dy^2 - t^2)), clamped at 2 m
//   lambda_s = A cos(theta) a_s exp(-k_s R^p2_s) + b_s,   T = sin(theta) u / c.
// On jets it yields every first and second derivative the fits and the adjoint need.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/jet.hpp"
#include "detgrad/swgo/ldf.hpp"
#include "detgrad/swgo/shower_geometry.hpp"

namespace detgrad::swgo {

enum ShowerParameter : int { kCoreX = 0, kCoreY = 1, kTheta = 2, kPhi = 3, kLogEnergy = 4 };
constexpr int kShowerParameters = 5;

// What every unit of a shower shares under one hypothesis: trigonometry and (a, k, p2) per species.
template <typename S>
struct ShowerTerms {
  S x0, y0, cos_theta, sin_theta, cos_phi, sin_phi;
  S amplitude[kSpecies], slope[kSpecies], power[kSpecies];
};

template <typename T, typename S>
DETGRAD_HD ShowerTerms<S> make_shower_terms(const LdfTables<T>& tables, Primary primary, const S (&a)[kShowerParameters]) {
  using std::cos;
  using std::exp;
  using std::log;
  using std::sin;
  ShowerTerms<S> s;
  s.x0 = a[kCoreX];
  s.y0 = a[kCoreY];
  s.cos_theta = cos(a[kTheta]);
  s.sin_theta = sin(a[kTheta]);
  s.cos_phi = cos(a[kPhi]);
  s.sin_phi = sin(a[kPhi]);
  // xe = 0.5 + 20 (ln E - ln 0.1) / ln 100; zenith x = 0.5 + 4 theta / theta_max.
  const S xe = (a[kLogEnergy] - T(-2.302585092994046)) * T(20.0 / 4.605170185988091) + T(0.5);
  const S log_xe = log(xe);
  const S zx = a[kTheta] * T(4.0 / kThetaMax_rad) + T(0.5);
  const S d1 = zx - T(1), d2 = zx - T(2), d3 = zx - T(3), d4 = zx - T(4);
  const S w[4] = {d2 * d3 * d4 * T(-1.0 / 6.0), d1 * d3 * d4 * T(0.5), d1 * d2 * d4 * T(-0.5), d1 * d2 * d3 * T(1.0 / 6.0)};
  for (int k = 0; k < kSpecies; ++k) {
    S p0(T(0)), p1(T(0)), p2(T(0));
    const bool product = primary == Primary::gamma && k == int(Species::electron);
    for (int bin = 0; bin < kZenithBins; ++bin) {
      const auto& q = tables.q[int(primary)][k * kZenithBins + bin];
      const S tail = exp(exp(log_xe * q[0][2]) * q[0][1]);
      const S b0 = product ? tail * q[0][0] : tail + T(std::exp(q[0][0]));
      const S b1 = (xe * q[1][2] + q[1][1]) * xe + q[1][0];
      const S b2 = (xe * q[2][2] + q[2][1]) * xe + q[2][0];
      p0 = p0 + w[bin] * b0;
      p1 = p1 + w[bin] * b1;
      p2 = p2 + w[bin] * b2;
    }
    if (k == int(Species::electron)) {
      s.amplitude[k] = p0;
      s.slope[k] = p1;
    } else {
      s.amplitude[k] = p0 * T(kMuonDensityScale);
      s.slope[k] = S(T(1));
    }
    s.power[k] = p2;
  }
  return s;
}

template <typename S>
struct UnitModel {
  S signal[kSpecies];
  S lambda[kSpecies];
  S time_ns;
};

template <typename T, typename S>
DETGRAD_HD UnitModel<S> unit_model(const ShowerTerms<S>& s, const S& xd, const S& yd, T unit_area_m2) {
  using std::exp;
  using std::log;
  using std::sqrt;
  const S dx = xd - s.x0, dy = yd - s.y0;
  const S u = s.cos_phi * dx + s.sin_phi * dy;
  const S w = s.cos_phi * dy - s.sin_phi * dx;
  const S cu = s.cos_theta * u;
  const S R2 = cu * cu + w * w;
  const bool clamped = value_of(R2) < T(kMinDistance_m * kMinDistance_m);
  const S log_R = clamped ? S(T(std::log(kMinDistance_m))) : log(R2) * T(0.5);
  UnitModel<S> m;
  const S scale = s.cos_theta * unit_area_m2;
  for (int k = 0; k < kSpecies; ++k) {
    m.signal[k] = scale * s.amplitude[k] * exp(-(s.slope[k] * exp(s.power[k] * log_R)));
    m.lambda[k] = m.signal[k] + background_count(Species(k), unit_area_m2);
  }
  m.time_ns = s.sin_theta * u * T(1.0 / kLightSpeed_m_per_ns);
  return m;
}

}  // namespace detgrad::swgo
