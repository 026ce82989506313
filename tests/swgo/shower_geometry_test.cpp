#include "detgrad/swgo/shower_geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad::swgo {
namespace {

TEST(ShowerGeometry, VerticalShowerSeesHorizontalDistance) {
  const auto a = make_shower_axis(10.0, -5.0, 0.0, 1.1);
  const auto p = unit_place(a, 13.0, -1.0);
  EXPECT_DOUBLE_EQ(p.R, 5.0);
  EXPECT_DOUBLE_EQ(p.t, 0.0);
  EXPECT_FALSE(p.clamped);
}

TEST(ShowerGeometry, InclinedShowerShortensTheDistanceAlongItsAzimuth) {
  const double theta = 0.6, phi = 0.9, d = 80.0;
  const auto a = make_shower_axis(0.0, 0.0, theta, phi);
  // Along the azimuth: R = d cos(theta), t = d sin(theta); across it: R = d, t = 0.
  const auto along = unit_place(a, d * std::cos(phi), d * std::sin(phi));
  EXPECT_NEAR(along.R, d * std::cos(theta), 1e-12);
  EXPECT_NEAR(along.t, d * std::sin(theta), 1e-12);
  EXPECT_NEAR(plane_front_time(along), d * std::sin(theta) / 0.29979, 1e-10);
  const auto across = unit_place(a, -d * std::sin(phi), d * std::cos(phi));
  EXPECT_NEAR(across.R, d, 1e-12);
  EXPECT_NEAR(across.t, 0.0, 1e-12);
}

TEST(ShowerGeometry, DistanceIsClampedAtTwoMetres) {
  const auto a = make_shower_axis(0.0, 0.0, 0.3, 0.2);
  const auto p = unit_place(a, 0.5, 0.5);
  EXPECT_TRUE(p.clamped);
  EXPECT_DOUBLE_EQ(p.R, 2.0);
  double dx = 0.0, dy = 0.0;
  unit_place_adjoint(a, 0.5, 0.5, p, 1.0, 0.0, dx, dy);
  EXPECT_EQ(dx, 0.0);
  EXPECT_EQ(dy, 0.0);
}

TEST(ShowerGeometry, AdjointMatchesFiniteDifferences) {
  const auto a = make_shower_axis(-30.0, 12.0, 0.8, 2.3);
  for (const auto& u : {std::pair{40.0, -70.0}, std::pair{-31.0, 20.0}, std::pair{200.0, 150.0}}) {
    const double xd = u.first, yd = u.second;
    const auto p = unit_place(a, xd, yd);
    // A combination of R and T, so both cotangents are exercised.
    const double wR = 0.7, wT = -1.3;
    double dx = 0.0, dy = 0.0, d_t = 0.0;
    plane_front_time_adjoint(wT, d_t);
    unit_place_adjoint(a, xd, yd, p, wR, d_t, dx, dy);
    const auto f = [&](double x, double y) {
      const auto q = unit_place(a, x, y);
      return wR * q.R + wT * plane_front_time(q);
    };
    const double h = 1e-5;
    EXPECT_NEAR(dx, (f(xd + h, yd) - f(xd - h, yd)) / (2 * h), 1e-7);
    EXPECT_NEAR(dy, (f(xd, yd + h) - f(xd, yd - h)) / (2 * h), 1e-7);
  }
}

TEST(ShowerGeometry, BackgroundCountsOfTheWindow) {
  // 128 ns x rate x area: muons 1.826e-6, e/gamma 2.0e-7 per m^2 per ns.
  EXPECT_NEAR(background_count(Species::muon, kTankArea_m2), 128.0 * 1.826e-6 * 11.4608, 1e-7);
  EXPECT_NEAR(background_count(Species::electron, kTankArea_m2), 128.0 * 2.0e-7 * 11.4608, 1e-8);
  EXPECT_NEAR(kTankArea_m2, 11.46, 0.005);
  EXPECT_DOUBLE_EQ(kMacroUnitArea_m2, 19.0 * M_PI * 1.91 * 1.91);  // 217.76 m^2
  EXPECT_NEAR(kTankLeastDistance_m, 4.42, 1e-12);
}

}  // namespace
}  // namespace detgrad::swgo
