// Inversion of the Highland formula for 1/X0: round trips, the tangent continuation below
// the floor, and adjoints against finite differences.
#include "detgrad/tomography/x0_inversion.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "detgrad/core/units.hpp"
#include "tomography/finite_difference.hpp"

namespace detgrad::tomography {
namespace {

using testing::Vector;

// Highland (PDG 2022 eq. 34.15, z = 1), written out independently of the header:
//   theta0 = 13.6 MeV / (beta p) sqrt(L/X0) (1 + 0.038 ln(L / (X0 beta^2))).
double highland_theta0(double p, double beta, double path, double x0, bool with_log) {
  const double bracket = with_log ? 1.0 + 0.038 * std::log(path / (x0 * beta * beta)) : 1.0;
  return 13.6e-3 / (beta * p) * std::sqrt(path / x0) * bracket;
}

double beta_of(double p) { return p / std::sqrt(p * p + units::kMuonMass_GeV * units::kMuonMass_GeV); }

TEST(X0Inversion, RoundTripThroughHighland) {
  // X0 (m) of lead, iron, aluminium, beryllium, water, air (PDG, docs/references.md).
  for (double x0 : {0.005612, 0.01757, 0.08896, 0.3528, 0.3608, 303.9}) {
    for (double path : {0.1, 0.6, 1.3}) {
      for (double p : {0.5, 3.0, 5.0, 100.0}) {
        if (path / x0 < 1e-4) continue;  // below the inversion floor; tested separately
        const double beta = beta_of(p);
        for (HighlandForm form : {HighlandForm::without_log, HighlandForm::with_log}) {
          const double th = highland_theta0(p, beta, path, x0, form == HighlandForm::with_log);
          // Measured projections with a measurement variance that the estimator removes.
          const double var = 0.3 * th * th, measured = std::sqrt(th * th + var);
          const double inv = inverse_x0_from_scattering(measured, measured, var, p, beta, path, form);
          EXPECT_NEAR(inv * x0, 1.0, 1e-10) << "X0 " << x0 << " L " << path << " p " << p;
        }
      }
    }
  }
}

TEST(X0Inversion, FloatRoundTrip) {
  const double p = 5.0, beta = beta_of(p), path = 0.1, x0 = 0.005612;
  const float th = float(highland_theta0(p, beta, path, x0, true));
  const float inv = inverse_x0_from_scattering(th, th, 0.0f, float(p), float(beta), float(path), HighlandForm::with_log);
  EXPECT_NEAR(inv * x0, 1.0, 1e-5);
}

TEST(X0Inversion, TangentContinuationBelowTheFloor) {
  // theta0^2 scale: at p = 1, beta = 1, L = 1 the thickness G = theta0^2 / k^2.
  const double k = units::kHighlandScale_GeV, u_floor = kX0InversionFloorThickness;
  const double b = 1.0 + 0.038 * std::log(u_floor);
  const double g_floor = u_floor * b * b, slope = 1.0 / (b * (b + 0.076));
  const auto inv_of = [&](double G) {
    const double th = std::sqrt(std::abs(G)) * k;
    return G >= 0 ? inverse_x0_from_scattering(th, th, 0.0, 1.0, 1.0, 1.0, HighlandForm::with_log)
                  : inverse_x0_from_scattering(0.0, 0.0, th * th, 1.0, 1.0, 1.0, HighlandForm::with_log);
  };
  EXPECT_NEAR(inv_of(g_floor * (1 + 1e-9)) / u_floor, 1.0, 1e-8);  // continuous at the floor
  EXPECT_NEAR(inv_of(g_floor * (1 - 1e-9)) / u_floor, 1.0, 1e-8);
  EXPECT_NEAR(inv_of(0.0), u_floor - g_floor * slope, 1e-18);
  EXPECT_NEAR(inv_of(-1e-4), u_floor - (g_floor + 1e-4) * slope, 1e-16);
  EXPECT_LT(inv_of(-1e-4), 0.0);  // negative estimates stay linear, averages stay unbiased
}

TEST(X0Inversion, AdjointMatchesFiniteDifferences) {
  for (HighlandForm form : {HighlandForm::without_log, HighlandForm::with_log}) {
    testing::MaxError worst(form == HighlandForm::with_log ? "inverse_x0 (with log)" : "inverse_x0 (without log)");
    for (unsigned seed = 1; seed <= 40; ++seed) {
      std::mt19937_64 rng(seed);
      std::uniform_real_distribution<double> u(0.0, 1.0);
      std::normal_distribution<double> g(0.0, 1.0);
      const double p = 1.0 + 10.0 * u(rng), path = 0.1 + u(rng), beta = beta_of(p);
      // Mostly physical u in [1e-4, 30]; every fourth case below the floor (negative m2).
      const double th0 = 13.6e-3 / p * std::sqrt(std::exp(std::log(1e-4) + u(rng) * std::log(3e5)));
      const double var = (seed % 4 == 0 ? 3.0 : 0.2) * th0 * th0;
      const Vector x{th0 * g(rng), th0 * g(rng), var, p, path};
      const auto forward = [&](const Vector& in) {
        return Vector{inverse_x0_from_scattering(in[0], in[1], in[2], in[3], beta, in[4], form)};
      };
      const auto adjoint = [&](const Vector& in, const Vector& d) {
        Vector r(5, 0.0);
        inverse_x0_from_scattering_adjoint(in[0], in[1], in[2], in[3], beta, in[4], form, d[0], r[0], r[1], r[2], r[3], r[4]);
        return r;
      };
      const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, Vector(5, 1e-12), rng),
                                            testing::random_cotangent(1, rng));
      worst.add(r);
      EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
    }
  }
}

}  // namespace
}  // namespace detgrad::tomography
