// General straight-line track fit from measurements of one projection each: exact lines
// through stereo views, the covariance as the inverse of the normal matrix, the chi2, the x
// and y case equal to the projection fits bit for bit, degenerate layouts, float, and the
// adjoint (parameters, covariance, chi2) against finite differences.
#include "detgrad/tracking/track_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "detgrad/tracking/projection_fit.hpp"
#include "detgrad/tracking/view.hpp"
#include "tomography/finite_difference.hpp"

namespace detgrad::tracking {
namespace {

using tomography::testing::Vector;
namespace fd = tomography::testing;

constexpr double kPi = 3.14159265358979323846;
constexpr int kFields = 6;  // z, cos_a, sin_a, u, sigma, weight per measurement

// A station of four planes 2 cm apart with the views x, y, u (+45 deg) and v (-45 deg).
std::vector<View<double>> station_views() {
  return {x_view<double>(), y_view<double>(), view_from_angle(kPi / 4), view_from_angle(-kPi / 4)};
}

struct Line {
  double x0, tx, y0, ty;
};

double measured(const Line& l, double z, double z_ref, View<double> v) {
  return v.cos_a * (l.x0 + l.tx * (z - z_ref)) + v.sin_a * (l.y0 + l.ty * (z - z_ref));
}

// Stations at z = 0, 0.5, 1.0 m (four planes each); noise of one sigma per measurement
// where rng is given.
std::vector<TrackMeasurement<double>> stereo_measurements(const Line& l, double z_ref, int stations,
                                                          std::mt19937_64* rng) {
  std::vector<TrackMeasurement<double>> m;
  std::uniform_real_distribution<double> uni(0.0, 1.0);
  std::normal_distribution<double> g(0.0, 1.0);
  for (int s = 0; s < stations; ++s) {
    int plane = 0;
    for (const View<double>& v : station_views()) {
      const double z = 0.5 * s + 0.02 * plane++;
      const double sigma = rng ? 2e-5 * (0.5 + uni(*rng)) : 2e-5;
      const double w = rng ? 0.3 + 0.7 * uni(*rng) : 1.0;
      const double noise = rng ? sigma * g(*rng) : 0.0;
      m.push_back({z, v.cos_a, v.sin_a, measured(l, z, z_ref, v) + noise, sigma, w});
    }
  }
  return m;
}

// N = sum omega h h^T and b = sum omega u h, directly.
void normal_equations(const std::vector<TrackMeasurement<double>>& m, double z_ref, double n[4][4], double b[4]) {
  for (int i = 0; i < 4; ++i) {
    b[i] = 0.0;
    for (int j = 0; j < 4; ++j) n[i][j] = 0.0;
  }
  for (const auto& e : m) {
    const double omega = e.weight / (e.sigma * e.sigma), dz = e.z - z_ref;
    const double h[4] = {e.cos_a, e.cos_a * dz, e.sin_a, e.sin_a * dz};
    for (int i = 0; i < 4; ++i) {
      b[i] += omega * e.u * h[i];
      for (int j = 0; j < 4; ++j) n[i][j] += omega * h[i] * h[j];
    }
  }
}

TEST(TrackFit, CovarianceIndexPacksTheUpperTriangleRowByRow) {
  int expected = 0;
  for (int i = 0; i < 4; ++i)
    for (int j = i; j < 4; ++j) {
      EXPECT_EQ(covariance_index(i, j), expected);
      EXPECT_EQ(covariance_index(j, i), expected);
      ++expected;
    }
  EXPECT_EQ(expected, kTrackCovarianceSize);
}

TEST(TrackFit, StereoViewsGiveTheExactLine) {
  const Line l{0.012, 0.004, -0.007, -0.0025};
  for (double z_ref : {0.0, 0.51, 1.2}) {
    const auto m = stereo_measurements(l, z_ref, 3, nullptr);
    TrackFit<double> f;
    ASSERT_TRUE(fit_track(m.data(), int(m.size()), z_ref, f));
    EXPECT_NEAR(f.x0, l.x0, 1e-14);
    EXPECT_NEAR(f.tx, l.tx, 1e-14);
    EXPECT_NEAR(f.y0, l.y0, 1e-14);
    EXPECT_NEAR(f.ty, l.ty, 1e-14);
    EXPECT_EQ(f.z_ref, z_ref);
    EXPECT_NEAR(f.chi2, 0.0, 1e-12);
  }
  // Stereo views alone (u and v in three stations) fix the track as well.
  std::vector<TrackMeasurement<double>> uv;
  for (const auto& e : stereo_measurements(l, 0.5, 3, nullptr))
    if (e.cos_a != 0.0 && e.sin_a != 0.0) uv.push_back(e);
  ASSERT_EQ(uv.size(), 6u);
  TrackFit<double> f;
  ASSERT_TRUE(fit_track(uv.data(), int(uv.size()), 0.5, f));
  EXPECT_NEAR(f.x0, l.x0, 1e-14);
  EXPECT_NEAR(f.ty, l.ty, 1e-14);
}

TEST(TrackFit, CovarianceIsTheInverseOfTheNormalMatrixAndChi2TheWeightedResiduals) {
  for (unsigned seed = 1; seed <= 10; ++seed) {
    std::mt19937_64 rng(seed);
    const double z_ref = 0.3 * seed / 10.0;
    const auto m = stereo_measurements(Line{0.01, 0.002, 0.02, -0.001}, z_ref, 2 + seed % 2, &rng);
    TrackFit<double> f;
    ASSERT_TRUE(fit_track(m.data(), int(m.size()), z_ref, f));
    double n[4][4], b[4];
    normal_equations(m, z_ref, n, b);
    const double p[4] = {f.x0, f.tx, f.y0, f.ty};
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(f.parameter(i), p[i]);
      double np = 0.0, scale = 0.0;
      for (int j = 0; j < 4; ++j) {
        np += n[i][j] * p[j];
        scale += std::abs(n[i][j] * p[j]);
        double nc = 0.0;
        for (int l = 0; l < 4; ++l) nc += n[i][l] * f.covariance(l, j);
        EXPECT_NEAR(nc, i == j ? 1.0 : 0.0, 1e-9) << "seed " << seed << " (" << i << ", " << j << ")";
      }
      EXPECT_NEAR(np, b[i], 1e-12 * scale) << "seed " << seed;
    }
    double chi2 = 0.0;
    for (const auto& e : m) {
      const double r = e.u - measured(Line{f.x0, f.tx, f.y0, f.ty}, e.z, z_ref, View<double>{e.cos_a, e.sin_a});
      chi2 += e.weight * r * r / (e.sigma * e.sigma);
    }
    EXPECT_GT(chi2, 0.1);
    EXPECT_NEAR(f.chi2 / chi2, 1.0, 1e-9);
  }
}

// x and y views only: the cross block is exactly zero and the fit is bit for bit the two
// projection fits, whatever the planes, resolutions, weights and order; in double and float.
template <typename T>
void expect_x_and_y_views_are_the_projection_fits() {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    std::normal_distribution<double> g(0.0, 1.0);
    const int n = 4 + int(uni(rng) * 9);
    const T z_ref = T(uni(rng));
    std::vector<TrackMeasurement<T>> m;
    std::vector<ProjectionMeasurement<T>> mx, my;
    for (int k = 0; k < n; ++k) {
      // At least two x and two y views (the first four planes); the others either.
      const bool is_x = k % 2 == 0 && (k < 4 || uni(rng) < 0.5);
      const T z = T(uni(rng)), u = T(0.1 * g(rng)), sigma = T(1e-4 * (0.2 + uni(rng))), w = T(uni(rng));
      const View<T> v = is_x ? x_view<T>() : y_view<T>();
      m.push_back({z, v.cos_a, v.sin_a, u, sigma, w});
      (is_x ? mx : my).push_back({z, u, sigma, w});
    }
    TrackFit<T> f;
    ProjectionFit<T> fx, fy;
    ASSERT_TRUE(fit_projection(mx.data(), int(mx.size()), z_ref, fx));
    ASSERT_TRUE(fit_projection(my.data(), int(my.size()), z_ref, fy));
    ASSERT_TRUE(fit_track(m.data(), n, z_ref, f)) << "seed " << seed;
    EXPECT_EQ(f.x0, fx.u0);
    EXPECT_EQ(f.tx, fx.t);
    EXPECT_EQ(f.y0, fy.u0);
    EXPECT_EQ(f.ty, fy.t);
    EXPECT_EQ(f.covariance(kX0, kX0), fx.cov00);
    EXPECT_EQ(f.covariance(kX0, kTx), fx.cov01);
    EXPECT_EQ(f.covariance(kTx, kTx), fx.cov11);
    EXPECT_EQ(f.covariance(kY0, kY0), fy.cov00);
    EXPECT_EQ(f.covariance(kY0, kTy), fy.cov01);
    EXPECT_EQ(f.covariance(kTy, kTy), fy.cov11);
    for (int i : {kX0, kTx})
      for (int j : {kY0, kTy}) EXPECT_EQ(f.covariance(i, j), T(0));
  }
}

TEST(TrackFit, XAndYViewsAreExactlyTheTwoProjectionFits) { expect_x_and_y_views_are_the_projection_fits<double>(); }

TEST(TrackFit, XAndYViewsAreExactlyTheTwoProjectionFitsInFloat) {
  expect_x_and_y_views_are_the_projection_fits<float>();
}

TEST(TrackFit, LayoutsThatDoNotFixFourParametersHaveNoFitAndNoGradient) {
  const Line l{0.01, 0.002, 0.02, -0.001};
  // x views at three planes, a y view at one: ty is not measured.
  std::vector<TrackMeasurement<double>> m;
  for (double z : {0.0, 0.1, 0.2}) m.push_back({z, 1.0, 0.0, measured(l, z, 0.0, x_view<double>()), 1e-4, 1.0});
  m.push_back({0.1, 0.0, 1.0, measured(l, 0.1, 0.0, y_view<double>()), 1e-4, 1.0});
  // and the same with a second y view of zero weight.
  m.push_back({0.3, 0.0, 1.0, 0.5, 1e-4, 0.0});
  // and with all views parallel (u views only).
  const View<double> u = view_from_angle(kPi / 4);
  std::vector<TrackMeasurement<double>> parallel;
  for (double z : {0.0, 0.1, 0.2, 0.3}) parallel.push_back({z, u.cos_a, u.sin_a, measured(l, z, 0.0, u), 1e-4, 1.0});
  for (const auto* set : {&m, &parallel}) {
    TrackFit<double> f;
    EXPECT_FALSE(fit_track(set->data(), int(set->size()), 0.0, f));
    EXPECT_EQ(f.x0, 0.0);
    EXPECT_EQ(f.cov[0], 0.0);
    EXPECT_EQ(f.chi2, 0.0);
    std::vector<TrackMeasurement<double>> d(set->size(), TrackMeasurement<double>{0, 0, 0, 0, 0, 0});
    TrackFit<double> d_fit{1, 1, 1, 1, 0, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1};
    double d_zref = 0.0;
    fit_track_adjoint(set->data(), int(set->size()), 0.0, d_fit, d.data(), d_zref);
    for (const auto& e : d) {
      EXPECT_EQ(e.z, 0.0);
      EXPECT_EQ(e.u, 0.0);
      EXPECT_EQ(e.weight, 0.0);
    }
    EXPECT_EQ(d_zref, 0.0);
  }
}

TEST(TrackFit, FloatAgreesWithDouble) {
  std::mt19937_64 rng(7);
  const auto m = stereo_measurements(Line{0.01, 0.002, 0.02, -0.001}, 0.5, 3, &rng);
  std::vector<TrackMeasurement<float>> mf;
  for (const auto& e : m)
    mf.push_back({float(e.z), float(e.cos_a), float(e.sin_a), float(e.u), float(e.sigma), float(e.weight)});
  TrackFit<double> f;
  TrackFit<float> ff;
  ASSERT_TRUE(fit_track(m.data(), int(m.size()), 0.5, f));
  ASSERT_TRUE(fit_track(mf.data(), int(mf.size()), 0.5f, ff));
  // Within a small fraction of the fitted uncertainties.
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(ff.parameter(i), f.parameter(i), 0.01 * std::sqrt(f.covariance(i, i))) << i;
    EXPECT_NEAR(ff.covariance(i, i) / f.covariance(i, i), 1.0, 1e-3) << i;
  }
}

// Inputs: every field of every measurement and z_ref; outputs: parameters, z_ref,
// covariance, chi2.
std::vector<TrackMeasurement<double>> unpack(const Vector& in, int n) {
  std::vector<TrackMeasurement<double>> m(n);
  for (int k = 0; k < n; ++k) {
    const double* e = in.data() + kFields * k;
    m[k] = {e[0], e[1], e[2], e[3], e[4], e[5]};
  }
  return m;
}

Vector pack(const TrackFit<double>& f) {
  Vector v{f.x0, f.tx, f.y0, f.ty, f.z_ref};
  v.insert(v.end(), f.cov, f.cov + kTrackCovarianceSize);
  v.push_back(f.chi2);
  return v;
}

TrackFit<double> unpack_fit(const Vector& v) {
  TrackFit<double> f{v[0], v[1], v[2], v[3], v[4], {}, v[15]};
  for (int i = 0; i < kTrackCovarianceSize; ++i) f.cov[i] = v[5 + i];
  return f;
}

enum class Outputs { all, covariance, chi2 };

TEST(TrackFit, StereoAdjointMatchesFiniteDifferences) {
  fd::MaxError worst_all("fit_track (all outputs)"), worst_cov("fit_track (covariance)"),
      worst_chi2("fit_track (chi2)");
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    const double z_ref = 0.2 + 0.6 * uni(rng);
    const auto m = stereo_measurements(Line{0.01 * uni(rng), 0.003, -0.02 * uni(rng), 0.001}, z_ref,
                                       2 + int(seed % 2), &rng);
    const int n = int(m.size());
    Vector x, floor;
    for (const auto& e : m) {
      x.insert(x.end(), {e.z, e.cos_a, e.sin_a, e.u, e.sigma, e.weight});
      floor.insert(floor.end(), {1e-2, 1e-2, 1e-2, 1e-3, 1e-5, 1e-2});
    }
    x.push_back(z_ref);
    floor.push_back(1e-2);
    const auto forward = [&](const Vector& in) {
      TrackFit<double> f;
      fit_track(unpack(in, n).data(), n, in.back(), f);
      return pack(f);
    };
    const auto adjoint = [&](const Vector& in, const Vector& d_out) {
      std::vector<TrackMeasurement<double>> d(n, TrackMeasurement<double>{0, 0, 0, 0, 0, 0});
      double d_zref = 0.0;
      fit_track_adjoint(unpack(in, n).data(), n, in.back(), unpack_fit(d_out), d.data(), d_zref);
      Vector out;
      for (const auto& e : d) out.insert(out.end(), {e.z, e.cos_a, e.sin_a, e.u, e.sigma, e.weight});
      out.push_back(d_zref);
      return out;
    };
    for (Outputs which : {Outputs::all, Outputs::covariance, Outputs::chi2}) {
      Vector d_y = fd::scaled_cotangent(forward(x), rng);
      for (std::size_t i = 0; i < d_y.size(); ++i) {
        const bool cov = i >= 5 && i < 15, chi2 = i == 15;
        if ((which == Outputs::covariance && !cov) || (which == Outputs::chi2 && !chi2)) d_y[i] = 0.0;
      }
      const auto r = fd::check_adjoint(forward, adjoint, x, fd::random_direction(x, floor, rng), d_y);
      (which == Outputs::all ? worst_all : which == Outputs::covariance ? worst_cov : worst_chi2).add(r);
      EXPECT_LT(r.rel_error, 1e-6) << "seed " << seed << " outputs " << int(which) << " adjoint " << r.adjoint
                                   << " fd " << r.fd;
    }
  }
}

// The view's angle: through view_from_angle_adjoint, d(fit)/d(angle) of a stereo plane.
TEST(TrackFit, ViewAngleAdjointMatchesFiniteDifferences) {
  std::mt19937_64 rng(3);
  const double z_ref = 0.5;
  auto m = stereo_measurements(Line{0.01, 0.002, 0.02, -0.001}, z_ref, 3, &rng);
  const int k = 2;  // the first station's u plane
  const auto loss = [&](double angle) {
    auto mm = m;
    const View<double> v = view_from_angle(angle);
    mm[k].cos_a = v.cos_a;
    mm[k].sin_a = v.sin_a;
    TrackFit<double> f;
    fit_track(mm.data(), int(mm.size()), z_ref, f);
    return f.x0 + 3.0 * f.ty + 1e6 * f.covariance(kX0, kY0) + f.chi2;
  };
  const double angle = kPi / 4, h = 1e-6;
  const double fd_value = (loss(angle + h) - loss(angle - h)) / (2 * h);
  std::vector<TrackMeasurement<double>> d(m.size(), TrackMeasurement<double>{0, 0, 0, 0, 0, 0});
  TrackFit<double> d_fit{1.0, 0.0, 0.0, 3.0, 0.0, {}, 1.0};
  d_fit.cov[covariance_index(kX0, kY0)] = 1e6;
  double d_zref = 0.0, d_angle = 0.0;
  fit_track_adjoint(m.data(), int(m.size()), z_ref, d_fit, d.data(), d_zref);
  view_from_angle_adjoint(angle, View<double>{d[k].cos_a, d[k].sin_a}, d_angle);
  EXPECT_NEAR(d_angle, fd_value, 1e-6 * std::abs(fd_value));
  EXPECT_GT(std::abs(d_angle), 1e-6);
}

}  // namespace
}  // namespace detgrad::tracking
