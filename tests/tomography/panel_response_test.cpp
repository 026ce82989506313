// Panel response: acceptance limits, hit formula, and adjoints against finite differences.
#include "detgrad/tomography/panel_response.hpp"

#include <gtest/gtest.h>

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

// Inputs (x_true, y_true, panel...) with the crossing within a few edge lengths of an edge,
// where the acceptance gradient is not negligible.
Vector random_inputs(std::mt19937_64& rng, double edge) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> n(0.0, 1.0);
  const PanelParams<double> p{0.8 + 0.4 * u(rng), 0.3 + 0.4 * u(rng), 0.3 + 0.4 * u(rng), 0.5 + u(rng),
                              0.5 + u(rng), 1e-4 * (0.5 + u(rng)), 0.5 + 0.5 * u(rng)};
  const double x = p.x + (u(rng) < 0.5 ? -0.5 : 0.5) * p.span_x + 2.0 * edge * n(rng);
  const double y = p.y + (u(rng) < 0.5 ? -0.5 : 0.5) * p.span_y + 2.0 * edge * n(rng);
  Vector in{x, y};
  pack_panel(p, in);
  return in;
}

const Vector kFloor{1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-2, 1e-5, 1e-2};

TEST(PanelAcceptance, OneDeepInsideZeroFarOutside) {
  const PanelParams<double> p{1.0, 0.5, 0.5, 1.0, 1.0, 1e-4, 0.9};
  const double edge = 1e-3;
  EXPECT_EQ(panel_acceptance(0.5, 0.5, p, edge, EdgeMode::smooth), 1.0);
  EXPECT_EQ(panel_acceptance(0.5, 0.5, p, edge, EdgeMode::hard), 1.0);
  EXPECT_LT(panel_acceptance(1.2, 0.5, p, edge, EdgeMode::smooth), 1e-80);
  EXPECT_LT(panel_acceptance(0.5, -0.2, p, edge, EdgeMode::smooth), 1e-80);
  EXPECT_EQ(panel_acceptance(1.2, 0.5, p, edge, EdgeMode::hard), 0.0);
  EXPECT_EQ(panel_acceptance(0.5, 1.0001, p, edge, EdgeMode::hard), 0.0);
  // On an edge (the others far away) the smooth acceptance is one half.
  EXPECT_NEAR(panel_acceptance(1.0, 0.5, p, edge, EdgeMode::smooth), 0.5, 1e-12);
  // Far outside in float: no overflow, no NaN.
  const PanelParams<float> pf{1.f, 0.5f, 0.5f, 1.f, 1.f, 1e-4f, 0.9f};
  EXPECT_EQ(panel_acceptance(1000.f, 0.5f, pf, 1e-3f, EdgeMode::smooth), 0.0f);
  EXPECT_EQ(panel_acceptance(0.5f, 0.5f, pf, 1e-3f, EdgeMode::smooth), 1.0f);
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
  const double edge = 5e-3;
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
                                            testing::random_cotangent(1, rng));
      worst.add(r);
      EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
    }
  }
}

TEST(PanelHit, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst("panel_hit");
  const double edge = 5e-3;
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
                                          testing::random_cotangent(5, rng));
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
