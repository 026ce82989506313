#include "detgrad/swgo/unit_response.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

ShowerImage<double> image(Primary p, double E, double area = kTankArea_m2) {
  return make_shower_image(test::swgo_tables(), p, E, 0.45, 2.0, 12.0, -7.0, area);
}

TEST(UnitResponse, ExpectationIsAreaDensityCosineAndBackground) {
  const auto s = image(Primary::proton, 1.3);
  const double xd = 60.0, yd = 25.0;
  const auto e = unit_expectation(s, xd, yd);
  const auto place = unit_place(s.axis, xd, yd);
  for (int k = 0; k < 2; ++k) {
    const double rho = ldf_density(Species(k), ldf_params(test::swgo_tables(), Primary::proton, Species(k), 1.3, 0.45), place.R);
    EXPECT_NEAR(e.signal[k], kTankArea_m2 * std::cos(0.45) * rho, 1e-12 * e.signal[k]);
    EXPECT_NEAR(e.lambda[k], e.signal[k] + background_count(Species(k), kTankArea_m2), 1e-15 * e.lambda[k]);
  }
  EXPECT_DOUBLE_EQ(e.time_ns, place.t / kLightSpeed_m_per_ns);
}

TEST(UnitResponse, AdjointMatchesFiniteDifferences) {
  for (Primary p : {Primary::gamma, Primary::proton}) {
    const auto s = image(p, 0.4);
    for (const auto& u : {std::pair{40.0, -30.0}, std::pair{-150.0, 90.0}, std::pair{300.0, 10.0}}) {
      const double w[2] = {0.8, -2.5}, wt = 0.03;
      const auto f = [&](double x, double y) {
        const auto e = unit_expectation(s, x, y);
        return w[0] * e.lambda[0] + w[1] * e.lambda[1] + wt * e.time_ns;
      };
      const auto e = unit_expectation(s, u.first, u.second);
      double dx = 0, dy = 0;
      unit_expectation_adjoint(s, u.first, u.second, e, w, wt, dx, dy);
      const double h = 1e-4;
      const double fx = (f(u.first + h, u.second) - f(u.first - h, u.second)) / (2 * h);
      const double fy = (f(u.first, u.second + h) - f(u.first, u.second - h)) / (2 * h);
      EXPECT_NEAR(dx, fx, 1e-6 * (std::fabs(fx) + std::fabs(fy)) + 1e-12);
      EXPECT_NEAR(dy, fy, 1e-6 * (std::fabs(fx) + std::fabs(fy)) + 1e-12);
    }
  }
}

TEST(UnitResponse, RecordedCountsAndTimesFollowTheExpectation) {
  const int tanks = kTanksPerMacroUnit;
  const auto s = image(Primary::proton, 2.0, kMacroUnitArea_m2);
  const auto e = unit_expectation(s, 150.0, -60.0);
  const int n = 20000;
  double count[2] = {0, 0}, hit = 0, tmean = 0, t2 = 0, pull2 = 0;
  int timed = 0;
  for (int i = 0; i < n; ++i) {
    EventRandom rng(4, 0, RandomStream::detector, std::uint64_t(i));
    const auto r = record_unit(e, s, tanks, rng);
    count[0] += r.count[0];
    count[1] += r.count[1];
    hit += r.tanks_hit;
    if (r.count[1] > 0) {
      tmean += r.time_ns[1];
      t2 += (r.time_ns[1] - e.time_ns) * (r.time_ns[1] - e.time_ns);
      pull2 += std::pow((r.time_ns[1] - e.time_ns) / r.time_sigma[1], 2);
      ++timed;
    }
  }
  for (int k = 0; k < 2; ++k) EXPECT_NEAR(count[k] / n, e.lambda[k], 5 * std::sqrt(e.lambda[k] / n)) << k;
  // Expected tanks hit: n_t (1 - exp(-lambda / n_t)) with lambda of all species.
  const double lambda = e.lambda[0] + e.lambda[1];
  EXPECT_NEAR(hit / n, tanks * (1 - std::exp(-lambda / tanks)), 0.05);
  ASSERT_GT(timed, 1000);
  EXPECT_NEAR(tmean / timed, e.time_ns, 5 * std::sqrt(t2 / timed / timed));
  // The reported spread is the spread of the reported time.
  EXPECT_NEAR(pull2 / timed, 1.0, 0.1);
}

}  // namespace
}  // namespace detgrad::swgo
