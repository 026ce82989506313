// Event generation and transport through the reference station (docs/references.md, MUonE):
// beam moments, the vertex uniform in the target, the event weight, the Highland widths of
// the target and the modules, exact outgoing angles, bremsstrahlung's mean energy loss.
#include "detgrad/muone/event_simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "muone/station_config.hpp"

namespace detgrad::muone {
namespace {

struct Moments {
  double n = 0, sum = 0, sum2 = 0;
  void add(double x) { n += 1; sum += x; sum2 += x * x; }
  double mean() const { return sum / n; }
  double rms() const { return std::sqrt(sum2 / n - mean() * mean()); }
};

// Gaussian: sd(mean) = sigma / sqrt(n), sd(rms) = sigma / sqrt(2 n); 5 sd.
void expect_gaussian(const Moments& m, double mean, double sigma, const char* what) {
  EXPECT_NEAR(m.mean(), mean, 5 * sigma / std::sqrt(m.n)) << what;
  EXPECT_NEAR(m.rms() / sigma, 1.0, 5 / std::sqrt(2 * m.n)) << what;
}

// Highland (PDG eq. 34.15), beta = 1, written out independently of the engine's code.
double highland(double p_GeV, double x_over_x0) {
  return 13.6e-3 / p_GeV * std::sqrt(x_over_x0) * (1 + 0.038 * std::log(x_over_x0));
}

TEST(MuoneEvents, HighlandReferenceNumbers) {
  // docs/references.md, MUonE: half of the 1.5 cm Be target at 160 GeV: 0.0106 mrad; one module
  // (x/X0 = 0.0068): 0.0057 mrad at 160 GeV and 0.091 mrad at 10 GeV.
  EXPECT_NEAR(highland(160, 0.0075 / 0.3528) * 1e3, 0.0106, 0.5e-4);
  EXPECT_NEAR(highland(160, 0.0068) * 1e3, 0.0057, 0.5e-4);
  EXPECT_NEAR(highland(10, 0.0068) * 1e3, 0.091, 0.5e-3);
  EXPECT_NEAR(highland_theta0(160.0, 1.0, 0.0075, 0.3528) / highland(160, 0.0075 / 0.3528), 1.0, 1e-12);
}

TEST(MuoneEvents, BeamMoments) {
  const StationConfig station = reference_station();
  const int n = 100000;
  Moments p, tx, ty, x, y;
  for (int i = 0; i < n; ++i) {
    EventRandom rng(11, 0, RandomStream::source, std::uint64_t(i));
    const TrackState<double> s = sample_beam_muon<double>(station.beam, rng);
    p.add(s.momentum);
    tx.add(std::atan(s.tx));
    ty.add(std::atan(s.ty));
    x.add(s.x);
    y.add(s.y);
  }
  expect_gaussian(p, 160.0, 3.75, "momentum");
  expect_gaussian(tx, 0.0, 0.27e-3, "divergence x");
  expect_gaussian(ty, 0.0, 0.20e-3, "divergence y");
  expect_gaussian(x, 0.0, station.beam.spot_sigma_x_m, "spot x");
  expect_gaussian(y, 0.0, station.beam.spot_sigma_y_m, "spot y");
}

// Angles and displacements of 160 GeV muons (and 10 GeV electrons) through the reference
// target and the six downstream modules, per projection, against Highland's widths
// (each material run its own Highland width, the runs added in quadrature).
void check_widths(double momentum, double mass, const char* label) {
  const StationConfig station = reference_station();
  const StationFixed fixed = build_fixed(station, 5);
  const StationDesign<double> design = build_design<double>(station);
  const double L = station.target.thickness_m, x0 = station.target.radiation_length_m;
  const int n = 200000;
  Moments target_angle, target_shift, total_angle;
  for (int i = 0; i < n; ++i) {
    EventRandom rng(5, 0, RandomStream::transport, std::uint64_t(i));
    TrackState<double> s{0.0, 0.0, 0.0, 0.0, 0.0, momentum, momentum / std::sqrt(momentum * momentum + mass * mass)};
    scatter_slab(s, L, x0, rng);
    target_angle.add(std::atan(s.tx));
    target_shift.add(s.y);
    for (int m = fixed.n_upstream; m < fixed.n_modules; ++m) scatter_module(s, fixed.module[m], design.module[m].z, rng);
    total_angle.add(std::atan(s.ty));
  }
  const double beta = momentum / std::sqrt(momentum * momentum + mass * mass);
  const double t_target = highland(momentum, L / x0) / beta;  // beta ~ 1 within 1e-6 here
  const double t_module = highland(momentum, 0.0068) / beta;
  const double t_total = std::sqrt(t_target * t_target + 6 * t_module * t_module);
  std::printf("%s: target %.5f mrad (Highland %.5f), target + 6 modules %.5f mrad (Highland %.5f)\n", label,
              target_angle.rms() * 1e3, t_target * 1e3, total_angle.rms() * 1e3, t_total * 1e3);
  expect_gaussian(target_angle, 0.0, t_target, "target angle");
  expect_gaussian(target_shift, 0.0, L * t_target / std::sqrt(3.0), "target displacement");
  expect_gaussian(total_angle, 0.0, t_total, "target and modules");
}

TEST(MuoneEvents, MultipleScatteringWidthsAgainstHighland) {
  check_widths(160.0, muon_mass<double>(), "muon 160 GeV");
  check_widths(10.0, electron_mass<double>(), "electron 10 GeV");
}

TEST(MuoneEvents, RotationGivesTheExactPolarAngle) {
  for (double tx : {0.0, 3e-4, -2e-3})
    for (double tan_theta : {1e-4, 4.8e-3, 3e-2})
      for (double phi : {0.0, 1.0, 2.5, -2.0}) {
        double ox, oy;
        rotate_into_frame(tx, -0.5 * tx, tan_theta, std::cos(phi), std::sin(phi), ox, oy);
        const Vec3<double> a = normalized(Vec3<double>{tx, -0.5 * tx, 1.0});
        const Vec3<double> b = normalized(Vec3<double>{ox, oy, 1.0});
        const double angle = std::atan2(norm(cross(a, b)), dot(a, b));
        EXPECT_NEAR(angle / std::atan(tan_theta), 1.0, 1e-10);
      }
}

TEST(MuoneEvents, VertexUniformInTheTargetAndWeight) {
  const StationConfig station = reference_station();
  const StationFixed fixed = build_fixed(station, 7);
  const StationDesign<double> design = build_design<double>(station);
  const double L = station.target.thickness_m, front = station.target.z_m - L / 2;
  const int n = 50000;
  Moments depth, weight;
  for (int i = 0; i < n; ++i) {
    SimulatedEvent<double> ev;
    simulate_event(fixed, design, 0, std::uint64_t(i), ev);
    ASSERT_GT(ev.vertex_z, front);
    ASSERT_LT(ev.vertex_z, front + L);
    depth.add((ev.vertex_z - front) / L);
    weight.add(ev.weight);
    ASSERT_GE(ev.interaction.q2, fixed.range.q2_lo_GeV2);
  }
  // Uniform on (0, 1): mean 1/2, rms 1/sqrt(12).
  EXPECT_NEAR(depth.mean(), 0.5, 5 / std::sqrt(12.0 * n));
  EXPECT_NEAR(depth.rms() * std::sqrt(12.0), 1.0, 0.01);
  // The weight is n_e L sigma at each muon's energy; at 160 GeV, E_e > 1 GeV.
  const ElasticKinematics<double> k = ElasticKinematics<double>::from_energy(160.0);
  const double nominal = fixed.target.electron_density_per_m3 * L *
                         integrated_cross_section(k, fixed.range.q2_lo_GeV2, fixed.range.q2_hi_GeV2) *
                         kInverseGeV2_barn * kBarn_m2;
  std::printf("events per beam muon (E_e > 1 GeV, 1.5 cm Be): %.4g (nominal %.4g)\n", weight.mean(), nominal);
  EXPECT_NEAR(weight.mean() / nominal, 1.0, 0.01);
}

TEST(MuoneEvents, SameEventEverywhere) {
  const StationConfig station = reference_station();
  const StationFixed fixed = build_fixed(station, 3);
  const StationDesign<double> dd = build_design<double>(station);
  const StationDesign<float> df = build_design<float>(station);
  for (std::uint64_t e : {0ull, 17ull, 123456789ull}) {
    SimulatedEvent<double> a, b;
    SimulatedEvent<float> f;
    simulate_event(fixed, dd, 2, e, a);
    simulate_event(fixed, dd, 2, e, b);
    simulate_event(fixed, df, 2, e, f);
    EXPECT_EQ(a.interaction.q2, b.interaction.q2);
    EXPECT_EQ(a.electron_hit[fixed.n_modules - 1].u_measured, b.electron_hit[fixed.n_modules - 1].u_measured);
    EXPECT_NEAR(f.interaction.q2 / a.interaction.q2, 1.0, 1e-4);
    EXPECT_NEAR(f.tan_electron / a.tan_electron, 1.0, 1e-4);
    for (int m = 0; m < fixed.n_modules; ++m) EXPECT_NEAR(f.muon_hit[m].u_measured, a.muon_hit[m].u_measured, 1e-6);
  }
}

TEST(MuoneEvents, BremsstrahlungMeanEnergyLoss) {
  // -ln y ~ Gamma(4t/3): E[y] = 2^(-4t/3), E[-ln y] = 4t/3.
  for (double t : {0.0425, 0.2}) {
    const int n = 200000;
    Moments y, log_y;
    for (int i = 0; i < n; ++i) {
      EventRandom rng(9, 0, RandomStream::task, std::uint64_t(i));
      const double f = bremsstrahlung_energy_fraction(t, rng);
      y.add(f);
      log_y.add(-std::log(f));
    }
    const double a = 4.0 / 3.0 * t;
    EXPECT_NEAR(y.mean(), std::pow(2.0, -a), 5 * y.rms() / std::sqrt(double(n))) << t;
    EXPECT_NEAR(log_y.mean(), a, 5 * std::sqrt(a) / std::sqrt(double(n))) << t;  // var = a
  }
}

}  // namespace
}  // namespace detgrad::muone
