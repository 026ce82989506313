// Weighted straight-line fit: exact lines, closed-form covariances, adjoint against finite
// differences.
#include "detgrad/tomography/line_fit.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "detgrad/tracking/track_fit.hpp"
#include "tomography/finite_difference.hpp"

namespace detgrad::tomography {
namespace {

using testing::Vector;

constexpr int kFields = 5;  // x, y, z, sigma, weight per hit

std::vector<PanelHit<double>> unpack_hits(const Vector& in, int n) {
  std::vector<PanelHit<double>> h(n);
  for (int k = 0; k < n; ++k)
    h[k] = {in[kFields * k], in[kFields * k + 1], in[kFields * k + 2], in[kFields * k + 3], in[kFields * k + 4]};
  return h;
}

Vector pack_fit(const TrackFit<double>& f) {
  return {f.x0, f.y0, f.tx, f.ty, f.z_ref, f.cov_x00, f.cov_x01, f.cov_x11, f.cov_y00, f.cov_y01, f.cov_y11};
}
TrackFit<double> unpack_fit(const Vector& v) {
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]};
}

TEST(LineFit, CollinearHitsGiveTheLineAndTheClosedFormCovariance) {
  const double z[4] = {1.00, 0.95, 0.90, 0.85}, sigma = 1e-4, w = 0.9;
  const double x0 = 0.31, tx = -0.2, y0 = 0.62, ty = 0.15;
  for (double z_ref : {0.925, 0.8, 1.1}) {
    PanelHit<double> hits[4];
    for (int k = 0; k < 4; ++k) hits[k] = {x0 + tx * (z[k] - z_ref), y0 + ty * (z[k] - z_ref), z[k], sigma, w};
    TrackFit<double> f;
    ASSERT_TRUE(line_fit(hits, 4, z_ref, f));
    EXPECT_NEAR(f.x0, x0, 1e-14);
    EXPECT_NEAR(f.tx, tx, 1e-13);
    EXPECT_NEAR(f.y0, y0, 1e-14);
    EXPECT_NEAR(f.ty, ty, 1e-13);
    EXPECT_EQ(f.z_ref, z_ref);
    // Equal weights omega = w / sigma^2: var(t) = 1 / (omega Szz), Szz = sum (z - zbar)^2;
    // var(x0) = (1/n + (zbar - z_ref)^2 / Szz) / omega; cov = -(zbar - z_ref) / (omega Szz).
    const double omega = w / (sigma * sigma), zbar = 0.925 - z_ref;
    double szz = 0.0;
    for (double zk : z) szz += (zk - 0.925) * (zk - 0.925);
    const double c11 = 1.0 / (omega * szz), c00 = (0.25 + zbar * zbar / szz) / omega, c01 = -zbar / (omega * szz);
    EXPECT_NEAR(f.cov_x11 / c11, 1.0, 1e-12);
    EXPECT_NEAR(f.cov_x00 / c00, 1.0, 1e-12);
    EXPECT_NEAR(f.cov_x01, c01, 1e-12 * c11);
    EXPECT_EQ(f.cov_y00, f.cov_x00);
    EXPECT_EQ(f.cov_y01, f.cov_x01);
    EXPECT_EQ(f.cov_y11, f.cov_x11);
  }
}

TEST(LineFit, DegenerateInputIsReportedAndHasNoGradient) {
  PanelHit<double> hits[2] = {{0.1, 0.2, 0.9, 1e-4, 1.0}, {0.1, 0.2, 0.9, 1e-4, 1.0}};  // same z
  TrackFit<double> f;
  EXPECT_FALSE(line_fit(hits, 2, 0.9, f));
  EXPECT_EQ(f.x0, 0.0);
  PanelHit<double> d[2] = {};
  double dz = 0.0;
  line_fit_adjoint(hits, 2, 0.9, TrackFit<double>{1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}, d, dz);
  EXPECT_EQ(d[0].x, 0.0);
  EXPECT_EQ(dz, 0.0);
}

// The tomography fit is the general track fit (tracking/track_fit.hpp) with an x view and a
// y view per panel: the same numbers, bit for bit.
TEST(LineFit, IsTheGeneralTrackFitWithAnXAndAYViewPerPanel) {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> g(0.0, 1.0);
    const int n = 2 + int(u(rng) * (kMaxPanelsPerSide - 1));
    const double z_ref = 0.8 + 0.2 * u(rng);
    std::vector<PanelHit<double>> hits;
    std::vector<tracking::TrackMeasurement<double>> m;
    for (int k = 0; k < n; ++k) {
      const PanelHit<double> h{u(rng), u(rng), 0.7 + 0.3 * u(rng), 1e-4 * (0.2 + u(rng)), u(rng)};
      hits.push_back(h);
      m.push_back({h.z, 1.0, 0.0, h.x, h.sigma, h.weight});
      m.push_back({h.z, 0.0, 1.0, h.y, h.sigma, h.weight});
    }
    TrackFit<double> f;
    tracking::TrackFit<double> t;
    ASSERT_TRUE(line_fit(hits.data(), n, z_ref, f));
    ASSERT_TRUE(tracking::fit_track(m.data(), 2 * n, z_ref, t));
    EXPECT_EQ(f.x0, t.x0);
    EXPECT_EQ(f.tx, t.tx);
    EXPECT_EQ(f.y0, t.y0);
    EXPECT_EQ(f.ty, t.ty);
    EXPECT_EQ(f.z_ref, t.z_ref);
    EXPECT_EQ(f.cov_x00, t.covariance(tracking::kX0, tracking::kX0));
    EXPECT_EQ(f.cov_x01, t.covariance(tracking::kX0, tracking::kTx));
    EXPECT_EQ(f.cov_x11, t.covariance(tracking::kTx, tracking::kTx));
    EXPECT_EQ(f.cov_y00, t.covariance(tracking::kY0, tracking::kY0));
    EXPECT_EQ(f.cov_y01, t.covariance(tracking::kY0, tracking::kTy));
    EXPECT_EQ(f.cov_y11, t.covariance(tracking::kTy, tracking::kTy));
  }
}

TEST(LineFit, AdjointMatchesFiniteDifferences) {
  testing::MaxError worst("line_fit");
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> g(0.0, 1.0);
    const int n = 2 + int(u(rng) * (kMaxPanelsPerSide - 1));
    const double x0 = u(rng), y0 = u(rng), tx = 0.5 * g(rng), ty = 0.5 * g(rng);
    Vector x;
    Vector floor;
    for (int k = 0; k < n; ++k) {
      const double z = 0.8 + 0.05 * k + 0.01 * u(rng), sigma = 1e-4 * (0.5 + u(rng));
      x.insert(x.end(), {x0 + tx * (z - 0.9) + sigma * g(rng), y0 + ty * (z - 0.9) + sigma * g(rng), z, sigma,
                         0.2 + 0.8 * u(rng)});
      floor.insert(floor.end(), {1e-2, 1e-2, 1e-2, 1e-5, 1e-2});
    }
    x.push_back(0.85 + 0.1 * u(rng));  // z_ref
    floor.push_back(1e-2);
    const auto forward = [&](const Vector& in) {
      TrackFit<double> f;
      line_fit(unpack_hits(in, n).data(), n, in.back(), f);
      return pack_fit(f);
    };
    const auto adjoint = [&](const Vector& in, const Vector& d_out) {
      std::vector<PanelHit<double>> d(n, PanelHit<double>{0, 0, 0, 0, 0});
      double d_zref = 0.0;
      line_fit_adjoint(unpack_hits(in, n).data(), n, in.back(), unpack_fit(d_out), d.data(), d_zref);
      Vector out;
      for (const auto& h : d) out.insert(out.end(), {h.x, h.y, h.z, h.sigma, h.weight});
      out.push_back(d_zref);
      return out;
    };
    const auto r = testing::check_adjoint(forward, adjoint, x, testing::random_direction(x, floor, rng),
                                          testing::scaled_cotangent(forward(x), rng));
    worst.add(r);
    EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " adjoint " << r.adjoint << " fd " << r.fd;
  }
}

}  // namespace
}  // namespace detgrad::tomography
