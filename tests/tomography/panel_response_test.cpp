// Panel response: acceptance limits, hit formula, and adjoints against finite differences.
#include "detgrad/tomography/panel_response.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tomography/finite_difference.hpp"

namespace detgrad::tomography {
namespace {

using testing::Vector;

PanelParams<double> unpack_panel(const Vector& x, int at) {
  return {x[at], x[at + 1], x[at + 2], x[at + 3], x[at + 4], x[at + 5], x[at + 6]};
}
void pack_panel(const PanelParams<double>& p, Vector& out) {
  out.insert(out.end(), {p.z, p.x, p.y, p.span_x, p.span_y, p.sigma, p.efficiency});
}

// Inputs (x_true, y_true, panel...) with the crossing near an edge (rms 0.4 ramp widths;
// the ramp spans +-0.5 of its width around the edge), where the acceptance has a gradient.
Vector random_inputs(std::mt19937_64& rng, double edge) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> n(0.0, 1.0);
  const PanelParams<double> p{0.8 + 0.4 * u(rng), 0.3 + 0.4 * u(rng), 0.3 + 0.4 * u(rng), 0.5 + u(rng),
                              0.5 + u(rng), 1e-4 * (0.5 + u(rng)), 0.5 + 0.5 * u(rng)};
  const double x = p.x + (u(rng) < 0.5 ? -0.5 : 0.5) * p.span_x + 0.4 * edge * n(rng);
  const double y = p.y + (u(rng) < 0.5 ? -0.5 : 0.5) * p.span_y + 0.4 * edge * n(rng);
  Vector in{x, y};
  pack_panel(p, in);
  return in;
}

const Vector kFloor{1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-5, 1e-2};

// Relative finite-difference step: the quintic ramp's third derivative jumps at its ends,
// where its slope is small, so the central difference's truncation error (~ step^2) is
// judged against a small slope; 1e-7 of ~1 m coordinates is 5e-6 of a 2 cm ramp.
constexpr double kStep = 1e-7;

TEST(PanelAcceptance, OneDeepInsideZeroFarOutside) {
  const PanelParams<double> p{1.0, 0.5, 0.5, 1.0, 1.0, 1e-4, 0.9};
  const double edge = 1e-3;
  EXPECT_EQ(panel_acceptance(0.5, 0.5, p, edge, EdgeMode::smooth), 1.0);
  EXPECT_EQ(panel_acceptance(0.5, 0.5, p, edge, EdgeMode::hard), 1.0);
  EXPECT_EQ(panel_acceptance(1.2, 0.5, p, edge, EdgeMode::smooth), 0.0);
  EXPECT_EQ(panel_acceptance(0.5, -0.2, p, edge, EdgeMode::smooth), 0.0);
  // The ramp is finite: exactly 0 half a ramp width outside, exactly 1 half a width inside.
  EXPECT_EQ(panel_acceptance(1.0 + 0.501 * edge, 0.5, p, edge, EdgeMode::smooth), 0.0);
  EXPECT_EQ(panel_acceptance(1.0 - 0.501 * edge, 0.5, p, edge, EdgeMode::smooth), 1.0);
  EXPECT_GT(panel_acceptance(1.0 + 0.49 * edge, 0.5, p, edge, EdgeMode::smooth), 0.0);
  EXPECT_EQ(panel_acceptance(1.2, 0.5, p, edge, EdgeMode::hard), 0.0);
  EXPECT_EQ(panel_acceptance(0.5, 1.0001, p, edge, EdgeMode::hard), 0.0);
  // On an edge (the others far away) the smooth acceptance is one half.
  EXPECT_NEAR(panel_acceptance(1.0, 0.5, p, edge, EdgeMode::smooth), 0.5, 1e-12);
  // Far outside in float: no overflow, no NaN.
  const PanelParams<float> pf{1.f, 0.5f, 0.5f, 1.f, 1.f, 1e-4f, 0.9f};
  EXPECT_EQ(panel_acceptance(1000.f, 0.5f, pf, 1e-3f, EdgeMode::smooth), 0.0f);
  EXPECT_EQ(panel_acceptance(0.5f, 0.5f, pf, 1e-3f, EdgeMode::smooth), 1.0f);
}

TEST(EdgeRamp, SymmetricSmoothAndItsDerivativeMatchesFiniteDifferences) {
  for (double u = -0.6; u <= 0.6; u += 0.01) {
    EXPECT_NEAR(edge_ramp(-u), 1.0 - edge_ramp(u), 1e-15) << u;
    const double h = 1e-6;
    EXPECT_NEAR(edge_ramp_derivative(u), (edge_ramp(u + h) - edge_ramp(u - h)) / (2 * h), 1e-8) << u;
  }
  // C2 at the ends: value, slope and curvature match the constant pieces.
  for (double end : {-0.5, 0.5}) {
    const double h = 1e-4, outside = end < 0 ? 0.0 : 1.0, inward = end < 0 ? h : -h;
    EXPECT_EQ(edge_ramp(end), outside);
    EXPECT_LT(std::abs(edge_ramp(end + inward) - outside), 1e-10);  // ~ 6 h^3 (cubic start)
    EXPECT_LT(edge_ramp_derivative(end + inward), 1e-6);             // ~ 30 h^2
  }
  EXPECT_EQ(edge_ramp(0.0), 0.5);
  EXPECT_EQ(edge_ramp_derivative(0.0), 30.0 / 16.0);
}

TEST(PanelHit, HitIsTruthPlusScaledNoiseAndWeightIsEfficiencyTimesAcceptance) {
  const PanelParams<double> p{0.95, 0.5, 0.5, 1.0, 1.0, 2e-4, 0.9};
  PanelHit<double> hit;
  panel_hit(0.3, 0.6, 1.5, -0.5, p, 1e-3, EdgeMode::smooth, hit);
  EXPECT_DOUBLE_EQ(hit.x, 0.3 + 2e-4 * 1.5);
  EXPECT_DOUBLE_EQ(hit.y, 0.6 - 2e-4 * 0.5);
  EXPECT_EQ(hit.z, 0.95);
  EXPECT_EQ(hit.sigma, 2e-4);
  EXPECT_DOUBLE_EQ(hit.weight, 0.9);
}

TEST(PanelAcceptance, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst("panel_acceptance");
  const double edge = 0.02;
  for (EdgeMode mode : {EdgeMode::smooth, EdgeMode::hard}) {
    for (unsigned seed = 1; seed <= 20; ++seed) {
      std::mt19937_64 rng(seed);
      const Vector x = random_inputs(rng, edge);
      const auto forward = [&](const Vector& in) {
        return Vector{panel_acceptance(in[0], in[1], unpack_panel(in, 2), edge, mode)};
      };
      const auto adjoint = [&](const Vector& in, const Vector& d_out) {
        double dx = 0, dy = 0;
        PanelParams<double> dp{};
        panel_acceptance_adjoint(in[0], in[1], unpack_panel(in, 2), edge, mode, d_out[0], dx, dy, dp);
        Vector d{dx, dy};
        pack_panel(dp, d);
        return d;
      };
      const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, kFloor, rng),
                                            testing::random_cotangent(1, rng), kStep);
      worst.add(r);
      EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
    }
  }
}

TEST(PanelHit, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst("panel_hit");
  const double edge = 0.02;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(100 + seed);
    std::normal_distribution<double> n(0.0, 1.0);
    const double nx = n(rng), ny = n(rng);
    const Vector x = random_inputs(rng, edge);
    const auto forward = [&](const Vector& in) {
      PanelHit<double> h;
      panel_hit(in[0], in[1], nx, ny, unpack_panel(in, 2), edge, EdgeMode::smooth, h);
      return Vector{h.x, h.y, h.z, h.sigma, h.weight};
    };
    const auto adjoint = [&](const Vector& in, const Vector& d_out) {
      double dx = 0, dy = 0;
      PanelParams<double> dp{};
      const PanelHit<double> dh{d_out[0], d_out[1], d_out[2], d_out[3], d_out[4]};
      panel_hit_adjoint(in[0], in[1], nx, ny, unpack_panel(in, 2), edge, EdgeMode::smooth, dh, dx, dy, dp);
      Vector d{dx, dy};
      pack_panel(dp, d);
      return d;
    };
    const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, kFloor, rng),
                                          testing::random_cotangent(5, rng), kStep);
    worst.add(r);
    EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
  }
}

TEST(PanelHit, AdjointAccumulates) {
  const PanelParams<double> p{0.95, 0.5, 0.5, 1.0, 1.0, 2e-4, 0.9};
  const PanelHit<double> dh{1.0, 2.0, 3.0, 4.0, 5.0};
  double dx = 10, dy = 20;
  PanelParams<double> dp{1, 1, 1, 1, 1, 1, 1};
  panel_hit_adjoint(0.3, 0.6, 1.5, -0.5, p, 1e-3, EdgeMode::hard, dh, dx, dy, dp);
  EXPECT_DOUBLE_EQ(dx, 11.0);
  EXPECT_DOUBLE_EQ(dy, 22.0);
  EXPECT_DOUBLE_EQ(dp.z, 4.0);
  EXPECT_DOUBLE_EQ(dp.sigma, 1.0 + 1.5 - 1.0 + 4.0);
  EXPECT_DOUBLE_EQ(dp.efficiency, 6.0);
}

}  // namespace
}  // namespace detgrad::tomography
