// Beam source: momentum, angular and spot moments within statistics; a fixed beam is
// exactly fixed; the momentum stays positive; the transverse axes are orthonormal.
#include "detgrad/physics/beam_source.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>

namespace detgrad {
namespace {

static_assert(std::is_trivially_copyable<BeamSource>::value, "kernels take the source by value");

constexpr std::uint64_t kSeed = 777;
constexpr int kMuons = 200000;

struct Moments {
  double n = 0, sum = 0, sum2 = 0;
  void add(double x) { n += 1; sum += x; sum2 += x * x; }
  double mean() const { return sum / n; }
  double rms() const { return std::sqrt(sum2 / n - mean() * mean()); }
};

// Mean within 5 sigma of `mean`, rms within 5 sigma of `sigma` (Gaussian: sd(rms) = sigma / sqrt(2n)).
void expect_gaussian(const Moments& m, double mean, double sigma, const char* what) {
  EXPECT_NEAR(m.mean(), mean, 5 * sigma / std::sqrt(m.n)) << what;
  EXPECT_NEAR(m.rms(), sigma, 5 * sigma / std::sqrt(2 * m.n)) << what;
}

TEST(BeamSource, FixedBeamIsExactlyFixed) {
  BeamSource beam;
  beam.momentum_GeV = 160.0;
  beam.direction = {0.0, 0.6, -0.8};
  beam.centre_x_m = 0.01;
  beam.centre_y_m = -0.02;
  beam.charge = -1;
  for (int i = 0; i < 1000; ++i) {
    EventRandom rng(kSeed, 0, RandomStream::source, std::uint64_t(i));
    const BeamMuon<double> m = beam.sample<double>(rng);
    EXPECT_EQ(m.momentum_GeV, 160.0);
    EXPECT_EQ(m.direction.x, 0.0);
    EXPECT_EQ(m.direction.y, 0.6);
    EXPECT_EQ(m.direction.z, -0.8);
    EXPECT_EQ(m.x_m, 0.01);
    EXPECT_EQ(m.y_m, -0.02);
    EXPECT_EQ(m.charge, -1);
    EventRandom rng_f(kSeed, 0, RandomStream::source, std::uint64_t(i));
    const BeamMuon<float> f = beam.sample<float>(rng_f);
    EXPECT_EQ(f.momentum_GeV, 160.0f);
    EXPECT_EQ(f.x_m, 0.01f);
  }
}

TEST(BeamSource, DefaultsDownwardPositive) {
  const BeamSource beam;
  EventRandom rng(kSeed, 0, RandomStream::source, 0);
  const BeamMuon<double> m = beam.sample<double>(rng);
  EXPECT_EQ(m.direction.z, -1.0);
  EXPECT_EQ(m.charge, +1);
  EXPECT_EQ(m.momentum_GeV, 160.0);
}

TEST(BeamSource, MomentumAngleAndSpotMoments) {
  BeamSource beam;
  beam.momentum_GeV = 150.0;
  beam.momentum_sigma_GeV = 3.0;
  beam.direction = {0.0, 0.0, -1.0};
  beam.divergence_rad = 2e-3;
  beam.centre_x_m = 0.1;
  beam.centre_y_m = -0.05;
  beam.spot_sigma_m = 0.02;
  Moments p, ax, ay, x, y;
  double cross_xy = 0;
  for (int i = 0; i < kMuons; ++i) {
    EventRandom rng(kSeed, 0, RandomStream::source, std::uint64_t(i));
    const BeamMuon<double> m = beam.sample<double>(rng);
    ASSERT_NEAR(norm(m.direction), 1.0, 1e-14);
    p.add(m.momentum_GeV);
    // Projected angles for d = (0, 0, -1): atan(dx / |dz|), atan(dy / |dz|).
    ax.add(std::atan(m.direction.x / -m.direction.z));
    ay.add(std::atan(m.direction.y / -m.direction.z));
    x.add(m.x_m);
    y.add(m.y_m);
    cross_xy += (m.x_m - 0.1) * (m.y_m + 0.05);
  }
  expect_gaussian(p, 150.0, 3.0, "momentum");
  expect_gaussian(ax, 0.0, 2e-3, "angle x");
  expect_gaussian(ay, 0.0, 2e-3, "angle y");
  expect_gaussian(x, 0.1, 0.02, "spot x");
  expect_gaussian(y, -0.05, 0.02, "spot y");
  EXPECT_NEAR(cross_xy / kMuons / (0.02 * 0.02), 0.0, 5 / std::sqrt(double(kMuons)));
}

TEST(BeamSource, TiltedBeamSpreadsAboutItsAxis) {
  BeamSource beam;
  beam.direction = {0.3, -0.4, std::sqrt(0.75)};
  beam.divergence_rad = 5e-3;
  const Vec3<double> d = beam.direction;
  Vec3<double> u, v;
  beam_transverse_axes(d, u, v);
  EXPECT_NEAR(dot(u, d), 0.0, 1e-15);
  EXPECT_NEAR(dot(v, d), 0.0, 1e-15);
  EXPECT_NEAR(dot(u, v), 0.0, 1e-15);
  EXPECT_NEAR(norm(u), 1.0, 1e-15);
  EXPECT_NEAR(norm(v), 1.0, 1e-15);
  Moments au, av;
  for (int i = 0; i < kMuons; ++i) {
    EventRandom rng(kSeed + 1, 0, RandomStream::source, std::uint64_t(i));
    const BeamMuon<double> m = beam.sample<double>(rng);
    const double along = dot(m.direction, d);
    au.add(std::atan(dot(m.direction, u) / along));
    av.add(std::atan(dot(m.direction, v) / along));
  }
  expect_gaussian(au, 0.0, 5e-3, "angle u");
  expect_gaussian(av, 0.0, 5e-3, "angle v");
}

TEST(BeamSource, MomentumTruncatedPositive) {
  // N(1, 1) truncated to p > 0: mean = 1 + phi(1) / Phi(1) = 1.28760 (phi, Phi of the standard normal).
  BeamSource beam;
  beam.momentum_GeV = 1.0;
  beam.momentum_sigma_GeV = 1.0;
  Moments p;
  for (int i = 0; i < kMuons; ++i) {
    EventRandom rng(kSeed + 2, 0, RandomStream::source, std::uint64_t(i));
    const double m = beam.sample<double>(rng).momentum_GeV;
    ASSERT_GT(m, 0.0);
    p.add(m);
  }
  const double phi1 = std::exp(-0.5) / std::sqrt(2 * 3.14159265358979323846), big_phi1 = 0.5 * std::erfc(-1 / std::sqrt(2.0));
  EXPECT_NEAR(p.mean(), 1.0 + phi1 / big_phi1, 5 * 0.8 / std::sqrt(double(kMuons)));
}

TEST(BeamSource, FloatAgreesWithDouble) {
  BeamSource beam;
  beam.momentum_sigma_GeV = 2.0;
  beam.divergence_rad = 1e-3;
  beam.spot_sigma_m = 0.01;
  for (int i = 0; i < 1000; ++i) {
    EventRandom rd(kSeed, 0, RandomStream::source, std::uint64_t(i)), rf(kSeed, 0, RandomStream::source, std::uint64_t(i));
    const BeamMuon<double> d = beam.sample<double>(rd);
    const BeamMuon<float> f = beam.sample<float>(rf);
    EXPECT_NEAR(f.momentum_GeV, d.momentum_GeV, 1e-4);
    EXPECT_NEAR(f.direction.x, d.direction.x, 1e-6);
    EXPECT_NEAR(f.x_m, d.x_m, 1e-6);
  }
}

}  // namespace
}  // namespace detgrad
