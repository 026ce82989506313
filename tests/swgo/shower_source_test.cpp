#include "detgrad/swgo/shower_source.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "swgo/core_disc.hpp"

namespace detgrad::swgo {
namespace {

struct Layout {
  std::vector<double> x, y;
};

Layout small_layout() {
  Layout l;
  for (int i = -5; i <= 5; ++i)
    for (int j = -5; j <= 5; ++j) {
      l.x.push_back(100.0 + 15.0 * i);
      l.y.push_back(-40.0 + 15.0 * j);
    }
  return l;
}

TEST(CoreDisc, SpanIsMeanPlusTwoRmsPlusSlack) {
  const std::vector<double> x = {1.0, -1.0, 0.0, 0.0, 3.0, -3.0};
  const std::vector<double> y = {0.0, 0.0, 1.0, -1.0, 0.0, 0.0};
  const CoreDisc d = core_disc(x, y, 2000.0);
  EXPECT_DOUBLE_EQ(d.centre_x, 0.0);
  EXPECT_DOUBLE_EQ(d.centre_y, 0.0);
  // r = 1, 1, 1, 1, 3, 3: mean 5/3, standard deviation sqrt(11/3 - 25/9) = sqrt(8)/3.
  EXPECT_NEAR(d.mean_r, 5.0 / 3.0, 1e-14);
  EXPECT_NEAR(d.rms_r, std::sqrt(8.0) / 3.0, 1e-14);
  EXPECT_NEAR(d.span_radius, 5.0 / 3.0 + 2.0 * std::sqrt(8.0) / 3.0 + 2000.0, 1e-12);
  EXPECT_DOUBLE_EQ(d.max_r, 3.0);
}

TEST(ShowerSource, DistributionsOfTheReference) {
  const Layout l = small_layout();
  const auto src = make_shower_source(7, l.x, l.y);
  const CoreDisc d = core_disc(l.x, l.y);
  const int n = 40000;
  double gammas = 0, mean_e = 0, mean_sin = 0, mean_sin2 = 0, mean_phi = 0, mean_r2 = 0;
  std::uint64_t trials = 0;
  for (int i = 0; i < n; ++i) {
    const auto s = src(3, std::uint64_t(i));
    gammas += s.primary == Primary::gamma;
    ASSERT_GE(s.energy_PeV, 0.1);
    ASSERT_LE(s.energy_PeV, 10.0);
    ASSERT_LE(s.theta, kThetaMax_rad + 1e-12);
    mean_e += s.energy_PeV;
    mean_sin += std::sin(s.theta);
    mean_sin2 += std::sin(s.theta) * std::sin(s.theta);
    mean_phi += s.phi;
    const double r2 = (s.x0 - d.centre_x) * (s.x0 - d.centre_x) + (s.y0 - d.centre_y) * (s.y0 - d.centre_y);
    ASSERT_LE(r2, d.span_radius * d.span_radius);
    ASSERT_TRUE(src.keeps_core(s.x0, s.y0));
    mean_r2 += r2;
    trials += s.trials;
  }
  // Expectations and their standard errors: fraction 0.5 (sd 0.5), uniform E on [0.1, 10]
  // (mean 5.05, sd 9.9/sqrt 12), sin(theta) uniform on [0, sin 65deg] (mean s/2, E[x^2] s^2/3),
  // phi uniform on [0, 2pi), r^2 uniform on [0, R_span^2] within the kept region.
  const double k = 5.0 / std::sqrt(double(n));
  EXPECT_NEAR(gammas / n, 0.5, k * 0.5);
  EXPECT_NEAR(mean_e / n, 5.05, k * 9.9 / std::sqrt(12.0));
  const double sm = std::sin(kThetaMax_rad);
  EXPECT_NEAR(mean_sin / n, sm / 2, k * sm / std::sqrt(12.0));
  EXPECT_NEAR(mean_sin2 / n, sm * sm / 3, k * sm * sm * 0.3);
  EXPECT_NEAR(mean_phi / n, M_PI, k * 2 * M_PI / std::sqrt(12.0));
  // Every trial within R_slack - r_max of the centre is kept; the kept fraction is the area
  // of the disc within R_slack of some unit over the whole disc: between those two bounds.
  const double kept = double(n) / double(trials);
  const double lo = std::pow((2000.0 - d.max_r) / d.span_radius, 2), hi = std::pow((2000.0 + d.max_r) / d.span_radius, 2);
  EXPECT_GT(kept, lo - k);
  EXPECT_LT(kept, std::min(1.0, hi) + k);
  EXPECT_GT(mean_r2 / n, 0.0);
}

TEST(ShowerSource, PowerLawEnergies) {
  const Layout l = small_layout();
  auto src = make_shower_source(11, l.x, l.y);
  src.spectral_slope = 2.0;
  // E^-2 on [0.1, 10]: E[E] = ln(100) / (1/0.1 - 1/10) = 0.4652.
  const int n = 40000;
  double mean = 0;
  for (int i = 0; i < n; ++i) mean += src(0, std::uint64_t(i)).energy_PeV;
  EXPECT_NEAR(mean / n, std::log(100.0) / 9.9, 0.02);
  src.spectral_slope = 1.0;  // E^-1: E[E] = 9.9 / ln(100)
  mean = 0;
  for (int i = 0; i < n; ++i) mean += src(0, std::uint64_t(i)).energy_PeV;
  EXPECT_NEAR(mean / n, 9.9 / std::log(100.0), 0.05);
}

TEST(ShowerSource, CountsTrialsOfRejectedCores) {
  // A single unit far from the span's centre is impossible; use a tiny slack so that most
  // cores of the disc are rejected: the disc radius is R_span = 0 + 0 + slack around the one
  // unit, so every core is within slack: all kept. With two far-apart units the centre lies
  // between them and cores near it are rejected.
  const std::vector<double> x = {-500.0, 500.0}, y = {0.0, 0.0};
  auto src = make_shower_source(5, x, y, 100.0);
  // R_span = 500 + 0 + 100; kept area 2 pi 100^2 over pi 600^2 = 1/18.
  const int n = 4000;
  std::uint64_t trials = 0;
  for (int i = 0; i < n; ++i) {
    const auto s = src(0, std::uint64_t(i));
    ASSERT_TRUE(src.keeps_core(s.x0, s.y0));
    trials += s.trials;
  }
  const double kept = double(n) / double(trials);
  EXPECT_NEAR(kept, 1.0 / 18.0, 5.0 * std::sqrt(kept * (1 - kept) / double(trials)));
}

TEST(ShowerSource, SameCounterSameShowerInFloatAndDouble) {
  const Layout l = small_layout();
  const auto src = make_shower_source(9, l.x, l.y);
  ShowerSource<float> f;
  f.seed = src.seed;
  f.sin_theta_max = float(src.sin_theta_max);
  f.centre_x = float(src.centre_x);
  f.centre_y = float(src.centre_y);
  f.span_radius_m = float(src.span_radius_m);
  f.units_radius_m = float(src.units_radius_m);
  std::vector<float> fx(l.x.begin(), l.x.end()), fy(l.y.begin(), l.y.end());
  f.unit_x = fx.data();
  f.unit_y = fy.data();
  f.units = int(fx.size());
  for (std::uint64_t i = 0; i < 200; ++i) {
    const auto a = src(1, i), c = src(1, i);
    const auto b = f(1, i);
    EXPECT_EQ(a.primary, b.primary);
    EXPECT_EQ(a.trials, c.trials);
    EXPECT_EQ(a.x0, c.x0);
    EXPECT_NEAR(a.energy_PeV, b.energy_PeV, 1e-5 * a.energy_PeV);
    EXPECT_NEAR(a.theta, b.theta, 1e-5);
    EXPECT_NEAR(a.x0, b.x0, 2e-3);
  }
  EXPECT_NE(src(1, 0).energy_PeV, src(2, 0).energy_PeV);  // the step is part of the counter
}

}  // namespace
}  // namespace detgrad::swgo
